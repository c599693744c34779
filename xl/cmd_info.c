/* cmd_info.c: `xl info [-n] [NAME]`, the host and hypervisor in xl's layout. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "inspect.h"

/*
 * Prints one "name   : value" line, or with `only` set just the value of a
 * line whose name starts with it (xl's filter: a prefix, then the text after
 * the first ": ").
 */
static void line(FILE *out, const char *only, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void line(FILE *out, const char *only, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (!only) {
        fputs(buf, out);
        return;
    }
    const char *colon = strchr(buf, ':');
    if (strncmp(buf, only, strlen(only)) == 0 && colon && colon[1] == ' ')
        fputs(colon + 2, out);
}

/* The domain's uname and the physical host, which xl prints first. */
static void print_host(FILE *out, const xk_host_info *h, const char *only)
{
    uint64_t per_mb = (1u << 20) / (h->pagesize ? h->pagesize : 4096);

    line(out, only, "host                   : %s\n", h->host);
    line(out, only, "release                : %s\n", h->release);
    line(out, only, "version                : %s\n", h->version);
    line(out, only, "machine                : %s\n", h->machine);

    line(out, only, "nr_cpus                : %d\n", (int)h->nr_cpus);
    line(out, only, "max_cpu_id             : %d\n", (int)h->max_cpu_id);
    line(out, only, "nr_nodes               : %d\n", (int)h->nr_nodes);
    line(out, only, "cores_per_socket       : %d\n", (int)h->cores_per_socket);
    line(out, only, "threads_per_core       : %d\n", (int)h->threads_per_core);
    line(out, only, "cpu_mhz                : %d.%03d\n",
         (int)(h->cpu_khz / 1000), (int)(h->cpu_khz % 1000));
    line(out, only, "hw_caps                : "
         "%08x:%08x:%08x:%08x:%08x:%08x:%08x:%08x\n",
         h->hw_cap[0], h->hw_cap[1], h->hw_cap[2], h->hw_cap[3],
         h->hw_cap[4], h->hw_cap[5], h->hw_cap[6], h->hw_cap[7]);
    line(out, only, "virt_caps              :%s%s%s%s%s%s%s%s%s%s%s\n",
         h->cap_pv ? " pv" : "",
         h->cap_hvm ? " hvm" : "",
         h->cap_hvm && h->cap_hvm_directio ? " hvm_directio" : "",
         h->cap_pv && h->cap_hvm_directio ? " pv_directio" : "",
         h->cap_hap ? " hap" : "",
         h->cap_shadow ? " shadow" : "",
         h->cap_iommu_hap_pt_share ? " iommu_hap_pt_share" : "",
         h->cap_vmtrace ? " vmtrace" : "",
         h->cap_vpmu ? " vpmu" : "",
         h->cap_gnttab_v1 ? " gnttab-v1" : "",
         h->cap_gnttab_v2 ? " gnttab-v2" : "");
    line(out, only, "total_memory           : %" PRIu64 "\n",
         h->total_pages / per_mb);
    line(out, only, "free_memory            : %" PRIu64 "\n",
         (h->free_pages - h->outstanding_pages) / per_mb);
    line(out, only, "sharing_freed_memory   : %" PRIu64 "\n",
         h->sharing_freed_pages / per_mb);
    line(out, only, "sharing_used_memory    : %" PRIu64 "\n",
         h->sharing_used_frames / per_mb);
    line(out, only, "outstanding_claims     : %" PRIu64 "\n",
         h->outstanding_pages / per_mb);
    line(out, only, "free_cpus              : %d\n", (int)h->free_cpus);
}

/* The hypervisor's part, which xl prints after the NUMA tables. */
static void print_xen(FILE *out, const xk_host_info *h, const char *only)
{
    line(out, only, "xen_major              : %d\n", (int)h->xen_major);
    line(out, only, "xen_minor              : %d\n", (int)h->xen_minor);
    line(out, only, "xen_extra              : %s\n", h->xen_extra);
    line(out, only, "xen_version            : %d.%d%s\n", (int)h->xen_major,
         (int)h->xen_minor, h->xen_extra);
    line(out, only, "xen_caps               : %s\n", h->xen_caps);
    line(out, only, "xen_scheduler          : %s\n",
         h->scheduler[0] ? h->scheduler : "(null)");
    line(out, only, "xen_pagesize           : %u\n", h->pagesize);
    line(out, only, "platform_params        : virt_start=0x%" PRIx64 "\n",
         h->virt_start);
    line(out, only, "xen_changeset          : %s\n", h->changeset);
    line(out, only, "xen_commandline        : %s\n", h->commandline);
    line(out, only, "cc_compiler            : %s\n", h->cc_compiler);
    line(out, only, "cc_compile_by          : %s\n", h->cc_compile_by);
    line(out, only, "cc_compile_domain      : %s\n", h->cc_compile_domain);
    line(out, only, "cc_compile_date        : %s\n", h->cc_compile_date);
    line(out, only, "build_id               : %s\n", h->build_id);
    line(out, only, "xend_config_format     : 4\n");
}

void xl_info_print(FILE *out, const xk_host_info *h, const char *only)
{
    print_host(out, h, only);
    print_xen(out, h, only);
}

int cmd_info(xk_ctx *ctx, const struct xl_globals *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "numa", no_argument, NULL, 'n' },
        XL_COMMON_LONG_OPTS
    };
    int opt, numa = 0;
    (void)g;

    XL_FOREACH_OPT(opt, "n", longopts, "info", 0) {
    case 'n': numa = 1; break;
    }
    if (numa) {
        fprintf(stderr, "xl info -n is not implemented by xenkit yet\n");
        return EXIT_FAILURE;
    }
    /* Only the first operand filters; xl ignores the rest. */
    const char *only = optind < argc ? argv[optind] : NULL;

    xk_host_info *h = malloc(sizeof(*h));
    if (!h) {
        perror("xl info");
        return EXIT_FAILURE;
    }
    if (xk_host_info_get(ctx, h)) {
        xl_print_lib_error(ctx);
        free(h);
        return EXIT_FAILURE;
    }
    xl_info_print(stdout, h, only);
    free(h);
    return EXIT_SUCCESS;
}

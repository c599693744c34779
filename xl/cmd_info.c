/* cmd_info.c: `xl info [-n] [NAME]`, the host and hypervisor in xl's layout. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

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
void xl_info_print_host(FILE *out, const xk_host_info *h, const char *only)
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
void xl_info_print_xen(FILE *out, const xk_host_info *h, const char *only)
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
    xl_info_print_host(out, h, only);
    xl_info_print_xen(out, h, only);
}

void xl_info_print_topology(FILE *out, const xk_cpu_topology *cpus,
                            size_t ncpus, const xk_pci_topology *devs,
                            size_t ndevs)
{
    size_t shown = 0;

    fputs("cpu_topology           :\n", out);
    fputs("cpu:    core    socket     node\n", out);
    for (size_t i = 0; i < ncpus; i++)
        if (cpus[i].core != XK_TOPO_INVALID)
            fprintf(out, "%3d:    %4d     %4d     %4d\n", (int)i,
                    (int)cpus[i].core, (int)cpus[i].socket,
                    (int)cpus[i].node);

    fputs("device topology        :\n", out);
    fputs("device           node\n", out);
    for (size_t i = 0; i < ndevs; i++) {
        if (devs[i].node == XK_TOPO_INVALID)
            continue;
        fprintf(out, "%04x:%02x:%02x.%01x      %d\n", devs[i].seg,
                devs[i].bus, (devs[i].devfn >> 3) & 0x1f, devs[i].devfn & 7,
                (int)devs[i].node);
        shown++;
    }
    if (shown == 0)
        fputs("No device topology data available\n", out);
}

void xl_info_print_numa(FILE *out, const xk_numa_node *nodes,
                        const uint32_t *dist, size_t n)
{
    fputs("numa_info              :\n", out);
    fputs("node:    memsize    memfree    distances\n", out);
    for (size_t i = 0; i < n; i++) {
        if (!nodes[i].valid)
            continue;
        fprintf(out, "%4d:    %6" PRIu64 "     %6" PRIu64 "      %d", (int)i,
                nodes[i].memsize >> 20, nodes[i].memfree >> 20,
                (int)dist[i * n]);
        for (size_t j = 1; j < n; j++)
            fprintf(out, ",%d", (int)dist[i * n + j]);
        fputc('\n', out);
    }
}

/* `xl info -n`: tables between the host and hypervisor parts. A table the
 * hypervisor refuses is reported and skipped, as xl does. */
static void print_numa_tables(xk_ctx *ctx)
{
    xk_cpu_topology *cpus;
    xk_pci_topology *devs;
    size_t ncpus, ndevs;
    if (xk_host_cpu_topology(ctx, &cpus, &ncpus)) {
        xl_print_lib_error(ctx);
        fprintf(stderr, "libxl_get_cpu_topology failed.\n");
    } else if (xk_host_pci_topology(ctx, &devs, &ndevs)) {
        /* xl has printed the CPU part by the time the PCI part fails. */
        xl_info_print_topology(stdout, cpus, ncpus, NULL, 0);
        xl_print_lib_error(ctx);
        fprintf(stderr, "libxl_get_pci_topology failed.\n");
        free(cpus);
    } else {
        xl_info_print_topology(stdout, cpus, ncpus, devs, ndevs);
        free(cpus);
        free(devs);
    }

    xk_numa_node *nodes;
    uint32_t *dist;
    size_t n;
    if (xk_host_numa_info(ctx, &nodes, &dist, &n)) {
        xl_print_lib_error(ctx);
        fprintf(stderr, "libxl_get_numainfo failed.\n");
        return;
    }
    xl_info_print_numa(stdout, nodes, dist, n);
    free(nodes);
    free(dist);
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
    /* Only the first operand filters, and not with -n; xl ignores the rest. */
    const char *only = !numa && optind < argc ? argv[optind] : NULL;

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
    xl_info_print_host(stdout, h, only);
    if (numa)
        print_numa_tables(ctx);
    xl_info_print_xen(stdout, h, only);
    free(h);
    return EXIT_SUCCESS;
}

int cmd_dmesg(xk_ctx *ctx, const struct xl_globals *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "clear", no_argument, NULL, 'c' },
        XL_COMMON_LONG_OPTS
    };
    int opt, clear = 0;
    (void)g;

    XL_FOREACH_OPT(opt, "c", longopts, "dmesg", 0) {
    case 'c': clear = 1; break;
    }
    char *text;
    size_t len;
    if (xk_host_console_read(ctx, clear, &text, &len)) {
        xl_print_lib_error(ctx);
        return EXIT_FAILURE;
    }
    /* xl prints the ring as C strings: nothing after a NUL byte. */
    fputs(text, stdout);
    free(text);
    return EXIT_SUCCESS;
}

/* `xl top` is xentop, as in xl; we pass on xentop's own exit status. */
int cmd_top(xk_ctx *ctx, const struct xl_globals *g, int argc, char **argv)
{
    int opt;
    (void)ctx; (void)g;

    XL_FOREACH_OPT(opt, "", NULL, "top", 0) {
    default: break;
    }
    fflush(stdout);
    int st = system("xentop");
    if (st == -1) {
        perror("xl top");
        return EXIT_FAILURE;
    }
    return WIFEXITED(st) ? WEXITSTATUS(st) : EXIT_FAILURE;
}

/* host.c: xk_host_info_get, what `xl info` shows of the host and hypervisor. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include <xenctrl.h>

#include "core/context.h"
#include "hv/hv.h"

/* Copies a string a hypercall filled, which Xen may leave unterminated. */
static void copy_field(char *dst, size_t size, const char *src, size_t srcsize)
{
    size_t n = strnlen(src, srcsize);
    if (n >= size)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}
#define COPY(dst, src) copy_field((dst), sizeof(dst), (src), sizeof(src))

static const char *scheduler_name(uint32_t id)
{
    switch (id) {
    case 4: return "sedf";
    case XEN_SCHEDULER_CREDIT: return "credit";
    case XEN_SCHEDULER_CREDIT2: return "credit2";
    case XEN_SCHEDULER_ARINC653: return "arinc653";
    case XEN_SCHEDULER_RTDS: return "rtds";
    case XEN_SCHEDULER_NULL: return "null";
    default: return "";
    }
}

static int get_physinfo(xk_ctx *ctx, xk_host_info *h)
{
    xc_physinfo_t pi;
    memset(&pi, 0, sizeof(pi));
    xk__hv_clear_log(ctx);
    if (xc_physinfo(ctx->xc, &pi) != 0)
        return xk__hv_fail(ctx, XK_EXEN, errno, "getting physinfo");
    h->nr_cpus = pi.nr_cpus;
    h->max_cpu_id = pi.max_cpu_id;
    h->nr_nodes = pi.nr_nodes;
    h->cores_per_socket = pi.cores_per_socket;
    h->threads_per_core = pi.threads_per_core;
    h->cpu_khz = pi.cpu_khz;
    memcpy(h->hw_cap, pi.hw_cap, sizeof(h->hw_cap));
    uint32_t c = pi.capabilities;
    h->cap_hvm = !!(c & XEN_SYSCTL_PHYSCAP_hvm);
    h->cap_pv = !!(c & XEN_SYSCTL_PHYSCAP_pv);
    h->cap_hvm_directio = !!(c & XEN_SYSCTL_PHYSCAP_directio);
    h->cap_hap = !!(c & XEN_SYSCTL_PHYSCAP_hap);
    h->cap_shadow = !!(c & XEN_SYSCTL_PHYSCAP_shadow);
    h->cap_iommu_hap_pt_share = !!(c & XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share);
    h->cap_vmtrace = !!(c & XEN_SYSCTL_PHYSCAP_vmtrace);
    h->cap_vpmu = !!(c & XEN_SYSCTL_PHYSCAP_vpmu);
    h->cap_gnttab_v1 = !!(c & XEN_SYSCTL_PHYSCAP_gnttab_v1);
    h->cap_gnttab_v2 = !!(c & XEN_SYSCTL_PHYSCAP_gnttab_v2);
    h->total_pages = pi.total_pages;
    h->free_pages = pi.free_pages;
    h->scrub_pages = pi.scrub_pages;
    h->outstanding_pages = pi.outstanding_pages;

    /* Page sharing may be compiled out of Xen: that reads as none shared. */
    long l = xc_sharing_freed_pages(ctx->xc);
    if (l < 0 && errno != ENOSYS)
        return xk__hv_fail(ctx, XK_EXEN, errno, "getting sharing freed pages");
    h->sharing_freed_pages = l < 0 ? 0 : (uint64_t)l;
    l = xc_sharing_used_frames(ctx->xc);
    if (l < 0 && errno != ENOSYS)
        return xk__hv_fail(ctx, XK_EXEN, errno, "getting sharing used frames");
    h->sharing_used_frames = l < 0 ? 0 : (uint64_t)l;
    return 0;
}

static int get_free_cpus(xk_ctx *ctx, xk_host_info *h)
{
    xk__hv_clear_log(ctx);
    int ncpus = xc_get_max_cpus(ctx->xc);
    if (ncpus <= 0)
        return xk__hv_fail(ctx, XK_EXEN, errno, "getting the number of CPUs");
    uint8_t *map = xc_cpupool_freeinfo(ctx->xc);
    if (!map)
        return xk__hv_fail(ctx, XK_EXEN, errno, "getting the free CPUs");
    uint32_t n = 0;
    for (int i = 0; i < (ncpus + 7) / 8; i++)
        n += __builtin_popcount(map[i]);
    free(map);
    h->free_cpus = n;
    return 0;
}

static void get_build_id(xk_ctx *ctx, xk_host_info *h)
{
    /* A build id is a hash (20 bytes for sha1); a page holds any Xen has. */
    size_t size = 4096;
    xen_build_id_t *b = calloc(1, size);
    h->build_id[0] = '\0';
    if (!b)
        return;
    b->len = size - sizeof(*b);
    int r = xc_version(ctx->xc, XENVER_build_id, b);
    for (int i = 0; i < r && (size_t)i * 2 + 2 < sizeof(h->build_id); i++)
        snprintf(h->build_id + i * 2, 3, "%02x", b->buf[i]);
    free(b);
}

static int get_version(xk_ctx *ctx, xk_host_info *h)
{
    union {
        xen_extraversion_t extra;
        xen_compile_info_t cc;
        xen_changeset_info_t changeset;
        xen_capabilities_info_t caps;
        xen_platform_parameters_t params;
        xen_commandline_t cmdline;
    } u;

    xk__hv_clear_log(ctx);
    int v = xc_version(ctx->xc, XENVER_version, NULL);
    if (v < 0)
        return xk__hv_fail(ctx, XK_EXEN, errno, "getting the Xen version");
    h->xen_major = (uint32_t)v >> 16;
    h->xen_minor = (uint32_t)v & 0xff;

    /* The remaining queries cannot fail on a Xen that answered the first;
     * a field that does not come back stays empty, as it does for xl. */
    memset(&u, 0, sizeof(u));
    xc_version(ctx->xc, XENVER_extraversion, &u.extra);
    COPY(h->xen_extra, u.extra);
    memset(&u, 0, sizeof(u));
    xc_version(ctx->xc, XENVER_compile_info, &u.cc);
    COPY(h->cc_compiler, u.cc.compiler);
    COPY(h->cc_compile_by, u.cc.compile_by);
    COPY(h->cc_compile_domain, u.cc.compile_domain);
    COPY(h->cc_compile_date, u.cc.compile_date);
    memset(&u, 0, sizeof(u));
    xc_version(ctx->xc, XENVER_capabilities, &u.caps);
    COPY(h->xen_caps, u.caps);
    memset(&u, 0, sizeof(u));
    xc_version(ctx->xc, XENVER_changeset, &u.changeset);
    COPY(h->changeset, u.changeset);
    memset(&u, 0, sizeof(u));
    xc_version(ctx->xc, XENVER_platform_parameters, &u.params);
    h->virt_start = u.params.virt_start;
    int ps = xc_version(ctx->xc, XENVER_pagesize, NULL);
    h->pagesize = ps > 0 ? (uint32_t)ps : 4096;
    memset(&u, 0, sizeof(u));
    xc_version(ctx->xc, XENVER_commandline, &u.cmdline);
    COPY(h->commandline, u.cmdline);
    get_build_id(ctx, h);

    uint32_t sched = 0;
    xk__hv_clear_log(ctx);
    if (xc_sched_id(ctx->xc, (int *)&sched) != 0)
        return xk__hv_fail(ctx, XK_EXEN, errno, "getting current scheduler id");
    h->sched_id = sched;
    snprintf(h->scheduler, sizeof(h->scheduler), "%s", scheduler_name(sched));
    xk__hv_clear_log(ctx);
    return 0;
}

int xk_host_info_get(xk_ctx *ctx, xk_host_info *info_r)
{
    if (!ctx || !info_r)
        return XK_EINVAL;
    xk__clear_error(ctx);
    memset(info_r, 0, sizeof(*info_r));

    struct utsname u;
    if (uname(&u) == 0) {
        COPY(info_r->host, u.nodename);
        COPY(info_r->release, u.release);
        COPY(info_r->version, u.version);
        COPY(info_r->machine, u.machine);
    }

    int rc = xk__hv_open(ctx);
    if (rc)
        return rc;
    if ((rc = get_physinfo(ctx, info_r)) ||
        (rc = get_free_cpus(ctx, info_r)) ||
        (rc = get_version(ctx, info_r)))
        return rc;
    return 0;
}

/*
 * lifecycle.c: creating a PV domain in the hypervisor with xl's limits, its
 * CPU/memory set-up before the build, event channels, pause, unpause and
 * destroy.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenctrl.h>

#include "core/context.h"
#include "hv/dom.h"
#include "hv/hv.h"

/* libxl adds this much (KiB) to a PV domain's maximum for the hypervisor's
 * own bookkeeping pages (LIBXL_MAXMEM_CONSTANT). */
#define XK__MAXMEM_SLACK_KB 1024

void xk__hv_create_defaults(struct xk__hv_create *c)
{
    c->max_evtchn_port = 1023;
    c->max_grant_frames = -1;
    c->max_maptrack_frames = -1;
    c->cpupool = 0;
}

/* The highest grant table version the hypervisor offers, as libxl picks it. */
static unsigned grant_version(xk_ctx *ctx)
{
    xc_physinfo_t pi;
    memset(&pi, 0, sizeof(pi));
    if (xc_physinfo(ctx->xc, &pi) != 0)
        return 1;
    if (pi.capabilities & XEN_SYSCTL_PHYSCAP_gnttab_v2)
        return 2;
    return 1;
}

int xk__hv_domain_create(xk_ctx *ctx, const struct xk__hv_create *c,
                         uint32_t *domid_r)
{
    int rc = xk__hv_open(ctx);
    if (rc)
        return rc;
    struct xen_domctl_createdomain cd;
    memset(&cd, 0, sizeof(cd));
    memcpy(cd.handle, c->handle, sizeof(cd.handle));
    cd.flags = 0;                      /* PV: no hvm, hap, iommu or vpmu */
    cd.max_vcpus = c->max_vcpus;
    cd.max_evtchn_port = c->max_evtchn_port;
    cd.max_grant_frames = c->max_grant_frames;
    cd.max_maptrack_frames = c->max_maptrack_frames;
    cd.grant_opts = XEN_DOMCTL_GRANT_version(grant_version(ctx));
    cd.cpupool_id = c->cpupool;
    cd.arch.emulation_flags = 0;       /* PV emulates nothing */

    uint32_t domid = 0;                /* 0: let the hypervisor pick */
    xk__hv_clear_log(ctx);
    if (xc_domain_create(ctx->xc, &domid, &cd) != 0)
        return xk__hv_fail(ctx, XK_EXEN, errno, "creating the domain");
    *domid_r = domid;
    return 0;
}

int xk__hv_domain_setup(xk_ctx *ctx, uint32_t domid,
                        const struct xk__hv_setup *s)
{
    int rc = xk__hv_open(ctx);
    if (rc)
        return rc;
    xk__hv_clear_log(ctx);
    if (xc_domain_max_vcpus(ctx->xc, domid, s->max_vcpus) != 0)
        return xk__hv_fail(ctx, XK_EXEN, errno, "setting the vcpu limit");

    if (s->naffinity) {
        int sz = xc_get_cpumap_size(ctx->xc);
        if (sz <= 0)
            return xk__hv_fail(ctx, XK_EXEN, errno, "sizing the CPU map");
        xc_cpumap_t map = xc_cpumap_alloc(ctx->xc);
        if (!map)
            return xk__error(ctx, XK_ENOMEM, "setting CPU affinity: %s",
                             strerror(ENOMEM));
        uint32_t n = s->naffinity == 1 ? s->max_vcpus
                   : (uint32_t)(s->naffinity < s->max_vcpus ? s->naffinity
                                                            : s->max_vcpus);
        for (uint32_t v = 0; v < n; v++) {
            const struct xk__cpumap *m = &s->affinity[s->naffinity == 1 ? 0 : v];
            /* An empty map means "any CPU". */
            memset(map, m->bytes ? 0 : 0xff, (size_t)sz);
            if (m->bytes)
                memcpy(map, m->bits,
                       m->bytes < (size_t)sz ? m->bytes : (size_t)sz);
            if (xc_vcpu_setaffinity(ctx->xc, domid, (int)v, map, NULL,
                                    XEN_VCPUAFFINITY_HARD) != 0) {
                int e = errno;
                free(map);
                char what[64];
                snprintf(what, sizeof(what), "setting CPU affinity of vcpu %u",
                         v);
                return xk__hv_fail(ctx, XK_EXEN, e, what);
            }
        }
        free(map);
    }

    /* As libxl: the hypervisor's limit is the target plus slack; the
     * guest's e820 (memmap limit) covers maxmem so it can balloon up. */
    if (xc_domain_setmaxmem(ctx->xc, domid,
                            s->target_kb + XK__MAXMEM_SLACK_KB) != 0)
        return xk__hv_fail(ctx, XK_EXEN, errno, "setting the memory limit");
    if (xc_domain_set_memmap_limit(ctx->xc, domid, s->max_kb) != 0)
        return xk__hv_fail(ctx, XK_EXEN, errno, "setting the memory map limit");
    if (xc_domain_set_tsc_info(ctx->xc, domid, 0, 0, 0, 0) != 0)
        return xk__hv_fail(ctx, XK_EXEN, errno, "setting the TSC mode");
    /* PV guests always get PAE; no invariant TSC, no nested virt. */
    int r = xc_cpuid_apply_policy(ctx->xc, domid, false, NULL, 0, true, false,
                                  false, NULL, NULL);
    if (r != 0)
        return xk__hv_fail(ctx, XK_EXEN, r < 0 ? -r : errno,
                           "applying the CPUID policy");
    return 0;
}

int xk__hv_evtchn_unbound(xk_ctx *ctx, uint32_t domid, uint32_t remote,
                          uint32_t *port_r)
{
    int rc = xk__hv_open(ctx);
    if (rc)
        return rc;
    xk__hv_clear_log(ctx);
    xc_evtchn_port_or_error_t p = xc_evtchn_alloc_unbound(ctx->xc, domid,
                                                          remote);
    if (p < 0)
        return xk__hv_fail(ctx, XK_EXEN, errno,
                           "allocating an event channel");
    *port_r = (uint32_t)p;
    return 0;
}

int xk__hv_domain_pause(xk_ctx *ctx, uint32_t domid)
{
    int rc = xk__hv_open(ctx);
    if (rc)
        return rc;
    xk__hv_clear_log(ctx);
    if (xc_domain_pause(ctx->xc, domid) != 0) {
        if (errno == ESRCH)
            return xk__error(ctx, XK_ENOENT, "no domain %u", domid);
        return xk__hv_fail(ctx, XK_EXEN, errno, "pausing the domain");
    }
    return 0;
}

int xk__hv_domain_unpause(xk_ctx *ctx, uint32_t domid)
{
    int rc = xk__hv_open(ctx);
    if (rc)
        return rc;
    xk__hv_clear_log(ctx);
    if (xc_domain_unpause(ctx->xc, domid) != 0) {
        if (errno == ESRCH)
            return xk__error(ctx, XK_ENOENT, "no domain %u", domid);
        return xk__hv_fail(ctx, XK_EXEN, errno, "unpausing the domain");
    }
    return 0;
}

int xk__hv_domain_destroy(xk_ctx *ctx, uint32_t domid)
{
    int rc = xk__hv_open(ctx);
    if (rc)
        return rc;
    xk__hv_clear_log(ctx);
    /* The hypervisor tears a domain down in steps and answers EAGAIN
     * ("ERESTART") while it works; calling again continues the work. */
    for (;;) {
        if (xc_domain_destroy(ctx->xc, domid) == 0)
            return 0;
        if (errno == ESRCH)
            return XK_ENOENT;
        if (errno != EAGAIN && errno != EINTR)
            return xk__hv_fail(ctx, XK_EXEN, errno, "destroying the domain");
    }
}

int xk__hv_domain_by_handle(xk_ctx *ctx, const uint8_t uuid[16],
                            uint32_t *domid_r)
{
    xc_domaininfo_t info[64];
    uint32_t next = 1;
    for (;;) {
        int n = xk__hv_domains(ctx, next, 64, info);
        if (n < 0)
            return n;
        if (n == 0)
            return XK_ENOENT;
        for (int i = 0; i < n; i++)
            if (memcmp(info[i].handle, uuid, 16) == 0) {
                *domid_r = info[i].domain;
                return 0;
            }
        next = info[n - 1].domain + 1u;
    }
}

/*
 * dom.h: the hypervisor side of a domain's life: creating it with the
 * limits xl uses, its CPU and memory set-up, event channels, the PV domain
 * builder (libxenguest's xc_dom_*), pausing and destroying. Each function
 * names its step in the error it records.
 */
#ifndef XK_HV_DOM_H
#define XK_HV_DOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xenkit.h"

/* What XEN_DOMCTL_createdomain gets for a new PV domain. */
struct xk__hv_create {
    uint8_t handle[16];          /* the domain's UUID */
    uint32_t max_vcpus;
    uint32_t max_evtchn_port;    /* xl's default: 1023 */
    int32_t max_grant_frames;    /* -1: the hypervisor's default */
    int32_t max_maptrack_frames; /* -1: the hypervisor's default */
    uint32_t cpupool;            /* 0: Pool-0 */
};

/* Fills *c with xl 4.17's defaults for a PV domain (everything but handle
 * and max_vcpus). */
void xk__hv_create_defaults(struct xk__hv_create *c);

/* XEN_DOMCTL_createdomain; *domid_r is the new, paused, empty domain. */
int xk__hv_domain_create(xk_ctx *ctx, const struct xk__hv_create *c,
                         uint32_t *domid_r);

/* A set of physical CPUs: bit i of bits[i / 8] is CPU i; bytes 0: all. */
struct xk__cpumap {
    const uint8_t *bits;
    size_t bytes;
};

/* The limits and settings libxl applies before building a PV domain. */
struct xk__hv_setup {
    uint32_t max_vcpus;
    uint64_t target_kb;          /* memory */
    uint64_t max_kb;             /* maxmem */
    /* Hard affinity: none (naffinity 0), one map for every vcpu
     * (naffinity 1), or one per vcpu (vcpus past the list keep any CPU). */
    const struct xk__cpumap *affinity;
    size_t naffinity;
};

/* max vcpus, affinity, max memory, memmap limit, TSC mode, CPUID policy. */
int xk__hv_domain_setup(xk_ctx *ctx, uint32_t domid,
                        const struct xk__hv_setup *s);

/* An unbound event channel of domid for remote to bind to. */
int xk__hv_evtchn_unbound(xk_ctx *ctx, uint32_t domid, uint32_t remote,
                          uint32_t *port_r);

/* What the PV builder needs and what it gives back. */
struct xk__pv_image {
    const char *kernel;          /* file name */
    const char *ramdisk;         /* NULL or "": none */
    const char *cmdline;         /* NULL: none */
    uint64_t target_kb;
    uint32_t max_vcpus;
    uint32_t store_port, store_domid;
    uint32_t console_port, console_domid;
};

struct xk__pv_built {
    unsigned long store_mfn;
    unsigned long console_mfn;
};

/*
 * Loads the kernel and ramdisk into the domain and sets up its start info,
 * page tables, grant table and the store and console pages.
 */
int xk__hv_build_pv(xk_ctx *ctx, uint32_t domid, const struct xk__pv_image *im,
                    struct xk__pv_built *out);

int xk__hv_domain_pause(xk_ctx *ctx, uint32_t domid);
int xk__hv_domain_unpause(xk_ctx *ctx, uint32_t domid);

/* XEN_DOMCTL_destroydomain. A domain that is already gone is XK_ENOENT
 * with no message. */
int xk__hv_domain_destroy(xk_ctx *ctx, uint32_t domid);

/*
 * The domain whose handle (UUID) is uuid, or XK_ENOENT (no message). Used to
 * find what a killed create left behind: the handle is set atomically with
 * the domain's birth, before anything else knows its id.
 */
int xk__hv_domain_by_handle(xk_ctx *ctx, const uint8_t uuid[16],
                            uint32_t *domid_r);

#endif

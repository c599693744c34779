/*
 * create.h: what lib/domain's create, layout, reaper and destroy files share:
 * the resolved description of a PV domain to build (a flat view of the
 * parsed config with every default applied) and the values the build hands
 * to the xenstore layout.
 */
#ifndef XK_DOMAIN_CREATE_H
#define XK_DOMAIN_CREATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xenkit.h"
#include "config/domain_config.h"
#include "device/device.h"
#include "hv/dom.h"
#include "store/batch.h"

/* Where an option came from, for messages "FILE:LINE:COL: kernel: ...",
 * the config layer's format. */
struct xk__origin {
    const char *file;      /* NULL: not from a file (a default) */
    unsigned line;         /* 0: unknown */
    unsigned column;       /* 0: unknown */
};

struct xk__domspec {
    const char *name;
    uint8_t uuid[16];
    bool uuid_random;      /* made up for this create: no node names it yet */
    const char *kernel;
    const char *ramdisk;   /* NULL: none */
    const char *cmdline;   /* NULL: none */
    uint64_t target_kb;    /* memory */
    uint64_t max_kb;       /* maxmem (>= target_kb) */
    uint32_t max_vcpus;    /* maxvcpus, or vcpus */
    uint32_t vcpus;        /* online at boot */
    const struct xk__cpumap *affinity; /* from `cpus` (see hv/dom.h) */
    size_t naffinity;
    uint32_t max_evtchn_port;
    int32_t max_grant_frames, max_maptrack_frames;

    /* Devices, attached after the domain's home exists, before it runs. */
    const struct xk_disk_spec *disks;
    size_t ndisks;
    struct xk_vif_spec *nics;  /* MACs and devids get filled in */
    size_t nnics;

    struct xk__origin at_name, at_kernel, at_ramdisk, at_memory, at_maxmem,
                      at_vcpus;
    /* Written with the home when not NULL (xk_domain_create_supervised). */
    const xk_lifecycle *lifecycle;
    /* When not NULL, called once with the new domain's id while xenstored
     * writes its home and the create only waits (from_config.c stores
     * the config then). A failed create removes what it stored. */
    void (*meanwhile)(xk_ctx *ctx, void *arg, uint32_t domid);
    void *meanwhile_arg;
};

/* create.c: builds, lays out and starts the domain s describes (flags are
 * xk_domain_create's). On failure nothing of it is left. */
int xk__domain_create_spec(xk_ctx *ctx, const struct xk__domspec *s,
                           unsigned flags, uint32_t *domid_r);

/* What the hypervisor-side steps produced, for the xenstore layout. */
struct xk__built {
    uint32_t domid;
    uint32_t store_port, store_domid;
    uint32_t console_port, console_domid;
    unsigned long store_mfn, console_mfn;
    uint64_t start_sec;     /* gettimeofday() once the domain exists */
    unsigned start_csec;    /* hundredths */
};

/* uuid.c */
#define XK__UUID_STRLEN 37
void xk__uuid_format(const uint8_t uuid[16], char out[XK__UUID_STRLEN]);
int xk__uuid_parse(const char *s, uint8_t uuid[16]);
/* A random (version 4) UUID from getrandom(2). */
int xk__uuid_generate(xk_ctx *ctx, uint8_t uuid[16]);

/* layout.c: every node of a new PV domain's xenstore home, in write order:
 * /local/domain/N, /vm/UUID, /libxl/N and the console backend. */
void xk__layout_domain(struct xk__store_batch *b, const struct xk__domspec *s,
                       const struct xk__built *bt);
/* The same, but for the console's backend directory unless with_backend:
 * its path is the console domain's, known only from the first exchange's
 * replies, and xk__layout_console_backend lays it out then. */
void xk__layout_domain_own(struct xk__store_batch *b,
                           const struct xk__domspec *s,
                           const struct xk__built *bt, bool with_backend);
void xk__layout_console_backend(struct xk__store_batch *b,
                                const struct xk__built *bt);
/* Sets, in a layout made as soon as the domain exists, the nodes whose
 * values come later: the event channels' ports and the ring pages'
 * frames (the build's), and the console backend's domain and path. */
void xk__layout_late(struct xk__store_batch *b, const struct xk__built *bt);
/* XK_EINVAL (naming the node) if a plan of such a layout writes one of
 * those nodes in its step 0, which goes out before they have their
 * values. */
struct xk__fan_plan;
int xk__layout_check_plan(xk_ctx *ctx, const struct xk__fan_plan *p,
                          const struct xk__built *bt);

/* names.c: the error of a name domid already has (XK_EEXIST), the name
 * cut short when too long to quote whole. */
int xk__name_taken(xk_ctx *ctx, const char *name, uint32_t domid);
/* XK_EEXIST (with a message) if a domain other than `except` already has
 * this name; reads inside transaction t so a racing creator of the same
 * name makes the commit conflict. */
int xk__name_check(xk_ctx *ctx, xk_store_txn t, const char *name,
                   uint32_t except);

/* pending.c: the record of a create in progress, so that what a killed
 * create leaves behind can be found and removed. */
/* Where the records live: /xenkit/creating/UUID = "PID STARTTIME". */
#define XK__PENDING_DIR "/xenkit/creating"
int xk__pending_begin(xk_ctx *ctx, const uint8_t uuid[16]);
/* The record's value for this process: "PID STARTTIME". */
void xk__pending_value(char *val, size_t size);
void xk__pending_end(struct xk__store_batch *b, const uint8_t uuid[16]);
int xk__pending_clear(xk_ctx *ctx, const uint8_t uuid[16]);
int xk__pending_reap(xk_ctx *ctx);

/* userdata.c: libxl's per-domain config file, for Debian's xl (best
 * effort: failures are ignored and leave the context's error alone).
 * nics: cfg's NICs as created (generated MACs filled in), or NULL. */
void xk__userdata_write(xk_ctx *ctx, const xk_domain_config *cfg,
                        const struct xk_vif_spec *nics, uint32_t domid);

/* destroy.c: everything of a domain goes, in the order that keeps the
 * guest from noticing half a teardown; tolerant of half-built domains. */
int xk__domain_teardown(xk_ctx *ctx, uint32_t domid);

#endif

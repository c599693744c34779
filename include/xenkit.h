/*
 * xenkit.h: the one public interface of libxenkit, a Xen toolstack library.
 *
 * Stability: everything declared here is kept source- and binary-compatible
 * within a major XENKIT_API_VERSION. New functions arrive with a
 * XENKIT_HAVE_* macro so callers can test for them at compile time.
 *
 * Conventions:
 *  - Functions return 0 on success or a negative XK_E* code. On failure the
 *    context keeps a message (xk_ctx_last_error) naming the step, and for
 *    configuration errors the file, line, column and option.
 *  - Out parameters end in _r. Memory returned through one is owned by the
 *    caller and freed with the function named beside it.
 *  - A context is not thread-safe: use one per thread.
 *  - The library never prints and never exits.
 */
#ifndef XENKIT_H
#define XENKIT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* 0xMMmmpp: major, minor, patch. */
#define XENKIT_API_VERSION 0x000100

/* ------------------------------------------------------------------ */
/* Errors                                                             */
/* ------------------------------------------------------------------ */

enum {
    XK_OK           = 0,
    XK_EINVAL       = -1,  /* bad argument from the caller */
    XK_ENOMEM       = -2,  /* out of memory */
    XK_ENOENT       = -3,  /* no such domain, file or node */
    XK_EEXIST       = -4,  /* already exists (e.g. a domain name) */
    XK_EXEN         = -5,  /* the hypervisor or a Xen library refused */
    XK_ESTORE       = -6,  /* xenstore failed */
    XK_ECONFIG      = -7,  /* the configuration is invalid */
    XK_EUNSUPPORTED = -8,  /* valid, but not supported by xenkit yet */
    XK_ETIMEDOUT    = -9,  /* gave up waiting */
    XK_EIO          = -10, /* an I/O error on a file or device */
    XK_EBUSY        = -11, /* the object is in use */
    XK_EPERM        = -12, /* not permitted (usually: not root in dom0) */
    XK_EGUEST       = -13, /* the guest did something unexpected */
};

/* A short static description of an XK_E* code; never NULL. */
const char *xk_strerror(int code);

/* ------------------------------------------------------------------ */
/* Context                                                            */
/* ------------------------------------------------------------------ */

typedef struct xk_ctx xk_ctx;

/*
 * Opens a context. It does not touch Xen: handles to the hypervisor and
 * xenstore are opened on first use, so configuration functions work on a
 * machine without Xen. flags must be 0.
 */
int xk_ctx_open(xk_ctx **ctx_r, unsigned flags);

/* Closes a context and everything it opened. NULL is allowed. */
void xk_ctx_close(xk_ctx *ctx);

/*
 * The message of the last failed call on this context, or "" if none.
 * Owned by the context; valid until the next call on it.
 */
const char *xk_ctx_last_error(const xk_ctx *ctx);

/* The XK_E* code of the last failed call, or 0. */
int xk_ctx_last_code(const xk_ctx *ctx);

/* XENKIT_API_VERSION of the library actually loaded. */
unsigned xk_api_version(void);

/* ------------------------------------------------------------------ */
/* Host                                                               */
/* ------------------------------------------------------------------ */

/* (host information: see the section added by the host layer) */

/* ------------------------------------------------------------------ */
/* Configuration                                                      */
/* ------------------------------------------------------------------ */

/* (xl.cfg parsing: see the section added by the config layer) */

/* ------------------------------------------------------------------ */
/* Domains                                                            */
/* ------------------------------------------------------------------ */

/* What the hypervisor says of one domain (xk_domain_list, xk_domain_info). */
typedef struct xk_dominfo {
    uint32_t domid;
    uint8_t uuid[16];
    char name[256];          /* from xenstore; "" if it has none */
    uint64_t current_kb;     /* memory now allocated to the domain */
    uint64_t max_kb;         /* its maximum */
    uint64_t cpu_time_ns;
    uint32_t vcpus_online;
    uint32_t max_vcpu_id;
    uint32_t ssidref;
    unsigned running:1, blocked:1, paused:1, shutdown:1, crashed:1,
             dying:1, hvm:1;
    unsigned shutdown_reason; /* XK_SHUTDOWN_*, valid when shutdown */
} xk_dominfo;

/* Why a domain shut down, as Xen's SHUTDOWN_* numbers. */
enum {
    XK_SHUTDOWN_POWEROFF = 0,
    XK_SHUTDOWN_REBOOT   = 1,
    XK_SHUTDOWN_SUSPEND  = 2,
    XK_SHUTDOWN_CRASH    = 3,
    XK_SHUTDOWN_WATCHDOG = 4,
    XK_SHUTDOWN_SOFT_RESET = 5,
};

/*
 * All domains, ordered by domid. *list_r is an array of *n_r entries, freed
 * with free().
 */
int xk_domain_list(xk_ctx *ctx, xk_dominfo **list_r, size_t *n_r);

/* One domain; XK_ENOENT if there is none with that id. */
int xk_domain_info(xk_ctx *ctx, uint32_t domid, xk_dominfo *info_r);

/*
 * Resolves a domain given as a name or a decimal id, as xl's commands accept
 * them. XK_ENOENT if no domain matches.
 */
int xk_domain_lookup(xk_ctx *ctx, const char *name_or_id, uint32_t *domid_r);

/* (create, destroy and control: see the section added by the domain layer) */

#ifdef __cplusplus
}
#endif

#endif /* XENKIT_H */

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

/* (domain lifecycle: see the section added by the domain layer) */

#ifdef __cplusplus
}
#endif

#endif /* XENKIT_H */

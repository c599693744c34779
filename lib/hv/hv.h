/*
 * hv.h: thin internal wrappers over libxenctrl. The xc handle is opened
 * lazily into ctx->xc with a logger that keeps libxc's complaints on the
 * context instead of printing them; failures become XK_E* codes with a
 * message naming the step and what libxc said.
 */
#ifndef XK_HV_HV_H
#define XK_HV_HV_H

#include <stddef.h>
#include <stdint.h>

#include <xenctrl.h>

#include "xenkit.h"

/* Opens ctx->xc (and its logger) on first use. */
int xk__hv_open(xk_ctx *ctx);

/*
 * Records a failed libxc call: code, "WHAT: detail" where detail is what
 * libxc last logged or else strerror(errnoval). EPERM/EACCES become
 * XK_EPERM and ENOMEM XK_ENOMEM. Returns the code.
 */
int xk__hv_fail(xk_ctx *ctx, int code, int errnoval, const char *what);

/* Forgets what libxc logged, before a call whose failure we will report. */
void xk__hv_clear_log(xk_ctx *ctx);

/* The last error libxc logged on this context, "" if none. */
const char *xk__hv_logged(const xk_ctx *ctx);

/* The logger to hand to other Xen libraries opened on this context. */
struct xentoollog_logger *xk__hv_logger(xk_ctx *ctx);

/*
 * Up to max domains with ids >= first, in id order. Returns how many
 * (0 when none), or a negative XK_E* code.
 */
int xk__hv_domains(xk_ctx *ctx, uint32_t first, unsigned max,
                   xc_domaininfo_t *info);
/* Every domain, in id order: *info_r (free() it) and *n_r. */
int xk__hv_domains_all(xk_ctx *ctx, xc_domaininfo_t **info_r, size_t *n_r);

#endif

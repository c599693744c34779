/*
 * context.h: the inside of an xk_ctx, and how library code records errors.
 * Every layer hangs its state off the context; the library has no globals.
 */
#ifndef XK_CORE_CONTEXT_H
#define XK_CORE_CONTEXT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "xenkit.h"

struct xc_interface_core;
struct xs_handle;
struct xentoollog_logger;
struct xk__watch_conn;

#define XK_ERRMSG_MAX 1024

struct xk_ctx {
    int last_code;
    char last_error[XK_ERRMSG_MAX];

    /* Opened lazily by lib/hv and lib/store; NULL until first use. */
    struct xc_interface_core *xc;
    struct xs_handle *xs;
    struct xentoollog_logger *xtl;
    /* Watches' own xenstored connection (lib/store/watch.c). */
    struct xk__watch_conn *watch;

    /* XENKIT_TIMING (timing.c). */
    bool timing;
    double timing_t0;
};

/*
 * Records code and a printf-style message as the context's last error and
 * returns code, so callers can write `return xk__error(ctx, XK_EINVAL, ...)`.
 */
int xk__error(xk_ctx *ctx, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int xk__verror(xk_ctx *ctx, int code, const char *fmt, va_list ap);

/* Clears the last error; public entry points call it first. */
void xk__clear_error(xk_ctx *ctx);

/* The last error kept aside while cleanup that may fail runs, so that the
 * first failure is the one reported: keep, clean up, put back. */
struct xk__kept_error {
    int code;
    char msg[XK_ERRMSG_MAX];
};
void xk__error_keep(const xk_ctx *ctx, struct xk__kept_error *k);
void xk__error_put_back(xk_ctx *ctx, const struct xk__kept_error *k);

/* With XENKIT_TIMING set, prints "xenkit timing: MS  WHAT" to stderr:
 * the milliseconds since the context was opened, as a step ends. */
void xk__timing_start(xk_ctx *ctx);
void xk__timing(xk_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* CLOCK_MONOTONIC in milliseconds (clock.c), for deadlines. */
int64_t xk__now_ms(void);

#endif

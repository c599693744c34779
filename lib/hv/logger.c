/*
 * logger.c: a xentoollog logger that keeps the last error libxc and the
 * libraries under it report, so the library never writes to stderr.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xentoollog.h>

#include "core/context.h"
#include "hv/hv.h"

struct keep_logger {
    xentoollog_logger vtable;   /* first: libxc sees only this */
    char last[512];
};

static void keep_vmessage(xentoollog_logger *l, xentoollog_level level,
                          int errnoval, const char *context,
                          const char *format, va_list al)
{
    struct keep_logger *k = (struct keep_logger *)l;
    (void)context;
    /* Progress and debug chatter is dropped; warnings are not failures. */
    if (level < XTL_ERROR)
        return;
    int n = vsnprintf(k->last, sizeof(k->last), format, al);
    if (n >= 0 && errnoval >= 0 && (size_t)n < sizeof(k->last))
        snprintf(k->last + n, sizeof(k->last) - n, ": %s", strerror(errnoval));
}

static void keep_progress(xentoollog_logger *l, const char *context,
                          const char *doing_what, int percent,
                          unsigned long done, unsigned long total)
{
    (void)l; (void)context; (void)doing_what; (void)percent; (void)done;
    (void)total;
}

static void keep_destroy(xentoollog_logger *l)
{
    free(l);
}

struct xentoollog_logger *xk__hv_logger(xk_ctx *ctx)
{
    if (!ctx->xtl) {
        struct keep_logger *k = calloc(1, sizeof(*k));
        if (!k)
            return NULL;
        k->vtable.vmessage = keep_vmessage;
        k->vtable.progress = keep_progress;
        k->vtable.destroy = keep_destroy;
        ctx->xtl = &k->vtable;
    }
    return ctx->xtl;
}

void xk__hv_clear_log(xk_ctx *ctx)
{
    if (ctx->xtl)
        ((struct keep_logger *)ctx->xtl)->last[0] = '\0';
}

const char *xk__hv_logged(const xk_ctx *ctx)
{
    return ctx->xtl ? ((const struct keep_logger *)ctx->xtl)->last : "";
}

int xk__hv_fail(xk_ctx *ctx, int code, int errnoval, const char *what)
{
    if (errnoval == EPERM || errnoval == EACCES)
        code = XK_EPERM;
    else if (errnoval == ENOMEM)
        code = XK_ENOMEM;
    const char *logged = xk__hv_logged(ctx);
    if (logged[0])
        xk__error(ctx, code, "%s: %s", what, logged);
    else if (errnoval > 0)
        xk__error(ctx, code, "%s: %s", what, strerror(errnoval));
    else
        xk__error(ctx, code, "%s failed", what);
    xk__hv_clear_log(ctx);
    return code;
}

/* context.c: opening and closing an xk_ctx, and its last-error record. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "core/teardown.h"

int xk_ctx_open(xk_ctx **ctx_r, unsigned flags)
{
    if (!ctx_r)
        return XK_EINVAL;
    *ctx_r = NULL;
    if (flags != 0)
        return XK_EINVAL;

    xk_ctx *ctx = calloc(1, sizeof(*ctx));
    if (!ctx)
        return XK_ENOMEM;
    xk__timing_start(ctx);
    *ctx_r = ctx;
    return 0;
}

void xk_ctx_close(xk_ctx *ctx)
{
    if (!ctx)
        return;
    xk__teardown_handles(ctx);
    xk__timing(ctx, "context closed");
    free(ctx);
}

const char *xk_ctx_last_error(const xk_ctx *ctx)
{
    return ctx ? ctx->last_error : "";
}

int xk_ctx_last_code(const xk_ctx *ctx)
{
    return ctx ? ctx->last_code : 0;
}

unsigned xk_api_version(void)
{
    return XENKIT_API_VERSION;
}

int xk__verror(xk_ctx *ctx, int code, const char *fmt, va_list ap)
{
    if (!ctx)
        return code;
    ctx->last_code = code;
    vsnprintf(ctx->last_error, sizeof(ctx->last_error), fmt, ap);
    return code;
}

int xk__error(xk_ctx *ctx, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    xk__verror(ctx, code, fmt, ap);
    va_end(ap);
    return code;
}

void xk__clear_error(xk_ctx *ctx)
{
    ctx->last_code = 0;
    ctx->last_error[0] = '\0';
}

void xk__error_keep(const xk_ctx *ctx, struct xk__kept_error *k)
{
    k->code = ctx->last_code;
    snprintf(k->msg, sizeof(k->msg), "%s", ctx->last_error);
}

void xk__error_put_back(xk_ctx *ctx, const struct xk__kept_error *k)
{
    ctx->last_code = k->code;
    snprintf(ctx->last_error, sizeof(ctx->last_error), "%s", k->msg);
}

/* pause.c: xk_domain_pause and xk_domain_unpause. */
#include "core/context.h"
#include "hv/dom.h"

int xk_domain_pause(xk_ctx *ctx, uint32_t domid)
{
    if (!ctx)
        return XK_EINVAL;
    xk__clear_error(ctx);
    return xk__hv_domain_pause(ctx, domid);
}

int xk_domain_unpause(xk_ctx *ctx, uint32_t domid)
{
    if (!ctx)
        return XK_EINVAL;
    xk__clear_error(ctx);
    return xk__hv_domain_unpause(ctx, domid);
}

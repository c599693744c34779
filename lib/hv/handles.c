/* handles.c: lazily opened libxenctrl and xenstore handles of a context. */
#include <xenctrl.h>
#include <xenstore.h>
#include <xentoollog.h>

#include "core/context.h"
#include "core/teardown.h"
#include "store/watch.h"

void xk__teardown_handles(xk_ctx *ctx)
{
    xk__store_watch_close(ctx);
    if (ctx->xs) {
        xs_close(ctx->xs);
        ctx->xs = NULL;
    }
    if (ctx->xc) {
        xc_interface_close(ctx->xc);
        ctx->xc = NULL;
    }
    if (ctx->xtl) {
        xtl_logger_destroy(ctx->xtl);
        ctx->xtl = NULL;
    }
}

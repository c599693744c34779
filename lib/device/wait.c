/* wait.c: waiting, with a deadline, for something a backend or guest does. */

#include "core/context.h"
#include "device/internal.h"
#include "store/watch.h"

int xk__wait(xk_ctx *ctx, const char *watch_path, int timeout_ms, int poll_ms,
             xk__wait_fn fn, void *arg)
{
    struct xk_store_watch w = { 0 };
    int rc;
    if (watch_path) {
        rc = xk__store_watch(ctx, &w, watch_path);
        if (rc)
            return rc;
    }
    int64_t deadline = xk__now_ms() + timeout_ms;
    for (;;) {
        rc = fn(ctx, arg);
        if (rc)
            break;
        int64_t left = deadline - xk__now_ms();
        if (left <= 0) {
            rc = XK_ETIMEDOUT;
            break;
        }
        int sleep = (int)(left < poll_ms ? left : poll_ms);
        rc = xk__store_wait_event(ctx, sleep);
        if (rc < 0)
            break;
    }
    xk__store_unwatch(ctx, &w);
    return rc > 0 ? 0 : rc;
}

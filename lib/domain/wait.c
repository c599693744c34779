/*
 * wait.c: xk_domain_wait, sleeping until a domain shuts down or is gone.
 * Xen fires the @releaseDomain watch whenever a domain shuts down or dies,
 * so we re-read the domain's state only when that happens.
 */
#include <stdlib.h>

#include <xenctrl.h>

#include "core/context.h"
#include "domain/control.h"
#include "store/watch.h"

/* Re-check even without an event after this long: a safety net, not a
 * poll (a watch event is never lost, but costs nothing to distrust). */
#define RECHECK_MS 10000

/* What the domain's state satisfies now: XK_WAIT_GONE, XK_WAIT_SHUTDOWN
 * (with *reason_r) or 0, or a negative XK_E* code. */
static int current_state(xk_ctx *ctx, uint32_t domid, unsigned *reason_r)
{
    xc_domaininfo_t info;
    int rc = xk__domain_xcinfo(ctx, domid, &info);
    if (rc == XK_ENOENT) {
        xk__clear_error(ctx);
        return XK_WAIT_GONE;
    }
    if (rc)
        return rc;
    /* A dying domain is on its way out and will never run again. */
    if (info.flags & XEN_DOMINF_dying)
        return XK_WAIT_GONE;
    if (info.flags & XEN_DOMINF_shutdown) {
        *reason_r = (info.flags >> XEN_DOMINF_shutdownshift) &
                    XEN_DOMINF_shutdownmask;
        return XK_WAIT_SHUTDOWN;
    }
    return 0;
}

int xk_domain_wait(xk_ctx *ctx, uint32_t domid, unsigned what,
                   int timeout_ms, unsigned *seen_r, unsigned *reason_r)
{
    if (!ctx)
        return XK_EINVAL;
    xk__clear_error(ctx);
    if (what != XK_WAIT_SHUTDOWN && what != XK_WAIT_GONE)
        return xk__error(ctx, XK_EINVAL, "unknown wait condition %#x", what);

    struct xk_store_watch w;
    int rc = xk__store_watch(ctx, &w, "@releaseDomain");
    if (rc)
        return rc;
    int64_t deadline = timeout_ms < 0 ? -1 : xk__now_ms() + timeout_ms;
    unsigned reason = 0;
    for (;;) {
        int st = current_state(ctx, domid, &reason);
        if (st < 0) {
            rc = st;
            break;
        }
        if (st == XK_WAIT_GONE || (st == XK_WAIT_SHUTDOWN &&
                                   what == XK_WAIT_SHUTDOWN)) {
            if (seen_r)
                *seen_r = (unsigned)st;
            if (reason_r)
                *reason_r = reason;
            rc = 0;
            break;
        }
        int slice = RECHECK_MS;
        if (deadline >= 0) {
            int64_t left = deadline - xk__now_ms();
            if (left <= 0) {
                rc = xk__error(ctx, XK_ETIMEDOUT, "domain %u did not %s in "
                               "time", domid, what == XK_WAIT_GONE
                               ? "go away" : "shut down");
                break;
            }
            if (left < slice)
                slice = (int)left;
        }
        rc = xk__store_wait_event(ctx, slice);
        if (rc < 0)
            break;
    }
    xk__store_unwatch(ctx, &w);
    return rc < 0 ? rc : 0;
}

/* A standing @releaseDomain watch for code that supervises many domains:
 * registered once, so no event between two waits is lost. */
struct xk_domain_watch {
    struct xk_store_watch w;
};

int xk_domain_watch_open(xk_ctx *ctx, xk_domain_watch **w_r)
{
    if (!ctx || !w_r)
        return XK_EINVAL;
    *w_r = NULL;
    xk__clear_error(ctx);
    xk_domain_watch *dw = calloc(1, sizeof(*dw));
    if (!dw)
        return xk__error(ctx, XK_ENOMEM, "cannot allocate a domain watch");
    int rc = xk__store_watch(ctx, &dw->w, "@releaseDomain");
    if (rc) {
        free(dw);
        return rc;
    }
    *w_r = dw;
    return 0;
}

int xk_domain_watch_wait(xk_ctx *ctx, xk_domain_watch *w, int timeout_ms)
{
    if (!ctx || !w)
        return XK_EINVAL;
    xk__clear_error(ctx);
    return xk__store_wait_event(ctx, timeout_ms < 0 ? RECHECK_MS : timeout_ms);
}

void xk_domain_watch_close(xk_ctx *ctx, xk_domain_watch *w)
{
    if (!w)
        return;
    if (ctx)
        xk__store_unwatch(ctx, &w->w);
    free(w);
}

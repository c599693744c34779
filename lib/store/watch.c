/* watch.c: xenstore watches used as wake-ups, and node permissions. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenstore.h>

#include "core/context.h"
#include "store/watch.h"

int xk__store_watch(xk_ctx *ctx, struct xk_store_watch *w, const char *path)
{
    w->active = false;
    int rc = xk__store_open(ctx);
    if (rc)
        return rc;
    if (strlen(path) >= sizeof(w->path))
        return xk__error(ctx, XK_EINVAL, "xenstore path too long");
    strcpy(w->path, path);
    /* The object's address makes the token unique within the process. */
    snprintf(w->token, sizeof(w->token), "xk-%p", (void *)w);
    if (!xs_watch(ctx->xs, w->path, w->token))
        return xk__error(ctx, XK_ESTORE, "xenstore watch %s: %s", path,
                         strerror(errno));
    w->active = true;
    return 0;
}

void xk__store_unwatch(xk_ctx *ctx, struct xk_store_watch *w)
{
    if (!w->active || !ctx->xs)
        return;
    xs_unwatch(ctx->xs, w->path, w->token);
    w->active = false;
}

int xk__store_wait_event(xk_ctx *ctx, int timeout_ms)
{
    int rc = xk__store_open(ctx);
    if (rc)
        return rc;
    int fd = xs_fileno(ctx->xs);
    if (fd < 0)
        return xk__error(ctx, XK_ESTORE, "xenstore watch fd: %s",
                         strerror(errno));
    struct pollfd p = { .fd = fd, .events = POLLIN };
    int n = poll(&p, 1, timeout_ms < 0 ? 0 : timeout_ms);
    if (n < 0 && errno != EINTR)
        return xk__error(ctx, XK_ESTORE, "poll on xenstore: %s",
                         strerror(errno));
    int got = 0;
    char **ev;
    while ((ev = xs_check_watch(ctx->xs)) != NULL) {
        free(ev);
        got = 1;
    }
    return got;
}

int xk__store_set_perms(xk_ctx *ctx, xk_store_txn t, const char *path,
                        uint32_t owner, uint32_t reader)
{
    int rc = xk__store_open(ctx);
    if (rc)
        return rc;
    struct xs_permissions perms[2] = {
        { .id = owner, .perms = XS_PERM_NONE },
        { .id = reader, .perms = XS_PERM_READ },
    };
    unsigned n = owner == reader ? 1 : 2;
    if (!xs_set_permissions(ctx->xs, t, path, perms, n))
        return xk__error(ctx, XK_ESTORE, "xenstore set permissions %s: %s",
                         path, strerror(errno));
    return 0;
}

/* introduce.c: telling xenstored about a new domain's store ring. */
#include <errno.h>
#include <string.h>

#include <xenstore.h>

#include "core/context.h"
#include "store/introduce.h"

int xk__store_introduce(xk_ctx *ctx, uint32_t domid, unsigned long mfn,
                        uint32_t port)
{
    int rc = xk__store_open(ctx);
    if (rc)
        return rc;
    if (!xs_introduce_domain(ctx->xs, domid, mfn, port))
        return xk__error(ctx, XK_ESTORE,
                         "xenstore introduce of domain %u: %s", domid,
                         strerror(errno));
    return 0;
}

int xk__store_read_domid(xk_ctx *ctx, const char *path, uint32_t *domid_r)
{
    uint64_t v = 0;
    int rc = xk__store_read_u64(ctx, XK_STORE_NOTXN, path, &v);
    if (rc == XK_ENOENT) {
        *domid_r = 0;
        return 0;
    }
    if (rc)
        return rc;
    if (v >= 0x7FF0)
        return xk__error(ctx, XK_ESTORE, "xenstore %s: not a domain id", path);
    *domid_r = (uint32_t)v;
    return 0;
}

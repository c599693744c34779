/* batch.c: building a list of xenstore writes and applying it in a transaction. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenstore.h>

#include "core/context.h"
#include "store/batch.h"

void xk__batch_init(struct xk__store_batch *b)
{
    memset(b, 0, sizeof(*b));
}

void xk__batch_dispose(struct xk__store_batch *b)
{
    for (size_t i = 0; i < b->n; i++) {
        free(b->ops[i].path);
        free(b->ops[i].value);
    }
    free(b->ops);
    memset(b, 0, sizeof(*b));
}

static struct xk__store_op *append(struct xk__store_batch *b, const char *fmt,
                                   va_list ap)
{
    if (b->err)
        return NULL;
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        struct xk__store_op *o = realloc(b->ops, cap * sizeof(*o));
        if (!o) {
            b->err = XK_ENOMEM;
            return NULL;
        }
        b->ops = o;
        b->cap = cap;
    }
    char *path = NULL;
    int len = vasprintf(&path, fmt, ap);
    if (len < 0) {
        b->err = XK_ENOMEM;
        return NULL;
    }
    if (len >= XK_STORE_PATH_MAX) {
        free(path);
        b->err = XK_EINVAL;
        return NULL;
    }
    struct xk__store_op *op = &b->ops[b->n++];
    memset(op, 0, sizeof(*op));
    op->path = path;
    return op;
}

void xk__batch_put(struct xk__store_batch *b, enum xk__perm perm, uint32_t dom,
                   const char *value, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    struct xk__store_op *op = append(b, fmt, ap);
    va_end(ap);
    if (!op)
        return;
    op->value = strdup(value ? value : "");
    if (!op->value) {
        free(op->path);
        b->n--;
        b->err = XK_ENOMEM;
        return;
    }
    op->perm = perm;
    op->dom = dom;
}

void xk__batch_rm(struct xk__store_batch *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    struct xk__store_op *op = append(b, fmt, ap);
    va_end(ap);
    if (op)
        op->remove = 1;
}

const struct xk__store_op *xk__batch_find(const struct xk__store_batch *b,
                                          const char *path)
{
    /* The last operation on a path is the one that sticks. */
    for (size_t i = b->n; i-- > 0;)
        if (strcmp(b->ops[i].path, path) == 0)
            return &b->ops[i];
    return NULL;
}

void xk__batch_set_value(struct xk__store_batch *b, const char *path,
                         const char *value)
{
    struct xk__store_op *op = (struct xk__store_op *)xk__batch_find(b, path);
    if (b->err || !op || op->remove)
        return;
    char *v = strdup(value);
    if (!v) {
        b->err = XK_ENOMEM;
        return;
    }
    free(op->value);
    op->value = v;
}

static int apply_perm(xk_ctx *ctx, xk_store_txn t,
                      const struct xk__store_op *op)
{
    struct xs_permissions p[2];
    unsigned n;
    switch (op->perm) {
    case XK__PERM_INHERIT:
        return 0;
    case XK__PERM_DOM0:
        p[0].id = 0; p[0].perms = XS_PERM_NONE;
        n = 1;
        break;
    case XK__PERM_READ:
        p[0].id = 0; p[0].perms = XS_PERM_NONE;
        p[1].id = op->dom; p[1].perms = XS_PERM_READ;
        n = 2;
        break;
    case XK__PERM_OWNED_R0:
        p[0].id = op->dom; p[0].perms = XS_PERM_NONE;
        p[1].id = 0; p[1].perms = XS_PERM_READ;
        n = 2;
        break;
    case XK__PERM_OWNED:
    default:
        p[0].id = op->dom; p[0].perms = XS_PERM_NONE;
        n = 1;
        break;
    }
    if (!xs_set_permissions(ctx->xs, t, op->path, p, n))
        return xk__error(ctx, XK_ESTORE, "xenstore set permissions %s: %s",
                         op->path, strerror(errno));
    return 0;
}

int xk__store_batch_apply(xk_ctx *ctx, xk_store_txn t,
                          const struct xk__store_batch *b)
{
    if (b->err)
        return xk__error(ctx, b->err, "building xenstore entries: %s",
                         xk_strerror(b->err));
    int rc = xk__store_open(ctx);
    if (rc)
        return rc;
    for (size_t i = 0; i < b->n; i++) {
        const struct xk__store_op *op = &b->ops[i];
        if (op->remove) {
            rc = xk__store_rm(ctx, t, op->path);
        } else {
            rc = xk__store_write(ctx, t, op->path, op->value);
            if (!rc)
                rc = apply_perm(ctx, t, op);
        }
        if (rc)
            return rc;
    }
    return 0;
}

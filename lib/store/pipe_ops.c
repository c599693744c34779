/* pipe_ops.c: transactions, batches and the name check over a pipe. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xen/io/xs_wire.h>

#include "core/context.h"
#include "store/pipe.h"

/* One request, one reply. */
static int call(xk_ctx *ctx, struct xk__pipe *p, uint32_t type, uint32_t tx,
                const char *arg, size_t len, struct xk__pipe_reply *r)
{
    int rc = xk__pipe_queue(ctx, p, type, tx, arg, len, NULL, 0);
    if (!rc)
        rc = xk__pipe_exchange(ctx, p, r, 1);
    return rc;
}

int xk__pipe_txn_id(xk_ctx *ctx, const struct xk__pipe_reply *r,
                    uint32_t *tx_r)
{
    if (r->err)
        return xk__error(ctx, XK_ESTORE, "xenstore transaction start: %s",
                         strerror(r->err));
    char *end;
    unsigned long t = strtoul(r->data, &end, 10);
    if (end == r->data || t == 0 || t > UINT32_MAX)
        return xk__error(ctx, XK_ESTORE, "xenstore: bad transaction id");
    *tx_r = (uint32_t)t;
    return 0;
}

int xk__pipe_txn_start(xk_ctx *ctx, struct xk__pipe *p, uint32_t *tx_r)
{
    struct xk__pipe_reply r = { 0 };
    int rc = call(ctx, p, XS_TRANSACTION_START, 0, "", 1, &r);
    if (!rc)
        rc = xk__pipe_txn_id(ctx, &r, tx_r);
    xk__pipe_replies_free(&r, 1);
    return rc;
}

int xk__pipe_txn_ended(xk_ctx *ctx, const struct xk__pipe_reply *r,
                       bool abort)
{
    if (r->err == EAGAIN && !abort)
        return XK_EBUSY;
    if (r->err)
        return xk__error(ctx, XK_ESTORE, "xenstore transaction end: %s",
                         strerror(r->err));
    return 0;
}

int xk__pipe_txn_end(xk_ctx *ctx, struct xk__pipe *p, uint32_t tx,
                     bool abort)
{
    struct xk__pipe_reply r = { 0 };
    int rc = call(ctx, p, XS_TRANSACTION_END, tx, abort ? "F" : "T", 2, &r);
    if (!rc)
        rc = xk__pipe_txn_ended(ctx, &r, abort);
    xk__pipe_replies_free(&r, 1);
    return rc;
}

/* "n0", "r7"...: a permission as the wire spells it, NUL included. */
static size_t perm_str(char *buf, size_t size, char c, uint32_t dom)
{
    int n = snprintf(buf, size, "%c%u", c, dom);
    return (size_t)n + 1;
}

size_t xk__perm_wire(const struct xk__store_op *op, char *buf, size_t size)
{
    size_t n = 0;
    switch (op->perm) {
    case XK__PERM_INHERIT:
        break;
    case XK__PERM_DOM0:
        n += perm_str(buf + n, size - n, 'n', 0);
        break;
    case XK__PERM_READ:
        n += perm_str(buf + n, size - n, 'n', 0);
        n += perm_str(buf + n, size - n, 'r', op->dom);
        break;
    case XK__PERM_OWNED_R0:
        n += perm_str(buf + n, size - n, 'n', op->dom);
        n += perm_str(buf + n, size - n, 'r', 0);
        break;
    case XK__PERM_OWNED:
    default:
        n += perm_str(buf + n, size - n, 'n', op->dom);
        break;
    }
    return n;
}

static int queue_op(xk_ctx *ctx, struct xk__pipe *p, uint32_t tx,
                    const struct xk__store_op *op, size_t *nreq)
{
    size_t plen = strlen(op->path) + 1;
    int rc;
    if (op->remove) {
        (*nreq)++;
        return xk__pipe_queue(ctx, p, XS_RM, tx, op->path, plen, NULL, 0);
    }
    rc = xk__pipe_queue(ctx, p, XS_WRITE, tx, op->path, plen, op->value,
                        strlen(op->value));
    (*nreq)++;
    if (rc || op->perm == XK__PERM_INHERIT)
        return rc;
    char perms[64];
    size_t n = xk__perm_wire(op, perms, sizeof(perms));
    (*nreq)++;
    return xk__pipe_queue(ctx, p, XS_SET_PERMS, tx, op->path, plen, perms, n);
}

/* The first failure among an operation's replies (write, then
 * permissions), as an error on ctx; a missing node is fine to remove. */
int xk__op_replies_check(xk_ctx *ctx, const struct xk__store_op *op,
                         const struct xk__pipe_reply *r)
{
    size_t nr = op->remove || op->perm == XK__PERM_INHERIT ? 1 : 2;
    for (size_t j = 0; j < nr; j++) {
        int e = r[j].err;
        if (e == ENOENT && op->remove)
            continue;
        if (e)
            return xk__error(ctx, e == EACCES ? XK_EPERM : XK_ESTORE,
                             "xenstore %s %s: %s",
                             op->remove ? "rm" : j ? "set permissions"
                                                   : "write",
                             op->path, strerror(e));
    }
    return 0;
}

int xk__pipe_batch_queue(xk_ctx *ctx, struct xk__pipe *p, uint32_t tx,
                         const struct xk__store_batch *b, size_t *n_r)
{
    *n_r = 0;
    if (b->err)
        return xk__error(ctx, b->err, "building xenstore entries: %s",
                         xk_strerror(b->err));
    size_t nreq = 0;
    for (size_t i = 0; i < b->n; i++) {
        int rc = queue_op(ctx, p, tx, &b->ops[i], &nreq);
        if (rc)
            return rc;
    }
    *n_r = nreq;
    return 0;
}

int xk__pipe_batch_check(xk_ctx *ctx, const struct xk__store_batch *b,
                         const struct xk__pipe_reply *r)
{
    for (size_t i = 0, k = 0; i < b->n; i++) {
        const struct xk__store_op *op = &b->ops[i];
        int rc = xk__op_replies_check(ctx, op, &r[k]);
        if (rc)
            return rc;
        k += op->remove || op->perm == XK__PERM_INHERIT ? 1 : 2;
    }
    return 0;
}

int xk__pipe_batch_apply(xk_ctx *ctx, struct xk__pipe *p, uint32_t tx,
                         const struct xk__store_batch *b)
{
    size_t nreq;
    int rc = xk__pipe_batch_queue(ctx, p, tx, b, &nreq);
    if (rc) {
        xk__pipe_unqueue(p);
        return rc;
    }
    struct xk__pipe_reply *r = calloc(nreq ? nreq : 1, sizeof(*r));
    if (!r)
        return xk__error(ctx, XK_ENOMEM, "out of memory");
    rc = xk__pipe_exchange(ctx, p, r, nreq);
    if (!rc)
        rc = xk__pipe_batch_check(ctx, b, r);
    xk__pipe_replies_free(r, nreq);
    free(r);
    return rc;
}

int xk__pipe_read_many(xk_ctx *ctx, struct xk__pipe *p, uint32_t tx,
                       char *const *paths, size_t n,
                       struct xk__pipe_reply *r)
{
    for (size_t i = 0; i < n; i++) {
        int rc = xk__pipe_queue(ctx, p, XS_READ, tx, paths[i],
                                strlen(paths[i]) + 1, NULL, 0);
        if (rc) {
            xk__pipe_unqueue(p);
            return rc;
        }
    }
    return n ? xk__pipe_exchange(ctx, p, r, n) : 0;
}

/* One page of a DIRECTORY_PART listing: appends its children to *all
 * (growing it) and says whether it was the last. */
static int directory_page(xk_ctx *ctx, struct xk__pipe *p, uint32_t tx,
                          const char *path, size_t off, char gen[24],
                          char **all, size_t *alen, bool *last)
{
    char arg[XK_STORE_PATH_MAX + 24];
    size_t plen = strlen(path) + 1;
    if (plen + 24 > sizeof(arg))
        return xk__error(ctx, XK_EINVAL, "xenstore path too long");
    memcpy(arg, path, plen);
    int n = snprintf(arg + plen, sizeof(arg) - plen, "%zu", off);
    struct xk__pipe_reply r = { 0 };
    int rc = call(ctx, p, XS_DIRECTORY_PART, tx, arg, plen + (size_t)n + 1,
                  &r);
    if (!rc && r.err)
        rc = r.err == ENOENT ? XK_ENOENT
                             : xk__error(ctx, XK_ESTORE, "xenstore directory "
                                         "%s: %s", path, strerror(r.err));
    size_t glen = rc ? 0 : strnlen(r.data, r.len);
    if (!rc && (glen >= 24 || glen == r.len))
        rc = xk__error(ctx, XK_ESTORE, "xenstore directory %s: bad reply",
                       path);
    if (!rc && gen[0] && strcmp(gen, r.data) != 0)
        rc = XK_EBUSY;              /* changed between pages: start over */
    if (!rc) {
        snprintf(gen, 24, "%s", r.data);
        const char *c = r.data + glen + 1;
        size_t clen = r.len - glen - 1;
        /* The list ends with an empty name: a NUL after the last one. */
        *last = clen == 1 || (clen >= 2 && c[clen - 2] == '\0');
        if (*last)
            clen--;
        char *grown = realloc(*all, *alen + clen + 1);
        if (!grown)
            rc = xk__error(ctx, XK_ENOMEM, "out of memory");
        else {
            memcpy(grown + *alen, c, clen);
            *all = grown;
            *alen += clen;
        }
    }
    xk__pipe_replies_free(&r, 1);
    return rc;
}

int xk__pipe_directory_all(xk_ctx *ctx, struct xk__pipe *p, uint32_t tx,
                           const char *path, char **data_r, size_t *len_r)
{
    int rc = XK_EBUSY;
    for (int tries = 0; rc == XK_EBUSY && tries < 8; tries++) {
        char gen[24] = "", *all = NULL;
        size_t alen = 0;
        bool last = false;
        rc = 0;
        while (!rc && !last)
            rc = directory_page(ctx, p, tx, path, alen, gen, &all, &alen,
                                &last);
        if (rc) {
            free(all);
            continue;
        }
        *data_r = all;
        *len_r = alen;
    }
    if (rc == XK_EBUSY)
        rc = xk__error(ctx, XK_ESTORE, "xenstore directory %s kept changing",
                       path);
    return rc;
}

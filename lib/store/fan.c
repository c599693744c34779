/* fan.c: requests spread over several xenstored connections (fan.h says
 * why). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <xen/io/xs_wire.h>

#include "core/context.h"
#include "store/fan.h"

int xk__fan_open(xk_ctx *ctx, struct xk__fan *f, size_t want)
{
    memset(f, 0, sizeof(*f));
    if (want < 1)
        want = 1;
    if (want > XK__FAN_MAX)
        want = XK__FAN_MAX;
    while (f->n < want && xk__pipe_open(ctx, &f->pipe[f->n]) == 0)
        f->n++;
    return f->n ? 0 : XK_EUNSUPPORTED;
}

void xk__fan_close(struct xk__fan *f)
{
    for (size_t i = 0; i < f->n; i++)
        xk__pipe_close(&f->pipe[i]);
    f->n = 0;
    free(f->conn_of);
    f->conn_of = NULL;
    f->queued = f->cap = 0;
}

int xk__fan_queue(xk_ctx *ctx, struct xk__fan *f, size_t lane, uint32_t type,
                  uint32_t tx, const char *a, size_t alen, const char *b,
                  size_t blen)
{
    if (f->queued == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 64;
        uint8_t *c = realloc(f->conn_of, cap);
        if (!c)
            return xk__error(ctx, XK_ENOMEM, "out of memory");
        f->conn_of = c;
        f->cap = cap;
    }
    size_t k = lane % f->n;
    int rc = xk__pipe_queue(ctx, &f->pipe[k], type, tx, a, alen, b, blen);
    if (!rc)
        f->conn_of[f->queued++] = (uint8_t)k;
    return rc;
}

void xk__fan_unqueue(struct xk__fan *f)
{
    for (size_t k = 0; k < f->n; k++)
        xk__pipe_unqueue(&f->pipe[k]);
    f->queued = 0;
}

int xk__fan_exchange(xk_ctx *ctx, struct xk__fan *f,
                     struct xk__pipe_reply *r)
{
    size_t total = f->queued, count[XK__FAN_MAX] = { 0 };
    struct xk__pipe_reply *per[XK__FAN_MAX] = { 0 };
    int rc = 0;
    f->queued = 0;
    for (size_t i = 0; i < total; i++)
        count[f->conn_of[i]]++;
    /* Everything goes out before anything is read: that is what lets
     * xenstored serve the connections side by side. */
    for (size_t k = 0; !rc && k < f->n; k++)
        if (count[k])
            rc = xk__pipe_send(ctx, &f->pipe[k]);
    for (size_t k = 0; !rc && k < f->n; k++) {
        if (!count[k])
            continue;
        per[k] = calloc(count[k], sizeof(*per[k]));
        rc = per[k] ? xk__pipe_receive(ctx, &f->pipe[k], per[k], count[k])
                    : xk__error(ctx, XK_ENOMEM, "out of memory");
    }
    /* Back into the order of queueing: each connection answers in order. */
    size_t taken[XK__FAN_MAX] = { 0 };
    for (size_t i = 0; i < total; i++) {
        size_t k = f->conn_of[i];
        if (!rc)
            r[i] = per[k][taken[k]];
        else if (per[k])
            free(per[k][taken[k]].data);
        taken[k]++;
    }
    for (size_t k = 0; k < f->n; k++)
        free(per[k]);
    return rc;
}

int xk__fan_read_many(xk_ctx *ctx, struct xk__fan *f, char *const *paths,
                      size_t n, struct xk__pipe_reply *r)
{
    for (size_t i = 0; i < n; i++) {
        int rc = xk__fan_queue(ctx, f, i, XS_READ, 0, paths[i],
                               strlen(paths[i]) + 1, NULL, 0);
        if (rc) {
            xk__fan_unqueue(f);
            return rc;
        }
    }
    return n ? xk__fan_exchange(ctx, f, r) : 0;
}

/* Queues op: its write and then its permissions, on one connection. */
static int queue_op(xk_ctx *ctx, struct xk__fan *f, size_t lane,
                    const struct xk__store_op *op)
{
    size_t plen = strlen(op->path) + 1;
    if (op->remove)
        return xk__fan_queue(ctx, f, lane, XS_RM, 0, op->path, plen, NULL, 0);
    int rc = xk__fan_queue(ctx, f, lane, XS_WRITE, 0, op->path, plen,
                           op->value, strlen(op->value));
    if (rc || op->perm == XK__PERM_INHERIT)
        return rc;
    char perms[64];
    size_t n = xk__perm_wire(op, perms, sizeof(perms));
    return xk__fan_queue(ctx, f, lane, XS_SET_PERMS, 0, op->path, plen,
                         perms, n);
}

enum phase { REMOVALS, OWN_PERMS, INHERITED };

static enum phase phase_of(const struct xk__store_op *op)
{
    if (op->remove)
        return REMOVALS;
    return op->perm == XK__PERM_INHERIT ? INHERITED : OWN_PERMS;
}

/* How many nodes of the batch with permissions of their own lie above op:
 * a node is written only after all of those, or writing it would create
 * the nodes between with the wrong permissions. */
static size_t depth_of(const struct xk__store_batch *b, size_t i)
{
    size_t d = 0;
    const char *path = b->ops[i].path;
    for (size_t j = 0; j < b->n; j++) {
        const struct xk__store_op *up = &b->ops[j];
        size_t len = strlen(up->path);
        if (j != i && phase_of(up) == OWN_PERMS &&
            strncmp(path, up->path, len) == 0 && path[len] == '/')
            d++;
    }
    return d;
}

/* Everything of one step (a phase; for OWN_PERMS, one depth of it) in
 * one exchange. step[i] is op i's step. */
static int apply_step(xk_ctx *ctx, struct xk__fan *f,
                      const struct xk__store_batch *b, const size_t *step,
                      size_t want)
{
    size_t nreq = 0, lane = 0;
    int rc = 0;
    for (size_t i = 0; !rc && i < b->n; i++) {
        if (step[i] != want)
            continue;
        rc = queue_op(ctx, f, lane++, &b->ops[i]);
        nreq += phase_of(&b->ops[i]) == OWN_PERMS ? 2 : 1;
    }
    if (rc)
        xk__fan_unqueue(f);
    if (rc || nreq == 0)
        return rc;
    struct xk__pipe_reply *r = calloc(nreq, sizeof(*r));
    if (!r)
        return xk__error(ctx, XK_ENOMEM, "out of memory");
    rc = xk__fan_exchange(ctx, f, r);
    for (size_t i = 0, k = 0; !rc && i < b->n; i++) {
        if (step[i] != want)
            continue;
        rc = xk__op_replies_check(ctx, &b->ops[i], &r[k]);
        k += phase_of(&b->ops[i]) == OWN_PERMS ? 2 : 1;
    }
    xk__pipe_replies_free(r, nreq);
    free(r);
    return rc;
}

int xk__fan_batch_apply(xk_ctx *ctx, struct xk__fan *f,
                        const struct xk__store_batch *b)
{
    if (b->err)
        return xk__error(ctx, b->err, "building xenstore entries: %s",
                         xk_strerror(b->err));
    /* Steps in order: removals (0), nodes with their own permissions by
     * depth (1, 2, ...), then the nodes that inherit (last). */
    size_t *step = calloc(b->n ? b->n : 1, sizeof(*step)), last = 1;
    if (!step)
        return xk__error(ctx, XK_ENOMEM, "out of memory");
    for (size_t i = 0; i < b->n; i++) {
        if (phase_of(&b->ops[i]) == OWN_PERMS) {
            step[i] = 1 + depth_of(b, i);
            if (step[i] + 1 > last)
                last = step[i] + 1;
        }
    }
    for (size_t i = 0; i < b->n; i++)
        if (phase_of(&b->ops[i]) == INHERITED)
            step[i] = last;
    int rc = 0;
    for (size_t want = 0; !rc && want <= last; want++)
        rc = apply_step(ctx, f, b, step, want);
    free(step);
    return rc;
}

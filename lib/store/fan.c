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
    xk__fan_grow(ctx, f, want < 1 ? 1 : want);
    return f->n ? 0 : XK_EUNSUPPORTED;
}

void xk__fan_grow(xk_ctx *ctx, struct xk__fan *f, size_t want)
{
    if (want > XK__FAN_MAX)
        want = XK__FAN_MAX;
    while (f->n < want && xk__pipe_open(ctx, &f->pipe[f->n]) == 0)
        f->n++;
}

void xk__fan_grow_now(struct xk__fan *f, size_t want)
{
    if (want > XK__FAN_MAX)
        want = XK__FAN_MAX;
    while (f->n < want && xk__pipe_open_now(&f->pipe[f->n]) == 0)
        f->n++;
}

void xk__fan_close(struct xk__fan *f)
{
    for (size_t i = 0; i < f->n; i++)
        xk__pipe_close(&f->pipe[i]);
    f->n = 0;
    free(f->conn_of);
    f->conn_of = NULL;
    f->queued = f->cap = 0;
    for (size_t i = 0; i < f->nflight; i++)
        free(f->flight[i].conn_of);
    f->nflight = 0;
    f->sent = 0;
}

/* Notes that a request was queued on connection k. */
static int note(xk_ctx *ctx, struct xk__fan *f, size_t k)
{
    if (f->queued == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 64;
        uint8_t *c = realloc(f->conn_of, cap);
        if (!c)
            return xk__error(ctx, XK_ENOMEM, "out of memory");
        f->conn_of = c;
        f->cap = cap;
    }
    f->conn_of[f->queued++] = (uint8_t)k;
    return 0;
}

int xk__fan_queue(xk_ctx *ctx, struct xk__fan *f, size_t lane, uint32_t type,
                  uint32_t tx, const char *a, size_t alen, const char *b,
                  size_t blen)
{
    size_t k = lane % f->n;
    int rc = xk__pipe_queue(ctx, &f->pipe[k], type, tx, a, alen, b, blen);
    return rc ? rc : note(ctx, f, k);
}

int xk__fan_batch_queue(xk_ctx *ctx, struct xk__fan *f, size_t lane,
                        uint32_t tx, const struct xk__store_batch *b,
                        size_t *n_r)
{
    size_t k = lane % f->n;
    int rc = xk__pipe_batch_queue(ctx, &f->pipe[k], tx, b, n_r);
    for (size_t i = 0; !rc && i < *n_r; i++)
        rc = note(ctx, f, k);
    return rc;
}

void xk__fan_unqueue(struct xk__fan *f)
{
    for (size_t k = 0; k < f->n; k++)
        xk__pipe_unqueue(&f->pipe[k]);
    f->queued = 0;
}

int xk__fan_send(xk_ctx *ctx, struct xk__fan *f)
{
    if (f->nflight == XK__FAN_FLIGHTS) {
        xk__fan_unqueue(f);
        return xk__error(ctx, XK_ESTORE, "xenstore: too many exchanges in "
                         "flight");
    }
    /* Everything goes out before anything is read: that is what lets
     * xenstored serve the connections side by side. */
    f->flight[f->nflight++] = (struct xk__fan_flight){ f->conn_of,
                                                       f->queued };
    f->sent += f->queued;
    f->conn_of = NULL;
    f->queued = f->cap = 0;
    for (size_t k = 0; k < f->n; k++)
        if (f->pipe[k].queued) {
            int rc = xk__pipe_send(ctx, &f->pipe[k]);
            if (rc)
                return rc;
        }
    return 0;
}

int xk__fan_receive(xk_ctx *ctx, struct xk__fan *f, struct xk__pipe_reply *r)
{
    if (f->nflight == 0)
        return 0;
    struct xk__fan_flight fl = f->flight[0];
    f->nflight--;
    memmove(&f->flight[0], &f->flight[1], f->nflight * sizeof(fl));
    size_t total = fl.n, count[XK__FAN_MAX] = { 0 };
    struct xk__pipe_reply *per[XK__FAN_MAX] = { 0 };
    int rc = 0;
    f->sent -= total;
    for (size_t i = 0; i < total; i++)
        count[fl.conn_of[i]]++;
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
        size_t k = fl.conn_of[i];
        if (!rc && r)
            r[i] = per[k][taken[k]];
        else if (per[k])
            free(per[k][taken[k]].data);
        taken[k]++;
    }
    for (size_t k = 0; k < f->n; k++)
        free(per[k]);
    free(fl.conn_of);
    return rc;
}

/* A whole exchange reads the replies of its own requests only if no
 * other exchange is in flight before it. */
static int nothing_in_flight(xk_ctx *ctx, struct xk__fan *f)
{
    if (!f->nflight)
        return 0;
    xk__fan_unqueue(f);
    return xk__error(ctx, XK_ESTORE, "xenstore: an exchange is still in "
                     "flight");
}

int xk__fan_exchange(xk_ctx *ctx, struct xk__fan *f,
                     struct xk__pipe_reply *r)
{
    int rc = nothing_in_flight(ctx, f);
    if (!rc)
        rc = xk__fan_send(ctx, f);
    return rc ? rc : xk__fan_receive(ctx, f, r);
}

int xk__fan_read_many(xk_ctx *ctx, struct xk__fan *f, size_t want,
                      char *const *paths, size_t n,
                      struct xk__pipe_reply *r)
{
    int rc = nothing_in_flight(ctx, f);
    if (!rc)
        rc = xk__fan_read_many_send(ctx, f, want, paths, n);
    return rc || !n ? rc : xk__fan_receive(ctx, f, r);
}

int xk__fan_read_many_send(xk_ctx *ctx, struct xk__fan *f, size_t want,
                           char *const *paths, size_t n)
{
    if (n == 0)
        return 0;
    if (f->n == 0)
        return xk__error(ctx, XK_ESTORE, "no xenstored connection");
    if (want > XK__FAN_MAX)
        want = XK__FAN_MAX;
    if (want < 1)
        want = 1;
    size_t share = (n + want - 1) / want;
    bool full = false;           /* no more connections to be had */
    int rc = 0;
    for (size_t i = 0; !rc && i < n; i++) {
        size_t k = i / share;
        if (k >= f->n && !full) {
            rc = xk__pipe_send(ctx, &f->pipe[f->n - 1]);
            if (!rc)
                xk__fan_grow(ctx, f, k + 1);
            full = k >= f->n;
        }
        if (!rc)
            rc = xk__fan_queue(ctx, f, k < f->n ? k : i, XS_READ, 0,
                               paths[i], strlen(paths[i]) + 1, NULL, 0);
    }
    if (rc) {
        xk__fan_unqueue(f);
        return rc;
    }
    return xk__fan_send(ctx, f);
}

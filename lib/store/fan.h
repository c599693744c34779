/*
 * fan.h: xenstore requests spread over several connections at once.
 *
 * xenstored (C, Xen 4.17) serves at most one request per connection on
 * each pass of its main loop, and each pass visits every connection: with
 * 200 domains a pass took 1.75 ms in the lab against 0.69 ms with none.
 * Requests pipelined on one connection therefore still cost a pass each
 * (200 reads: 286 ms); spread over 8 connections they share passes (82 ms).
 * Requests that must keep their order (a write and then its permissions,
 * anything inside a transaction) go to the same connection.
 */
#ifndef XK_STORE_FAN_H
#define XK_STORE_FAN_H

#include <stddef.h>
#include <stdint.h>

#include "store/pipe.h"

#define XK__FAN_MAX 8

struct xk__fan {
    struct xk__pipe pipe[XK__FAN_MAX];
    size_t n;              /* connections open */
    uint8_t *conn_of;      /* per queued request: the connection it is on */
    size_t queued, cap;
};

/* Opens up to want (1..XK__FAN_MAX) connections. XK_EUNSUPPORTED (no
 * message) when xenstored has no socket to connect to. */
int xk__fan_open(xk_ctx *ctx, struct xk__fan *f, size_t want);
void xk__fan_close(struct xk__fan *f);

/* Queues a request on connection (lane % n). */
int xk__fan_queue(xk_ctx *ctx, struct xk__fan *f, size_t lane, uint32_t type,
                  uint32_t tx, const char *a, size_t alen, const char *b,
                  size_t blen);

/* Sends every connection's requests, then reads all replies: r[i] answers
 * the i-th request queued since the last exchange. r holds f->queued.
 * After a failure the connections are out of step: close the fan. */
int xk__fan_exchange(xk_ctx *ctx, struct xk__fan *f,
                     struct xk__pipe_reply *r);

/* Drops every request queued and not sent. */
void xk__fan_unqueue(struct xk__fan *f);

/* Reads n nodes outside any transaction, spread over the connections. */
int xk__fan_read_many(xk_ctx *ctx, struct xk__fan *f, char *const *paths,
                      size_t n, struct xk__pipe_reply *r);

/* Applies a batch outside any transaction: the removals, then the nodes
 * with permissions of their own, outermost first (one exchange per
 * depth), then the nodes that inherit their parent's, each step's
 * requests side by side. A node ends as it would if the batch were
 * applied in order, provided no removal follows a write below it and a
 * node with its own permissions comes before its children (as layouts
 * write them). */
int xk__fan_batch_apply(xk_ctx *ctx, struct xk__fan *f,
                        const struct xk__store_batch *b);

#endif

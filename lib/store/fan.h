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

#define XK__FAN_MAX 16
/* Exchanges sent and not yet received, at most: a create sends the first
 * step of a domain's home before the replies to its first exchange. */
#define XK__FAN_FLIGHTS 2

struct xk__fan_flight {
    uint8_t *conn_of;      /* per request: the connection it is on */
    size_t n;
};

struct xk__fan {
    struct xk__pipe pipe[XK__FAN_MAX];
    size_t n;              /* connections open */
    uint8_t *conn_of;      /* per queued request: the connection it is on */
    size_t queued, cap;
    struct xk__fan_flight flight[XK__FAN_FLIGHTS];  /* oldest first */
    size_t nflight;
    size_t sent;           /* requests sent whose replies are not read */
};

/* Opens up to want (1..XK__FAN_MAX) connections. XK_EUNSUPPORTED (no
 * message) when xenstored has no socket to connect to. */
int xk__fan_open(xk_ctx *ctx, struct xk__fan *f, size_t want);
void xk__fan_close(struct xk__fan *f);
/* Opens more connections, up to want in all, as many as it can; requests
 * in flight stay on theirs. */
void xk__fan_grow(xk_ctx *ctx, struct xk__fan *f, size_t want);
/* The same, but only the connections xenstored can queue now: opening
 * more waits for it to accept (one per pass of its loop), so callers
 * ask again later, each time they have sent requests. */
void xk__fan_grow_now(struct xk__fan *f, size_t want);

/* Queues a request on connection (lane % n). */
int xk__fan_queue(xk_ctx *ctx, struct xk__fan *f, size_t lane, uint32_t type,
                  uint32_t tx, const char *a, size_t alen, const char *b,
                  size_t blen);

/* Queues a batch's requests, in order, on connection (lane % n), in
 * transaction tx; *n_r: how many (xk__pipe_batch_check reads their
 * replies). */
int xk__fan_batch_queue(xk_ctx *ctx, struct xk__fan *f, size_t lane,
                        uint32_t tx, const struct xk__store_batch *b,
                        size_t *n_r);

/* Sends every connection's requests, then reads all replies: r[i] answers
 * the i-th request queued since the last exchange. r holds f->queued.
 * Only with no other exchange in flight. After a failure the connections
 * are out of step: close the fan. */
int xk__fan_exchange(xk_ctx *ctx, struct xk__fan *f,
                     struct xk__pipe_reply *r);

/* The two halves of xk__fan_exchange, to do other work while xenstored
 * serves the requests. Up to XK__FAN_FLIGHTS exchanges may be in flight;
 * each receive reads the oldest one's replies (into r, which holds as
 * many as it had requests; NULL drops them). */
int xk__fan_send(xk_ctx *ctx, struct xk__fan *f);
int xk__fan_receive(xk_ctx *ctx, struct xk__fan *f, struct xk__pipe_reply *r);

/* Drops every request queued and not sent. */
void xk__fan_unqueue(struct xk__fan *f);

/* Reads n nodes outside any transaction, a share on each of want
 * connections (1..XK__FAN_MAX), opening those the fan lacks as it goes:
 * each share goes out before the next connection is opened, so that
 * xenstored serves it while it gets round to accepting that one (one a
 * pass; connecting first and sending after waited for every accept).
 * Shares of connections that will not open go to those that did. */
int xk__fan_read_many(xk_ctx *ctx, struct xk__fan *f, size_t want,
                      char *const *paths, size_t n,
                      struct xk__pipe_reply *r);
/* Its first half: the reads sent, as one exchange to receive (unless n is
 * 0). */
int xk__fan_read_many_send(xk_ctx *ctx, struct xk__fan *f, size_t want,
                           char *const *paths, size_t n);

/* Applies a batch outside any transaction, its requests side by side in
 * a few steps (fan_batch.c, plainly), so that each node ends as it would if the
 * batch were applied in order; provided each path appears once and no
 * removal follows a write below it. */
int xk__fan_batch_apply(xk_ctx *ctx, struct xk__fan *f,
                        const struct xk__store_batch *b);

/* The same in the caller's hands, to add requests of its own to a step's
 * exchange: a plan of the batch's requests in steps. Plain takes fewest
 * requests; staged spares xenstored work that grows with the number of
 * domains running (fan_batch.c). */
#define XK__FAN_MAX_STEPS 16

enum xk__fan_mode { XK__FAN_PLAIN, XK__FAN_STAGED };

enum xk__fan_kind { XK__FAN_RM, XK__FAN_WRITE, XK__FAN_STAGE, XK__FAN_FINAL };

struct xk__fan_item {
    enum xk__fan_kind kind;
    const char *path;
    const struct xk__store_op *op;   /* value (write), permissions (final) */
    unsigned step;
    size_t lane;
};

struct xk__fan_plan {
    struct xk__fan_item *items;      /* in queueing order */
    size_t n, cap;
    char **paths;                    /* directories xenstored makes */
    size_t npaths;
    unsigned nsteps;
    size_t lanes[XK__FAN_MAX_STEPS]; /* each step's next lane */
};

/* The plan refers to b, which must outlive it. */
int xk__fan_plan_make(xk_ctx *ctx, struct xk__fan_plan *p,
                      const struct xk__store_batch *b, enum xk__fan_mode mode);
void xk__fan_plan_free(struct xk__fan_plan *p);
/* Queues step's requests after whatever is queued, leaving the first
 * skip connections to the caller's own requests (when the fan has more);
 * *n_r: how many. On failure unqueue the fan. */
int xk__fan_plan_queue(xk_ctx *ctx, struct xk__fan *f,
                       const struct xk__fan_plan *p, unsigned step,
                       size_t skip, size_t *n_r);
/* The same, every request of the step on one connection (lane % f->n),
 * in the plan's order: a plan's later steps may then follow its earlier
 * ones in one exchange. */
int xk__fan_plan_queue_on(xk_ctx *ctx, struct xk__fan *f,
                          const struct xk__fan_plan *p, unsigned step,
                          size_t lane, size_t *n_r);
/* The first failure among the step's replies r (in queueing order). */
int xk__fan_plan_check(xk_ctx *ctx, const struct xk__fan_plan *p,
                       unsigned step, const struct xk__pipe_reply *r);

#endif

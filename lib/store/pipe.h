/*
 * pipe.h: a private xenstored connection on which requests are queued,
 * sent together and answered together (pipe.c says why), and the
 * operations create needs on it (pipe_ops.c).
 */
#ifndef XK_STORE_PIPE_H
#define XK_STORE_PIPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/batch.h"

struct xk__pipe {
    int fd;
    uint32_t next_req;
    char *out;            /* queued requests */
    size_t out_len, out_cap;
    size_t queued;
    size_t awaited;       /* requests sent whose replies are not read */
    bool broken;          /* out of step after a failure: refuses all */
    unsigned txns;        /* transaction starts queued on it so far */
    char *in;             /* replies read but not yet taken */
    size_t in_off, in_len;
};

struct xk__pipe_reply {
    int err;              /* 0, or the errno xenstored answered */
    char *data;           /* payload, NUL-terminated; owned */
    size_t len;
};

/* A new connection to xenstored's Unix socket, or -1 when there is none
 * to connect to (also used by watch.c). */
int xk__store_socket_connect(void);

/* Connects to xenstored's socket. XK_EUNSUPPORTED (no message) when there
 * is none to connect to: use libxenstore instead. */
int xk__pipe_open(xk_ctx *ctx, struct xk__pipe *p);
/* The same without waiting for xenstored to accept it: XK_EBUSY (no
 * message) when its backlog is full. */
int xk__pipe_open_now(struct xk__pipe *p);
void xk__pipe_close(struct xk__pipe *p);

/* Queues one request whose payload is a then b. */
int xk__pipe_queue(xk_ctx *ctx, struct xk__pipe *p, uint32_t type,
                   uint32_t tx, const char *a, size_t alen, const char *b,
                   size_t blen);

/* Sends what is queued and reads one reply per request, in order, into
 * replies, which holds n: n must be the number of requests queued, and
 * none sent before may await its reply (else nothing is read and the pipe
 * is out of step). After any failure of these calls the pipe refuses
 * everything: close it. */
int xk__pipe_exchange(xk_ctx *ctx, struct xk__pipe *p,
                      struct xk__pipe_reply *replies, size_t n);
/* The two halves of xk__pipe_exchange, so that several connections can
 * have their requests in xenstored at once (fan.c): a receive reads the
 * replies to the n requests sent longest ago, n at most as many as await
 * theirs. */
int xk__pipe_send(xk_ctx *ctx, struct xk__pipe *p);
int xk__pipe_receive(xk_ctx *ctx, struct xk__pipe *p,
                     struct xk__pipe_reply *replies, size_t n);
/* Drops what is queued and not sent (a request that could not be queued
 * leaves the ones before it). */
void xk__pipe_unqueue(struct xk__pipe *p);
void xk__pipe_replies_free(struct xk__pipe_reply *r, size_t n);

/* pipe_ops.c */
/* op's permissions as XS_SET_PERMS spells them into buf; 0 when it
 * inherits its parent's. */
size_t xk__perm_wire(const struct xk__store_op *op, char *buf, size_t size);
/* The first failure among op's replies (its write, then its permissions)
 * as an error on ctx; removing a missing node is not one. */
int xk__op_replies_check(xk_ctx *ctx, const struct xk__store_op *op,
                         const struct xk__pipe_reply *r);
int xk__pipe_txn_start(xk_ctx *ctx, struct xk__pipe *p, uint32_t *tx_r);
/* The transaction id in the reply to a TRANSACTION_START sent by other
 * means (with other requests, say). */
int xk__pipe_txn_id(xk_ctx *ctx, const struct xk__pipe_reply *r,
                    uint32_t *tx_r);
/* XK_EBUSY when a commit conflicted: redo the transaction. */
int xk__pipe_txn_end(xk_ctx *ctx, struct xk__pipe *p, uint32_t tx,
                     bool abort);
/* The same for the reply to a TRANSACTION_END sent by other means. */
int xk__pipe_txn_ended(xk_ctx *ctx, const struct xk__pipe_reply *r,
                       bool abort);
/* Queues every operation of b (*n_r requests); on failure unqueue. */
int xk__pipe_batch_queue(xk_ctx *ctx, struct xk__pipe *p, uint32_t tx,
                         const struct xk__store_batch *b, size_t *n_r);
/* The first failure among the replies to a queued batch. */
int xk__pipe_batch_check(xk_ctx *ctx, const struct xk__store_batch *b,
                         const struct xk__pipe_reply *r);
/* Every operation of b, in one round trip. */
int xk__pipe_batch_apply(xk_ctx *ctx, struct xk__pipe *p, uint32_t tx,
                         const struct xk__store_batch *b);
/* Reads n nodes in one round trip: r[i] is paths[i]'s reply (r[i].err
 * set, not an error, when xenstored refused that one). */
int xk__pipe_read_many(xk_ctx *ctx, struct xk__pipe *p, uint32_t tx,
                       char *const *paths, size_t n,
                       struct xk__pipe_reply *r);

/* A directory of any size, page by page (XS_DIRECTORY_PART), for when
 * XS_DIRECTORY says E2BIG: *data_r (malloc'd, NUL-separated names) and
 * *len_r. A missing directory is XK_ENOENT (no message). */
int xk__pipe_directory_all(xk_ctx *ctx, struct xk__pipe *p, uint32_t tx,
                           const char *path, char **data_r, size_t *len_r);

#endif

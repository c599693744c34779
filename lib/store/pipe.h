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
void xk__pipe_close(struct xk__pipe *p);

/* Queues one request whose payload is a then b. */
int xk__pipe_queue(xk_ctx *ctx, struct xk__pipe *p, uint32_t type,
                   uint32_t tx, const char *a, size_t alen, const char *b,
                   size_t blen);

/* Sends what is queued and reads one reply per request, in order, into
 * replies (as many as were queued). */
int xk__pipe_exchange(xk_ctx *ctx, struct xk__pipe *p,
                      struct xk__pipe_reply *replies);
void xk__pipe_replies_free(struct xk__pipe_reply *r, size_t n);

/* pipe_ops.c */
int xk__pipe_txn_start(xk_ctx *ctx, struct xk__pipe *p, uint32_t *tx_r);
/* XK_EBUSY when a commit conflicted: redo the transaction. */
int xk__pipe_txn_end(xk_ctx *ctx, struct xk__pipe *p, uint32_t tx,
                     bool abort);
/* Every operation of b, in one round trip. */
int xk__pipe_batch_apply(xk_ctx *ctx, struct xk__pipe *p, uint32_t tx,
                         const struct xk__store_batch *b);
/* Reads n nodes in one round trip: r[i] is paths[i]'s reply (r[i].err
 * set, not an error, when xenstored refused that one). */
int xk__pipe_read_many(xk_ctx *ctx, struct xk__pipe *p, uint32_t tx,
                       char *const *paths, size_t n,
                       struct xk__pipe_reply *r);
/* XK_EEXIST (with a message) if a domain other than except is named name:
 * two round trips whatever the number of domains. */
int xk__pipe_name_check(xk_ctx *ctx, struct xk__pipe *p, uint32_t tx,
                        const char *name, uint32_t except);

#endif

/*
 * batch.h: a list of xenstore writes (value and permissions) built in memory
 * and then applied in one transaction. Building is separate from writing so
 * a domain's whole xenstore layout can be checked by unit tests without Xen,
 * and so it costs one commit instead of one per node.
 */
#ifndef XK_STORE_BATCH_H
#define XK_STORE_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* Permissions of a node, as libxl uses them. */
enum xk__perm {
    XK__PERM_INHERIT = 0, /* what xenstored gives a new node: its parent's */
    XK__PERM_DOM0,        /* dom0 only */
    XK__PERM_READ,        /* dom0 owns it, domain `dom` may read it */
    XK__PERM_OWNED,       /* domain `dom` owns it (reads and writes) */
    XK__PERM_OWNED_R0,    /* `dom` owns it, dom0 (its backend) may read */
};

struct xk__store_op {
    char *path;            /* owned */
    char *value;           /* owned; "" for an empty node */
    enum xk__perm perm;
    uint32_t dom;          /* the domain perm refers to */
    int remove;            /* rm the path instead of writing it */
};

struct xk__store_batch {
    struct xk__store_op *ops;
    size_t n, cap;
    int err;               /* first failure while building (XK_ENOMEM,
                              XK_EINVAL for an over-long path); sticky */
};

void xk__batch_init(struct xk__store_batch *b);
/* Frees everything; the batch can be reused after xk__batch_init. */
void xk__batch_dispose(struct xk__store_batch *b);

/*
 * Appends a write of value to the path formatted from fmt. Failures are
 * remembered in b->err and make later calls no-ops, so a layout can be
 * written as a plain sequence and checked once at the end.
 */
void xk__batch_put(struct xk__store_batch *b, enum xk__perm perm, uint32_t dom,
                   const char *value, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Appends the removal of a path (and everything under it). */
void xk__batch_rm(struct xk__store_batch *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The value the batch writes to path, or NULL (for tests and checks). */
const struct xk__store_op *xk__batch_find(const struct xk__store_batch *b,
                                          const char *path);

/* Changes the value the batch writes to path, if it writes it. */
void xk__batch_set_value(struct xk__store_batch *b, const char *path,
                         const char *value);

/* Applies every operation in order inside transaction t. */
int xk__store_batch_apply(xk_ctx *ctx, xk_store_txn t,
                          const struct xk__store_batch *b);

#endif

/*
 * lifecycle.h: the lifecycle record (lifecycle.c) read and written inside
 * a caller's xenstore transaction, for changes that must go with others
 * (a rename changes the name the record restarts the domain under).
 */
#ifndef XK_DOMAIN_LIFECYCLE_H
#define XK_DOMAIN_LIFECYCLE_H

#include "store/batch.h"
#include "store/store.h"

/* As xk_lifecycle_read / xk_lifecycle_record, inside t. */
int xk__lifecycle_read_txn(xk_ctx *ctx, xk_store_txn t, uint32_t domid,
                           xk_lifecycle *lc_r);
int xk__lifecycle_write_txn(xk_ctx *ctx, xk_store_txn t, uint32_t domid,
                            const xk_lifecycle *lc);

/* XK_EINVAL (with a message) unless lc can be recorded. */
int xk__lifecycle_check(xk_ctx *ctx, const xk_lifecycle *lc);
/* Appends the writes of domid's record (after removing any old one) to
 * b: for a create, which writes it with the domain's home. */
void xk__lifecycle_batch(struct xk__store_batch *b, uint32_t domid,
                         const xk_lifecycle *lc);

#endif

/*
 * lifecycle.h: the lifecycle record (lifecycle.c) read and written inside
 * a caller's xenstore transaction, for changes that must go with others
 * (a rename changes the name the record restarts the domain under).
 */
#ifndef XK_DOMAIN_LIFECYCLE_H
#define XK_DOMAIN_LIFECYCLE_H

#include "store/store.h"

/* As xk_lifecycle_read / xk_lifecycle_record, inside t. */
int xk__lifecycle_read_txn(xk_ctx *ctx, xk_store_txn t, uint32_t domid,
                           xk_lifecycle *lc_r);
int xk__lifecycle_write_txn(xk_ctx *ctx, xk_store_txn t, uint32_t domid,
                            const xk_lifecycle *lc);

#endif

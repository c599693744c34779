/*
 * store.h: a thin internal wrapper over libxenstore. The handle is opened
 * lazily into ctx->xs; every failure is recorded on the context.
 */
#ifndef XK_STORE_STORE_H
#define XK_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xenkit.h"

/* A transaction id; XK_STORE_NOTXN means "outside any transaction". */
typedef uint32_t xk_store_txn;
#define XK_STORE_NOTXN ((xk_store_txn)0)

/* Longest path we build; xenstored's own limit is 3072 bytes. */
#define XK_STORE_PATH_MAX 3072

/* Opens ctx->xs on first use. XK_ESTORE if xenstored cannot be reached. */
int xk__store_open(xk_ctx *ctx);

/*
 * Formats a path into buf (size XK_STORE_PATH_MAX is always enough for the
 * caller's own paths). XK_EINVAL if it does not fit.
 */
int xk__store_path(xk_ctx *ctx, char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/*
 * Reads a node. On success *value_r is a NUL-terminated malloc'd string
 * (free() it) and *len_r, if not NULL, its length. A missing node is
 * XK_ENOENT and records no error message, so callers can treat absence as
 * normal without clobbering an earlier message.
 */
int xk__store_read(xk_ctx *ctx, xk_store_txn t, const char *path,
                   char **value_r, size_t *len_r);

/*
 * Reads a node into a caller's buffer, truncating to size - 1 bytes.
 * XK_ENOENT (no message) if the node is missing.
 */
int xk__store_read_buf(xk_ctx *ctx, xk_store_txn t, const char *path,
                       char *buf, size_t size);

/* Reads a node holding a decimal unsigned number. XK_EINVAL if it does not. */
int xk__store_read_u64(xk_ctx *ctx, xk_store_txn t, const char *path,
                       uint64_t *value_r);

/*
 * Lists a directory's children. *entries_r is one malloc'd block holding
 * the array and the strings: free() it once. A missing directory is XK_ENOENT
 * (no message).
 */
int xk__store_directory(xk_ctx *ctx, xk_store_txn t, const char *path,
                        char ***entries_r, unsigned *n_r);

/* Writes a string value (without its NUL), creating the node if needed. */
int xk__store_write(xk_ctx *ctx, xk_store_txn t, const char *path,
                    const char *value);

/* Creates an empty node (and its parents) if it does not exist. */
int xk__store_mkdir(xk_ctx *ctx, xk_store_txn t, const char *path);

/* Removes a node and everything under it; a missing node is not an error. */
int xk__store_rm(xk_ctx *ctx, xk_store_txn t, const char *path);

/* Starts a transaction. */
int xk__store_txn_start(xk_ctx *ctx, xk_store_txn *t_r);

/*
 * Ends a transaction: commits it, or discards it when abort is true.
 * XK_EBUSY means the commit conflicted with another writer and nothing was
 * written: start a new transaction and redo the work.
 */
int xk__store_txn_end(xk_ctx *ctx, xk_store_txn t, bool abort);

/* Strips trailing ASCII whitespace; for values written by hand or by guests. */
void xk__store_chomp(char *s);

#endif

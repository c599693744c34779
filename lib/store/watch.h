/*
 * watch.h: xenstore watches and node permissions, for code that waits on
 * state another domain writes (device backends, guests) and that creates
 * nodes a guest may read or write.
 */
#ifndef XK_STORE_WATCH_H
#define XK_STORE_WATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

struct xk_store_watch {
    bool active;
    bool own;             /* on the context's own watch connection */
    char token[32];
    char path[XK_STORE_PATH_MAX];
};

/* Registers a watch on path and everything under it. */
int xk__store_watch(xk_ctx *ctx, struct xk_store_watch *w, const char *path);

/* Removes it; a watch that is not active is ignored. */
void xk__store_unwatch(xk_ctx *ctx, struct xk_store_watch *w);

/*
 * Sleeps until a watch event arrives on this context's handle or timeout_ms
 * passes, and drains every queued event: callers re-read what they wait on,
 * so events are wake-ups, not data. Returns 1 after events, 0 on timeout.
 */
int xk__store_wait_event(xk_ctx *ctx, int timeout_ms);

/* Closes the context's watch connection, dropping its watches. */
void xk__store_watch_close(xk_ctx *ctx);

/*
 * Gives path the owner `owner` (full access) and lets `reader` read it; every
 * other unprivileged domain gets nothing. reader may equal owner.
 */
int xk__store_set_perms(xk_ctx *ctx, xk_store_txn t, const char *path,
                        uint32_t owner, uint32_t reader);

#endif

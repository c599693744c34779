/*
 * home.h: a create's xenstore work spread over several xenstored
 * connections (home.c says how and why). Used when xenstored has a socket;
 * create.c falls back to libxenstore, request by request, otherwise.
 */
#ifndef XK_DOMAIN_HOME_H
#define XK_DOMAIN_HOME_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/create.h"
#include "store/fan.h"

struct xk__home {
    struct xk__fan fan;
    bool pending;          /* our /xenkit/creating record is written */
    bool introduced;       /* xenstored knows the domain */
    struct xk__live {      /* the running domains */
        uint32_t domid;
        char uuid8[9];     /* their UUIDs' first 8 hex digits */
        bool indexed;      /* the index covers its name */
        bool named;        /* its name is known and is not ours */
    } *live;
    size_t nlive;
    bool index_usable;     /* the index could be listed (name_index.c) */
    char *indexed;         /* its entries, NUL-separated */
    size_t indexed_len;
    char *claim;           /* the claim node of the new name, or NULL */
};

/* Before the domain exists: reaps leftovers of killed creates, reads the
 * tool domains' ids, writes the pending record and lists the name index,
 * all at once. XK_EUNSUPPORTED (no message) when xenstored has no socket. */
int xk__home_begin(xk_ctx *ctx, struct xk__home *h, const uint8_t uuid[16],
                   uint32_t *store_domid, uint32_t *console_domid);

/* Writes the built domain's home, makes its name ours (XK_EEXIST if it is
 * taken) and introduces the domain to xenstored; with finish, removes the
 * pending record in the same transaction. */
int xk__home_write(xk_ctx *ctx, struct xk__home *h,
                   const struct xk__domspec *s, const struct xk__built *bt,
                   bool finish);

void xk__home_end(struct xk__home *h);

#endif

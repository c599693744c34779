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
    bool oxenstored;       /* xenstored is oxenstored (store/daemon.h) */
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
    /* Between xk__home_send and xk__home_write: */
    struct xk__store_batch rest, names;  /* the nodes, outside and inside
                                            the name's transaction */
    struct xk__fan_plan plan;
    bool early;              /* step 0 went out before the first exchange's
                                replies, which the nodes below wait for */
    struct xk__store_batch after;  /* early: the console backend and the
                                      index entries, with step 1 */
    struct xk__fan_plan after_plan;
    size_t nplan, nafter;    /* the last step queued: its requests of plan
                                and of after_plan */
    unsigned names_step;     /* the step the names to read ride with */
    struct xk__live **read;  /* those domains */
    size_t nread;
    size_t step0;            /* requests in step 0's exchange */
    bool finish;             /* the create ends with the name: the pending
                                record's removal (fin) goes in the name's
                                transaction, or right after its commit when
                                that went early (xk__home_commit_end) */
    struct xk__store_batch fin;
    bool fin_in_txn;
    bool fin_due;            /* it is to go after the commit */
    size_t nnames;           /* requests of names in the transaction */
    char name_path[48];      /* the domain's name node */
    bool ride;               /* the transaction rides the last step */
    size_t nclaim;           /* with that many requests */
    struct xk__pipe_reply *claim_r;  /* and their replies */
    size_t nown;             /* the last step queued: its own requests (the
                                names to read, the transaction's) */
    bool commit_sent;        /* the commit's reply is due on connection 0 */
};

/* Before the domain exists: sends, all at once, the pending record, the
 * reads of the tool domains' ids, of the leftovers of killed creates and
 * of the name index. XK_EUNSUPPORTED (no message) when xenstored has no
 * socket. */
int xk__home_begin(xk_ctx *ctx, struct xk__home *h, const uint8_t uuid[16]);
/* Their replies, after the hypervisor made the domain meanwhile: the tool
 * domains' ids; leftovers are reaped. */
int xk__home_begun(xk_ctx *ctx, struct xk__home *h, const uint8_t uuid[16],
                   uint32_t *store_domid, uint32_t *console_domid);

/* Once the domain exists, before it is built: sends the first step of
 * its home (the nodes that do not depend on the build), so that xenstored
 * writes them while the domain is built; with finish, the pending record
 * goes with the name. */
int xk__home_send_early(xk_ctx *ctx, struct xk__home *h,
                        const struct xk__domspec *s,
                        const struct xk__built *bt, bool finish);
int xk__home_send(xk_ctx *ctx, struct xk__home *h,
                  const struct xk__domspec *s, const struct xk__built *bt,
                  bool finish);

/* After the build: writes the rest of the home, makes the name ours
 * (XK_EEXIST if it is taken) and introduces the domain to xenstored. */
int xk__home_write(xk_ctx *ctx, struct xk__home *h,
                   const struct xk__domspec *s, const struct xk__built *bt);

/* After a failed create: removes what the first step wrote outside the
 * domain's home (/vm/UUID, the index entry), which the teardown finds only
 * through nodes written later. Keeps ctx's error. */
void xk__home_undo(xk_ctx *ctx, struct xk__home *h);

/* home_name.c, for home.c: what makes the name ours. */
void xk__home_reply_error(xk_ctx *ctx, const char *what, const char *path,
                          int e);
/* One try at the name's transaction, started in the same exchange as its
 * first requests. */
int xk__home_claim_fresh(xk_ctx *ctx, struct xk__home *h, const char *name,
                         const struct xk__built *bt);
/* The running domains (create lists them before the index is in), and,
 * once the index is listed, which of them it covers. */
int xk__home_load_live(xk_ctx *ctx, struct xk__home *h);
void xk__home_mark_indexed(struct xk__home *h);
/* What the create adds to the index: the claim (to h->names, in the
 * transaction) and the domain's entry, and removals of dead domains'
 * entries (both to the batch to). */
int xk__home_index_writes(xk_ctx *ctx, struct xk__home *h,
                          const struct xk__domspec *s, uint32_t domid,
                          struct xk__store_batch *to);
/* The names read with a step (r, n of them, of h->read): XK_EEXIST if
 * one is ours; the others are marked as known. */
int xk__home_check_names(xk_ctx *ctx, struct xk__home *h,
                         const struct xk__pipe_reply *r, const char *name);
/* The transaction t's first requests, on connection 0 (*n_r: how many),
 * and what follows their replies r: the names of domains unknown so far,
 * then the commit beside the introduction, or an abort. */
int xk__home_queue_claim(xk_ctx *ctx, struct xk__home *h, uint32_t t,
                         size_t *n_r);
int xk__home_finish_claim(xk_ctx *ctx, struct xk__home *h,
                          struct xk__pipe_reply *r, const char *name,
                          const struct xk__built *bt, uint32_t t);
/* The same checks, but only the commit is sent: what the step still
 * has in flight on other connections is read meanwhile. */
int xk__home_claim_early(xk_ctx *ctx, struct xk__home *h,
                         struct xk__pipe_reply *r, const char *name,
                         uint32_t domid, uint32_t t);
/* The commit's reply (XK_EBUSY: it conflicted), with the introduction
 * beside it unless the domain is introduced. */
int xk__home_commit_end(xk_ctx *ctx, struct xk__home *h,
                        const struct xk__built *bt);
/* Both in one exchange: one try at the transaction. */
int xk__home_claim_name(xk_ctx *ctx, struct xk__home *h, const char *name,
                        const struct xk__built *bt, uint32_t t);

/* Waits for whatever xenstored still has of ours (so that a teardown
 * comes after it), then closes the connections. Keeps ctx's error. */
void xk__home_end(xk_ctx *ctx, struct xk__home *h);

#endif

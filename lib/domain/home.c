/*
 * home.c: the xenstore work of a create, over several xenstored
 * connections at once when dom0 reaches xenstored through its socket.
 *
 * xenstored serves one request per connection per pass over all its
 * connections (store/fan.h), and a pass costs more the more domains run,
 * so what counts is how many requests wait on one connection. Everything
 * that needs no transaction goes out side by side: before the domain
 * exists, the leftovers check, the tool domains' ids, the pending record
 * and xenkit's name index (name_index.c); as soon as it exists, before
 * those replies are read, the home's first step (the top nodes and their
 * permissions); after the build, the rest of the home's nodes (store/fan.c
 * keeps permissions as an ordered write would), the console backend's
 * directory, whose path the replies give, and the names of the running
 * domains the index does not cover. The transaction (home_name.c)
 * then holds only what makes the name ours: it lists /local/domain, reads
 * the name's claim, the claimed domain's name and the names of domains
 * not read before, and writes the name node and the claim, so a racing
 * create of the same name by any toolstack either shows up in it or makes
 * its commit fail and retry. Its first requests ride the home's last
 * step, in the id xenstored will give it, behind an empty name node: a
 * node the transaction finds there is all it touches, where a new one
 * would be touching its parent, which the step's other writes change.
 * They go as an exchange of their own ahead of the step's other requests,
 * so their replies come first and the commit goes while xenstored still
 * writes the rest, when step 0 went early (2.4 ms of a create in the
 * lab, by the medians; see write_steps). When the domain has no
 * devices the create ends with its name: the pending record is removed in
 * the transaction or, when the commit went early, after it, beside the
 * introduction, once the home is all written, so that a create killed
 * before then is still reaped. A domain another toolstack renames to our
 * name between the early read and the commit is not caught; libxl checks
 * names outside any transaction at all. The record xenkit-monitord acts
 * on, when the create is supervised, is among the home's nodes
 * (layout.c).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xen/io/xs_wire.h>

#include "core/context.h"
#include "domain/create.h"
#include "domain/home.h"
#include "domain/name_index.h"
#include "store/daemon.h"

/* Connections for a create: with 16 it was no faster in the lab (its
 * requests come in steps of a few dozen), and each costs a pass of
 * xenstored to open. */
#define HOME_CONNS 8
/* From how many running domains the home's permissions are staged. */
#define STAGE_FROM 16

static int parse_domid(xk_ctx *ctx, const char *path,
                       const struct xk__pipe_reply *r, uint32_t *domid_r)
{
    *domid_r = 0;
    if (r->err == ENOENT)
        return 0;
    if (r->err) {
        xk__home_reply_error(ctx, "read", path, r->err);
        return ctx->last_code;
    }
    char *end;
    unsigned long v = strtoul(r->data, &end, 10);
    if (end == r->data || v >= 0x7FF0)
        return xk__error(ctx, XK_ESTORE, "xenstore %s: not a domain id",
                         path);
    *domid_r = (uint32_t)v;
    return 0;
}

int xk__home_begin(xk_ctx *ctx, struct xk__home *h, const uint8_t uuid[16])
{
    memset(h, 0, sizeof(*h));
    /* Two connections take the requests; the others are opened while
     * xenstored serves them, without waiting for it to accept them (one
     * per pass): a few now, more each time the create comes back here. */
    if (xk__fan_open(ctx, &h->fan, 2) != 0)
        return XK_EUNSUPPORTED;

    char u[XK__UUID_STRLEN], pending[96], val[64];
    xk__uuid_format(uuid, u);
    snprintf(pending, sizeof(pending), XK__PENDING_DIR "/%s", u);
    xk__pending_value(val, sizeof(val));

    static const char *const dir = XK__PENDING_DIR,
                             *const tool_s = "/tool/xenstored/domid",
                             *const tool_c = "/tool/xenconsoled/domid";
    struct xk__fan *f = &h->fan;
    int rc = xk__fan_queue(ctx, f, 0, XS_DIRECTORY, 0, dir, strlen(dir) + 1,
                           NULL, 0);
    if (!rc)
        rc = xk__fan_queue(ctx, f, 1, XS_READ, 0, tool_s, strlen(tool_s) + 1,
                           NULL, 0);
    if (!rc)
        rc = xk__fan_queue(ctx, f, 2, XS_READ, 0, tool_c, strlen(tool_c) + 1,
                           NULL, 0);
    if (!rc)
        rc = xk__fan_queue(ctx, f, 3, XS_WRITE, 0, pending,
                           strlen(pending) + 1, val, strlen(val));
    if (!rc)
        rc = xk__fan_queue(ctx, f, 4, XS_DIRECTORY, 0, XK__INDEXED_DIR,
                           sizeof(XK__INDEXED_DIR), NULL, 0);
    if (!rc)
        rc = xk__fan_queue(ctx, f, 5, XS_CONTROL, 0, XK__DAEMON_ASK,
                           sizeof(XK__DAEMON_ASK), NULL, 0);
    if (rc) {
        xk__fan_unqueue(f);
        return rc;
    }
    /* From here the record may exist: the caller clears it on failure. */
    h->pending = true;
    rc = xk__fan_send(ctx, f);
    if (!rc)
        xk__fan_grow_now(f, HOME_CONNS);
    return rc;
}

int xk__home_begun(xk_ctx *ctx, struct xk__home *h, const uint8_t uuid[16],
                   uint32_t *store_domid, uint32_t *console_domid)
{
    char u[XK__UUID_STRLEN], pending[96];
    xk__uuid_format(uuid, u);
    snprintf(pending, sizeof(pending), XK__PENDING_DIR "/%s", u);
    static const char *const tool_s = "/tool/xenstored/domid",
                             *const tool_c = "/tool/xenconsoled/domid";
    struct xk__fan *f = &h->fan;
    struct xk__pipe_reply r[6] = { 0 };
    xk__fan_grow_now(f, HOME_CONNS);
    int rc = xk__fan_receive(ctx, f, r);
    h->oxenstored = !rc && xk__store_answer_is_oxenstored(&r[5]);
    xk__timing(ctx, "home: %zu connections open to %s, first exchange",
               f->n, h->oxenstored ? "oxenstored" : "xenstored");
    if (!rc && r[3].err) {
        xk__home_reply_error(ctx, "write", pending, r[3].err);
        rc = ctx->last_code;
    }
    if (!rc)
        rc = parse_domid(ctx, tool_s, &r[1], store_domid);
    if (!rc)
        rc = parse_domid(ctx, tool_c, &r[2], console_domid);
    if (!rc) {
        h->index_usable = r[4].err == 0 || r[4].err == ENOENT;
        if (r[4].err == 0) {
            h->indexed = r[4].data;
            h->indexed_len = r[4].len;
            r[4].data = NULL;
        } else if (r[4].err == E2BIG) {
            /* Some 290 entries no longer fit in one reply: page, on a
             * connection of its own (step 0 may be in flight on these). */
            struct xk__pipe p;
            int e = xk__pipe_open(ctx, &p);
            if (!e)
                e = xk__pipe_directory_all(ctx, &p, 0, XK__INDEXED_DIR,
                                           &h->indexed, &h->indexed_len);
            xk__pipe_close(&p);
            h->index_usable = e == 0 || e == XK_ENOENT;
            xk__clear_error(ctx);
        }
    }
    /* Leftovers of killed creates (rare) are reaped the slow way: they
     * may hold this name. Our own record is among them, and alive. */
    bool others = !rc && !r[0].err && r[0].len > 0 &&
                  !(r[0].len == strlen(u) + 1 && strcmp(r[0].data, u) == 0);
    xk__pipe_replies_free(r, 6);
    if (others) {
        xk__pending_reap(ctx);
        xk__clear_error(ctx);
    }
    return rc;
}

/* The step that carries the start of the name's transaction: the plan's
 * last (step 0 when the plan has none). */
static unsigned last_step(const struct xk__home *h)
{
    return h->plan.nsteps ? h->plan.nsteps - 1 : 0;
}

/* The id xenstored (C) gives the first transaction of a connection: it
 * numbers each connection's transactions from 1. */
#define FIRST_TXN 1

/* The running domains whose names the index does not cover: they are
 * read beside a step, so that a taken name stops the create there. */
static int choose_names(xk_ctx *ctx, struct xk__home *h, uint32_t domid)
{
    h->read = calloc(h->nlive ? h->nlive : 1, sizeof(*h->read));
    if (!h->read)
        return xk__error(ctx, XK_ENOMEM, "out of memory");
    for (size_t i = 0; i < h->nlive; i++) {
        struct xk__live *l = &h->live[i];
        if (l->domid == domid)
            continue;
        if (l->indexed)
            l->named = true;
        else
            h->read[h->nread++] = l;
    }
    return 0;
}

/* Queues the reads of those names, from lane first on. */
static int queue_names(xk_ctx *ctx, struct xk__home *h, size_t first)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < h->nread; i++) {
        char path[48];
        int len = snprintf(path, sizeof(path), "/local/domain/%u/name",
                           h->read[i]->domid);
        rc = xk__fan_queue(ctx, &h->fan, first + i, XS_READ, 0, path,
                           (size_t)len + 1, NULL, 0);
    }
    return rc;
}

/* Whether the name's transaction rides step: see queue_own. */
static bool rides(const struct xk__home *h, unsigned step)
{
    return step == last_step(h) && step > 0 && h->fan.pipe[0].txns == 0;
}

/* How many connections a step's own requests keep from the plan's: the
 * transaction's, when it rides the step, and after an early step 0 the
 * one for what waited for the first exchange's replies (in order: the
 * console backend's directory before what is below it). */
static size_t own_lanes(const struct xk__home *h, unsigned step)
{
    bool after = h->early && step == 1;
    return (h->ride ? 1 : 0) + (after ? 1 : 0);
}

/* Queues a step's own requests: the names to read (with names_step), and
 * with the last step the start of the name's transaction. When that step
 * is not the first (the name node's parent has its permissions by then)
 * and connection 0 has had no transaction yet, an empty name node goes
 * before the start and the transaction's first requests after it, in the
 * id it is to get, on a connection of their own (each connection's
 * requests are served one a pass): a round trip less. Should the
 * transaction get another id, they fail harmlessly and go again in it.
 * *n_r: how many requests. */
static int queue_own(xk_ctx *ctx, struct xk__home *h, unsigned step,
                     size_t *n_r)
{
    bool last = step == last_step(h);
    h->ride = rides(h, step);
    int rc = 0;
    *n_r = 0;
    if (step == h->names_step) {
        rc = queue_names(ctx, h, step == 0 ? 0 : own_lanes(h, step));
        *n_r += h->nread;
    }
    if (!rc && h->ride) {
        rc = xk__fan_queue(ctx, &h->fan, 0, XS_WRITE, 0, h->name_path,
                           strlen(h->name_path) + 1, "", 0);
        ++*n_r;
    }
    if (!rc && last) {
        rc = xk__fan_queue(ctx, &h->fan, 0, XS_TRANSACTION_START, 0, "", 1,
                           NULL, 0);
        ++*n_r;
    }
    h->nclaim = 0;
    if (!rc && h->ride)
        rc = xk__home_queue_claim(ctx, h, FIRST_TXN, &h->nclaim);
    *n_r += h->nclaim;
    h->nown = *n_r;
    return rc;
}

/* Queues the plan's requests of a step, and with step 1 after an early
 * step 0 what waited for the first exchange's replies. *n_r: how many. */
static int queue_plan(xk_ctx *ctx, struct xk__home *h, unsigned step,
                      size_t *n_r)
{
    bool after = h->early && step == 1;
    size_t skip = own_lanes(h, step), n = 0;
    int rc = xk__fan_plan_queue(ctx, &h->fan, &h->plan, step, skip, &n);
    h->nplan = n;
    h->nafter = 0;
    for (unsigned s = 0; !rc && after && s < h->after_plan.nsteps; s++) {
        rc = xk__fan_plan_queue_on(ctx, &h->fan, &h->after_plan, s,
                                   skip - 1, &n);
        h->nafter += n;
    }
    *n_r = h->nplan + h->nafter;
    return rc;
}

/* Both, as one exchange. */
static int queue_step(xk_ctx *ctx, struct xk__home *h, unsigned step,
                      size_t *n_r)
{
    size_t own = 0, plan = 0;
    int rc = queue_own(ctx, h, step, &own);
    if (!rc)
        rc = queue_plan(ctx, h, step, &plan);
    *n_r = own + plan;
    return rc;
}

/* Checks the replies r to a step's own requests: the names read (with
 * names_step) and, with the last step, the transaction's start (*t_r is
 * its id), whose first requests' replies are kept for the claim when
 * they were in it. */
static int check_own(xk_ctx *ctx, struct xk__home *h, unsigned step,
                     struct xk__pipe_reply *r, const char *name,
                     uint32_t *t_r)
{
    size_t pre = step == h->names_step ? h->nread : 0;
    int rc = pre ? xk__home_check_names(ctx, h, r, name) : 0;
    if (rc || step != last_step(h))
        return rc;
    struct xk__pipe_reply *start = r + pre + (h->ride ? 1 : 0);
    if (h->ride && r[pre].err) {
        xk__home_reply_error(ctx, "write", h->name_path, r[pre].err);
        return ctx->last_code;
    }
    rc = xk__pipe_txn_id(ctx, start, t_r);
    if (!rc && h->ride && *t_r == FIRST_TXN) {
        h->claim_r = calloc(h->nclaim, sizeof(*h->claim_r));
        if (!h->claim_r)
            return xk__error(ctx, XK_ENOMEM, "out of memory");
        memcpy(h->claim_r, start + 1, h->nclaim * sizeof(*h->claim_r));
        memset(start + 1, 0, h->nclaim * sizeof(*start));
    }
    return rc;
}

/* Checks the replies r to the plan's requests of a step. */
static int check_plan(xk_ctx *ctx, struct xk__home *h, unsigned step,
                      const struct xk__pipe_reply *r)
{
    int rc = xk__fan_plan_check(ctx, &h->plan, step, r);
    const struct xk__pipe_reply *ra = r + h->nplan;
    for (unsigned s = 0; !rc && h->nafter && s < h->after_plan.nsteps; s++) {
        rc = xk__fan_plan_check(ctx, &h->after_plan, s, ra);
        for (size_t i = 0; i < h->after_plan.n; i++)
            ra += h->after_plan.items[i].step == s;
    }
    return rc;
}

/* Receives a step sent as one exchange, and checks it. */
static int finish_step(xk_ctx *ctx, struct xk__home *h, unsigned step,
                       size_t total, const char *name, uint32_t *t_r)
{
    struct xk__pipe_reply *r = calloc(total ? total : 1, sizeof(*r));
    int rc = r ? xk__fan_receive(ctx, &h->fan, r)
               : xk__error(ctx, XK_ENOMEM, "out of memory");
    size_t own = h->nown;
    if (!rc)
        rc = check_own(ctx, h, step, r, name, t_r);
    if (!rc)
        rc = check_plan(ctx, h, step, r + own);
    if (r)
        xk__pipe_replies_free(r, total);
    free(r);
    xk__timing(ctx, "home: step %u: %zu requests", step, total);
    return rc;
}

/* Receives the last step sent as two exchanges, its own requests ahead
 * of the plan's: once their replies are in and the name is free, the
 * commit goes out while xenstored still writes the plan's nodes (its
 * reply is read with the introduction). */
static int finish_split(xk_ctx *ctx, struct xk__home *h, unsigned step,
                        size_t own, size_t plan, const char *name,
                        uint32_t domid, uint32_t *t_r)
{
    size_t most = own > plan ? own : plan;
    struct xk__pipe_reply *r = calloc(most ? most : 1, sizeof(*r));
    if (!r)
        return xk__error(ctx, XK_ENOMEM, "out of memory");
    int rc = xk__fan_receive(ctx, &h->fan, r);
    if (!rc)
        rc = check_own(ctx, h, step, r, name, t_r);
    xk__pipe_replies_free(r, own);
    if (!rc && h->claim_r)
        rc = xk__home_claim_early(ctx, h, h->claim_r, name, domid, *t_r);
    xk__timing(ctx, "home: the transaction's %zu requests of step %u "
               "answered%s", own, step, h->commit_sent ? ", commit sent" : "");
    /* The plan's replies are read whatever happened: the connections stay
     * in step for the undoing. */
    memset(r, 0, most * sizeof(*r));
    int rp = xk__fan_receive(ctx, &h->fan, r);
    if (!rp)
        rp = check_plan(ctx, h, step, r);
    xk__pipe_replies_free(r, plan);
    free(r);
    xk__timing(ctx, "home: step %u: %zu requests", step, own + plan);
    return rc ? rc : rp;
}

/* The caller's work for while xenstored writes (create.h), once. */
static void meanwhile(xk_ctx *ctx, const struct xk__domspec *s,
                      uint32_t domid, bool *done)
{
    if (s->meanwhile && !*done)
        s->meanwhile(ctx, s->meanwhile_arg, domid);
    *done = true;
}

/* The rest of the plan after step 0, a step per exchange; the caller's
 * work is done while the first of them is out. After an early step 0 the
 * last step's own requests go as an exchange of their own ahead of the
 * plan's (when the plan leaves their connections to them): the
 * transaction's replies then come first (finish_split). With more
 * domains step 0 waits for the first exchange's replies and the
 * transaction's share of the last step takes as long as the others (120
 * domains, oxenstored: no faster, 129.6 against 125.6 ms by the medians
 * of 5 alternating creations), so it goes as one exchange, as before. */
static int write_steps(xk_ctx *ctx, struct xk__home *h,
                       const struct xk__domspec *s, uint32_t domid,
                       uint32_t *t_r)
{
    int rc = 0;
    bool done = false;
    for (unsigned step = 1; !rc && step <= last_step(h); step++) {
        size_t own = 0, plan = 0;
        h->ride = rides(h, step);
        bool split = h->early && h->ride && h->fan.n > own_lanes(h, step);
        /* A commit that goes early leaves the pending record until the
         * home is all written: a create killed meanwhile is reaped. */
        if (split && h->finish) {
            h->fin_in_txn = false;
            h->fin_due = true;
        }
        rc = queue_own(ctx, h, step, &own);
        if (!rc && split)
            rc = xk__fan_send(ctx, &h->fan);
        if (!rc)
            rc = queue_plan(ctx, h, step, &plan);
        if (rc) {
            xk__fan_unqueue(&h->fan);
            break;
        }
        rc = xk__fan_send(ctx, &h->fan);
        if (!rc)
            meanwhile(ctx, s, domid, &done);
        if (!rc && split)
            rc = finish_split(ctx, h, step, own, plan, s->name, domid, t_r);
        else if (!rc)
            rc = finish_step(ctx, h, step, own + plan, s->name, t_r);
    }
    if (!rc)
        meanwhile(ctx, s, domid, &done);
    return rc;
}

/* The home's nodes, for the plan's steps, but the name's: that one is
 * written in the transaction that makes the name ours, with the removal of
 * the pending record when finish. Without with_backend, the console
 * backend's directory is left for later. */
static void lay_out(struct xk__home *h, const struct xk__domspec *s,
                    const struct xk__built *bt, bool with_backend,
                    bool finish)
{
    struct xk__store_batch all;
    xk__batch_init(&all);
    xk__batch_init(&h->rest);
    xk__batch_init(&h->names);
    xk__batch_init(&h->fin);
    xk__layout_domain_own(&all, s, bt, with_backend);
    snprintf(h->name_path, sizeof(h->name_path), "/local/domain/%u/name",
             bt->domid);
    for (size_t i = 0; i < all.n; i++) {
        const struct xk__store_op *op = &all.ops[i];
        struct xk__store_batch *to =
            strcmp(op->path, h->name_path) == 0 ? &h->names : &h->rest;
        if (op->remove)
            xk__batch_rm(to, "%s", op->path);
        else
            xk__batch_put(to, op->perm, op->dom, op->value, "%s", op->path);
    }
    if (all.err)
        h->rest.err = all.err;
    xk__batch_dispose(&all);
    h->finish = finish;
    h->fin_in_txn = finish;
    if (finish)
        xk__pending_end(&h->fin, s->uuid);
}

/* Step 0 as soon as the domain exists, before the first exchange's
 * replies, so that xenstored writes it while they travel and the domain
 * is set up and built. It is the plain plan's first step without what
 * waits for those replies: the console backend's directory (its path is
 * the console domain's; the nodes naming it get their values later) and
 * the index's entries go with step 1, as do the names to read. With more
 * than STAGE_FROM domains the plan depends on which xenstored serves, so
 * xk__home_send does it all once the replies are in. */
int xk__home_send_early(xk_ctx *ctx, struct xk__home *h,
                        const struct xk__domspec *s,
                        const struct xk__built *bt, bool finish)
{
    int rc = xk__home_load_live(ctx, h);
    xk__timing(ctx, "home: %zu domains listed", h->nlive);
    if (rc || h->nlive > STAGE_FROM)
        return rc;
    lay_out(h, s, bt, false, finish);
    rc = xk__fan_plan_make(ctx, &h->plan, &h->rest, XK__FAN_PLAIN);
    if (rc)
        return rc;
    if (h->plan.nsteps != 2) {
        /* Not the home's usual shape: no step 1 to carry the rest. */
        xk__fan_plan_free(&h->plan);
        xk__batch_dispose(&h->rest);
        xk__batch_dispose(&h->names);
        xk__batch_dispose(&h->fin);
        return 0;
    }
    h->early = true;
    h->names_step = 1;
    size_t n = 0;
    xk__fan_grow_now(&h->fan, HOME_CONNS);
    rc = queue_step(ctx, h, 0, &n);
    if (rc) {
        xk__fan_unqueue(&h->fan);
        return rc;
    }
    h->step0 = n;
    rc = xk__fan_send(ctx, &h->fan);
    xk__timing(ctx, "home: step 0 out before the first exchange's replies");
    return rc;
}

int xk__home_send(xk_ctx *ctx, struct xk__home *h,
                  const struct xk__domspec *s, const struct xk__built *bt,
                  bool finish)
{
    /* The index is listed now. */
    xk__home_mark_indexed(h);
    int rc = 0;
    if (h->early) {
        xk__batch_init(&h->after);
        xk__layout_console_backend(&h->after, bt);
        rc = xk__home_index_writes(ctx, h, s, bt->domid, &h->after);
        if (!rc)
            rc = xk__fan_plan_make(ctx, &h->after_plan, &h->after,
                                   XK__FAN_PLAIN);
        if (!rc)
            rc = choose_names(ctx, h, bt->domid);
        return rc;
    }
    lay_out(h, s, bt, true, finish);
    rc = xk__home_index_writes(ctx, h, s, bt->domid, &h->rest);
    /* Staging pays once enough domains run (fan_batch.c): each domain
     * adds the C xenstored a read per change of permissions of ours.
     * oxenstored finds watches by path, and staging only adds requests. */
    if (!rc)
        rc = xk__fan_plan_make(ctx, &h->plan, &h->rest,
                               !h->oxenstored && h->nlive > STAGE_FROM
                               ? XK__FAN_STAGED : XK__FAN_PLAIN);
    if (!rc)
        rc = choose_names(ctx, h, bt->domid);
    size_t n = 0;
    xk__fan_grow_now(&h->fan, HOME_CONNS);
    if (!rc)
        rc = queue_step(ctx, h, 0, &n);
    if (rc) {
        xk__fan_unqueue(&h->fan);
        return rc;
    }
    h->step0 = n;
    return xk__fan_send(ctx, &h->fan);
}

int xk__home_write(xk_ctx *ctx, struct xk__home *h,
                   const struct xk__domspec *s, const struct xk__built *bt)
{
    /* The ports and the build's results go in before any step after 0 is
     * queued. */
    xk__layout_late(&h->rest, bt);
    uint32_t t = 0;
    int rc = h->rest.err ? xk__error(ctx, h->rest.err, "building xenstore "
                                     "entries: %s", xk_strerror(h->rest.err))
                         : xk__layout_check_plan(ctx, &h->plan, bt);
    int rc0 = finish_step(ctx, h, 0, h->step0, s->name, &t);
    if (!rc)
        rc = rc0;
    /* The biggest step is next: all the connections, waiting if need be. */
    xk__fan_grow(ctx, &h->fan, HOME_CONNS);
    if (!rc)
        rc = write_steps(ctx, h, s, bt->domid, &t);
    if (!rc && h->commit_sent)
        rc = xk__home_commit_end(ctx, h, bt);
    else if (!rc && h->claim_r)
        rc = xk__home_finish_claim(ctx, h, h->claim_r, s->name, bt, t);
    else if (!rc)
        rc = xk__home_claim_name(ctx, h, s->name, bt, t);
    for (int tries = 1; rc == XK_EBUSY && tries < 16; tries++) {
        xk__timing(ctx, "home: the transaction conflicted, try %d", tries + 1);
        rc = xk__home_claim_fresh(ctx, h, s->name, bt);
    }
    if (rc == XK_EBUSY)
        rc = xk__error(ctx, XK_ESTORE, "too many conflicting transactions");
    if (!rc && h->finish)
        h->pending = false;
    return rc;
}

/* Waits for the replies still due, so that what comes next (a teardown)
 * comes after the requests they answer. */
static void drain(xk_ctx *ctx, struct xk__home *h)
{
    while (h->fan.nflight)
        if (xk__fan_receive(ctx, &h->fan, NULL) != 0)
            break;
    if (h->commit_sent) {
        struct xk__pipe_reply r = { 0 };
        h->commit_sent = false;
        if (xk__pipe_receive(ctx, &h->fan.pipe[0], &r, 1) == 0)
            xk__pipe_replies_free(&r, 1);
    }
}

void xk__home_undo(xk_ctx *ctx, struct xk__home *h)
{
    struct xk__kept_error k;
    xk__error_keep(ctx, &k);
    drain(ctx, h);
    int rc = 0;
    size_t n = 0;
    const struct xk__fan_plan *plans[2] = { &h->plan, &h->after_plan };
    for (size_t p = 0; p < 2; p++)
        for (size_t i = 0; !rc && i < plans[p]->n; i++) {
            const struct xk__fan_item *it = &plans[p]->items[i];
            if (it->step == 0 && it->kind == XK__FAN_WRITE) {
                rc = xk__fan_queue(ctx, &h->fan, n++, XS_RM, 0, it->path,
                                   strlen(it->path) + 1, NULL, 0);
            }
        }
    if (rc)
        xk__fan_unqueue(&h->fan);
    struct xk__pipe_reply *r = calloc(n ? n : 1, sizeof(*r));
    if (!rc && n && r && xk__fan_exchange(ctx, &h->fan, r) == 0)
        xk__pipe_replies_free(r, n);
    free(r);
    xk__error_put_back(ctx, &k);
}

void xk__home_end(xk_ctx *ctx, struct xk__home *h)
{
    struct xk__kept_error k;
    xk__error_keep(ctx, &k);
    drain(ctx, h);
    xk__error_put_back(ctx, &k);
    xk__fan_close(&h->fan);
    xk__batch_dispose(&h->rest);
    xk__batch_dispose(&h->names);
    xk__batch_dispose(&h->fin);
    xk__batch_dispose(&h->after);
    xk__fan_plan_free(&h->plan);
    xk__fan_plan_free(&h->after_plan);
    if (h->claim_r)
        xk__pipe_replies_free(h->claim_r, h->nclaim);
    free(h->claim_r);
    h->claim_r = NULL;
    free(h->read);
    h->read = NULL;
    free(h->live);
    free(h->indexed);
    free(h->claim);
    h->live = NULL;
    h->indexed = h->claim = NULL;
}

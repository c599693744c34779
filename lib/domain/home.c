/*
 * home.c: the xenstore work of a create, over several xenstored
 * connections at once when dom0 reaches xenstored through its socket.
 *
 * xenstored serves one request per connection per pass over all its
 * connections (store/fan.h), and a pass costs more the more domains run,
 * so what counts is how many requests wait on one connection. Everything
 * that needs no transaction goes out side by side: before the build, the
 * leftovers check, the tool domains' ids, the pending record and xenkit's
 * name index (name_index.c); after it, the home's nodes (store/fan.c
 * keeps permissions as an ordered write would) and the names of the
 * running domains the index does not cover. The transaction then holds
 * only what makes the name ours: it lists /local/domain, reads the name's
 * claim, the claimed domain's name and the names of domains not read
 * before, and writes the name node and the claim (and, when the domain
 * has no devices, removes the pending record), so a racing create of the
 * same name by any toolstack either shows up in it or makes its commit
 * fail and retry. Its first requests ride the home's last step, in the
 * id xenstored will give it, behind an empty name node: a node the
 * transaction finds there is all it touches, where a new one would be
 * touching its parent, which the step's other writes change. A domain
 * another toolstack renames to our name between the early read and the
 * commit is not caught; libxl checks names outside any transaction at
 * all. The record xenkit-monitord acts on, when the create
 * is supervised, is among the home's nodes (layout.c).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xenctrl.h>
#include <xen/io/xs_wire.h>

#include "core/context.h"
#include "domain/create.h"
#include "domain/home.h"
#include "domain/name_index.h"
#include "hv/hv.h"

#define MAX_HOMES 4096
/* Connections for a create: with 16 it was no faster in the lab (its
 * requests come in steps of a few dozen), and each costs a pass of
 * xenstored to open. */
#define HOME_CONNS 8
/* From how many running domains the home's permissions are staged. */
#define STAGE_FROM 16

static void reply_error(xk_ctx *ctx, const char *what, const char *path,
                        int e)
{
    xk__error(ctx, e == EACCES ? XK_EPERM : XK_ESTORE, "xenstore %s %s: %s",
              what, path, strerror(e));
}

/* The ids of a DIRECTORY reply, as numbers; other entries are skipped. */
static size_t parse_ids(const struct xk__pipe_reply *r, uint32_t *ids,
                        size_t max)
{
    size_t n = 0;
    if (r->err)
        return 0;
    for (const char *s = r->data; s < r->data + r->len && n < max;
         s += strlen(s) + 1) {
        char *end;
        unsigned long id = strtoul(s, &end, 10);
        if (*end || end == s || id >= 0x7FF0)
            continue;
        ids[n++] = (uint32_t)id;
    }
    return n;
}

static int parse_domid(xk_ctx *ctx, const char *path,
                       const struct xk__pipe_reply *r, uint32_t *domid_r)
{
    *domid_r = 0;
    if (r->err == ENOENT)
        return 0;
    if (r->err) {
        reply_error(ctx, "read", path, r->err);
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
    struct xk__pipe_reply r[5] = { 0 };
    xk__fan_grow_now(f, HOME_CONNS);
    int rc = xk__fan_receive(ctx, f, r);
    xk__timing(ctx, "home: %zu connections open, first exchange", f->n);
    if (!rc && r[3].err) {
        reply_error(ctx, "write", pending, r[3].err);
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
            /* Some 290 entries no longer fit in one reply: page. */
            int e = xk__pipe_directory_all(ctx, &f->pipe[0], 0,
                                           XK__INDEXED_DIR, &h->indexed,
                                           &h->indexed_len);
            h->index_usable = e == 0 || e == XK_ENOENT;
            xk__clear_error(ctx);
        }
    }
    /* Leftovers of killed creates (rare) are reaped the slow way: they
     * may hold this name. Our own record is among them, and alive. */
    bool others = !rc && !r[0].err && r[0].len > 0 &&
                  !(r[0].len == strlen(u) + 1 && strcmp(r[0].data, u) == 0);
    xk__pipe_replies_free(r, 5);
    if (others) {
        xk__pending_reap(ctx);
        xk__clear_error(ctx);
    }
    return rc;
}

/* The running domain with this id (the hypervisor lists them in id
 * order), or NULL. */
static const struct xk__live *live_domain(const struct xk__home *h,
                                          uint32_t id)
{
    size_t lo = 0, hi = h->nlive;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (h->live[mid].domid == id)
            return &h->live[mid];
        if (h->live[mid].domid < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* Whether an index entry is a running domain's (same id and UUID): else
 * it is a dead domain's, to be removed. */
static bool entry_alive(const struct xk__home *h, const char *ent,
                        struct xk__live **l_r)
{
    char u8[9];
    uint32_t id;
    if (!xk__indexed_parse(ent, &id, u8))
        return false;
    const struct xk__live *l = live_domain(h, id);
    *l_r = (struct xk__live *)l;
    return l && strcmp(l->uuid8, u8) == 0;
}

/* Marks the running domains whose names the index covers. */
static void mark_indexed(struct xk__home *h)
{
    for (const char *e = h->indexed;
         h->index_usable && e && e < h->indexed + h->indexed_len;
         e += strlen(e) + 1) {
        struct xk__live *l;
        if (entry_alive(h, e, &l))
            l->indexed = true;
    }
}

/* The running domains, with the first 8 hex digits of their UUIDs. */
static int load_live(xk_ctx *ctx, struct xk__home *h)
{
    xc_domaininfo_t *all;
    size_t n;
    int rc = xk__hv_domains_all(ctx, &all, &n);
    if (rc)
        return rc;
    h->live = calloc(n ? n : 1, sizeof(*h->live));
    if (!h->live) {
        free(all);
        return xk__error(ctx, XK_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        char u[XK__UUID_STRLEN];
        xk__uuid_format(all[i].handle, u);
        h->live[i].domid = all[i].domain;
        memcpy(h->live[i].uuid8, u, 8);
    }
    h->nlive = n;
    free(all);
    mark_indexed(h);
    return 0;
}

static int name_read_error(xk_ctx *ctx, uint32_t id, int e)
{
    return xk__error(ctx, XK_ESTORE, "xenstore read /local/domain/%u/name: "
                     "%s", id, strerror(e));
}

/* The reply to a read of domain id's name: the error create shows if the
 * name is ours, or an error reading it; else 0. */
static int check_name(xk_ctx *ctx, const char *name, uint32_t id,
                      const struct xk__pipe_reply *r)
{
    if (r->err == 0 && strcmp(r->data, name) == 0)
        return xk__name_taken(ctx, name, id);
    if (r->err && r->err != ENOENT)
        return name_read_error(ctx, id, r->err);
    return 0;
}

/* The names read with step 0: checked, and the domains whose names are
 * now known (not ours) marked as named. */
static int check_names(xk_ctx *ctx, struct xk__live **read,
                       const struct xk__pipe_reply *r, size_t n,
                       const char *name)
{
    for (size_t i = 0; i < n; i++) {
        int rc = check_name(ctx, name, read[i]->domid, &r[i]);
        if (rc)
            return rc;
        /* An empty name is a create's, before its transaction (see
         * above): read again in ours. */
        read[i]->named = r[i].err == 0 && r[i].data[0];
    }
    return 0;
}

/* The step that carries the start of the name's transaction: the plan's
 * last (step 0 when the plan has none). */
static unsigned last_step(const struct xk__home *h)
{
    return h->plan.nsteps ? h->plan.nsteps - 1 : 0;
}

static int queue_claim(xk_ctx *ctx, struct xk__home *h, uint32_t t,
                       size_t *n_r);

/* The id xenstored (C) gives the first transaction of a connection: it
 * numbers each connection's transactions from 1. */
#define FIRST_TXN 1

/* Queues one step of the plan, and with the last the start of the name's
 * transaction. When that step is not the first (the name node's parent
 * has its permissions by then) and connection 0 has had no transaction
 * yet, an empty name node goes before the start and the transaction's
 * first requests after it, in the id it is to get, on a connection of
 * their own (each connection's requests are served one a pass): a round
 * trip less. Should the transaction get another id, they fail harmlessly
 * and go again in it. *n_r: how many requests. */
static int queue_step(xk_ctx *ctx, struct xk__home *h, unsigned step,
                      size_t *n_r)
{
    bool last = step == last_step(h);
    h->ride = last && step > 0 && h->fan.pipe[0].txns == 0;
    int rc = xk__fan_plan_queue(ctx, &h->fan, &h->plan, step,
                                h->ride ? 1 : 0, n_r);
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
        rc = queue_claim(ctx, h, FIRST_TXN, &h->nclaim);
    *n_r += h->nclaim;
    return rc;
}

/* Checks a step's replies: the names read (with the first), the nodes,
 * and the transaction's start (with the last: *t_r is its id), whose
 * first requests' replies are kept for finish_claim when they were in
 * it. */
static int check_step(xk_ctx *ctx, struct xk__home *h, unsigned step,
                      struct xk__pipe_reply *r, size_t total,
                      const char *name, uint32_t *t_r)
{
    size_t pre = step == 0 ? h->nread : 0;
    int rc = pre ? check_names(ctx, h->read, r, pre, name) : 0;
    if (!rc)
        rc = xk__fan_plan_check(ctx, &h->plan, step, r + pre);
    if (rc || step != last_step(h))
        return rc;
    if (h->ride && r[total - 2 - h->nclaim].err) {
        reply_error(ctx, "write", h->name_path,
                    r[total - 2 - h->nclaim].err);
        return ctx->last_code;
    }
    rc = xk__pipe_txn_id(ctx, &r[total - 1 - h->nclaim], t_r);
    if (!rc && h->ride && *t_r == FIRST_TXN) {
        h->claim_r = calloc(h->nclaim, sizeof(*h->claim_r));
        if (!h->claim_r)
            return xk__error(ctx, XK_ENOMEM, "out of memory");
        memcpy(h->claim_r, &r[total - h->nclaim],
               h->nclaim * sizeof(*h->claim_r));
        memset(&r[total - h->nclaim], 0, h->nclaim * sizeof(*r));
    }
    return rc;
}

/* Receives a step sent, and checks it. */
static int finish_step(xk_ctx *ctx, struct xk__home *h, unsigned step,
                       size_t total, const char *name, uint32_t *t_r)
{
    struct xk__pipe_reply *r = calloc(total ? total : 1, sizeof(*r));
    int rc = r ? xk__fan_receive(ctx, &h->fan, r)
               : xk__error(ctx, XK_ENOMEM, "out of memory");
    if (!rc)
        rc = check_step(ctx, h, step, r, total, name, t_r);
    if (r)
        xk__pipe_replies_free(r, total);
    free(r);
    xk__timing(ctx, "home: step %u: %zu requests", step, total);
    return rc;
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
 * work is done while the first of them is out. */
static int write_steps(xk_ctx *ctx, struct xk__home *h,
                       const struct xk__domspec *s, uint32_t domid,
                       uint32_t *t_r)
{
    int rc = 0;
    bool done = false;
    for (unsigned step = 1; !rc && step <= last_step(h); step++) {
        size_t n = 0;
        rc = queue_step(ctx, h, step, &n);
        if (rc) {
            xk__fan_unqueue(&h->fan);
            break;
        }
        rc = xk__fan_send(ctx, &h->fan);
        if (!rc)
            meanwhile(ctx, s, domid, &done);
        if (!rc)
            rc = finish_step(ctx, h, step, n, s->name, t_r);
    }
    if (!rc)
        meanwhile(ctx, s, domid, &done);
    return rc;
}

/* Whether a node whose value comes late (create.h) went out with step 0,
 * before it had its value: a layout the plan cannot take. */
static int late_in_step0(xk_ctx *ctx, const struct xk__home *h,
                         const struct xk__built *bt)
{
    for (size_t i = 0; i < h->plan.n; i++) {
        const struct xk__fan_item *it = &h->plan.items[i];
        if (it->step == 0 && it->kind == XK__FAN_WRITE &&
            xk__layout_is_late(bt, it->path))
            return xk__error(ctx, XK_EINVAL, "xenstore layout: %s is "
                             "written before it has its value", it->path);
    }
    return 0;
}

static bool was_named(const struct xk__home *h, uint32_t id)
{
    const struct xk__live *l = live_domain(h, id);
    return l && l->named;
}

/* The domains of a listing of /local/domain whose names the transaction
 * reads: those not read (or indexed) before, and the claimed one. */
static size_t unknown_domains(const struct xk__home *h,
                              const struct xk__pipe_reply *d, uint32_t domid,
                              uint32_t claimed, uint32_t *ids)
{
    size_t n = parse_ids(d, ids, MAX_HOMES), m = 0;
    bool listed = false;
    for (size_t i = 0; i < n; i++)
        listed |= ids[i] == claimed;
    if (!listed && n < MAX_HOMES)
        ids[n++] = claimed;     /* read it all the same */
    for (size_t i = 0; i < n; i++) {
        if (ids[i] == domid || (was_named(h, ids[i]) && ids[i] != claimed))
            continue;
        ids[m++] = ids[i];
    }
    return m;
}

/* Reads the names of ids in transaction t: a taken name is an error. */
static int read_names_in(xk_ctx *ctx, struct xk__pipe *p, uint32_t t,
                         const uint32_t *ids, size_t m, const char *name)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < m; i++) {
        char path[48];
        int len = snprintf(path, sizeof(path), "/local/domain/%u/name",
                           ids[i]);
        rc = xk__pipe_queue(ctx, p, XS_READ, t, path, (size_t)len + 1, NULL,
                            0);
    }
    if (rc) {
        xk__pipe_unqueue(p);
        return rc;
    }
    struct xk__pipe_reply *r = calloc(m ? m : 1, sizeof(*r));
    rc = r ? xk__pipe_exchange(ctx, p, r, m)
           : xk__error(ctx, XK_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < m; i++)
        rc = check_name(ctx, name, ids[i], &r[i]);
    if (r)
        xk__pipe_replies_free(r, m);
    free(r);
    return rc;
}

/* Commits t, with the introduction beside it on another connection: the
 * home's other nodes are all written. */
static int commit(xk_ctx *ctx, struct xk__home *h, uint32_t t,
                  const struct xk__built *bt)
{
    struct xk__pipe *p = &h->fan.pipe[0];
    if (h->introduced || h->fan.n < 2)
        return xk__pipe_txn_end(ctx, p, t, false);
    char msg[64];
    int len = snprintf(msg, sizeof(msg), "%u%c%lu%c%u", bt->domid, 0,
                       bt->store_mfn, 0, bt->store_port);
    struct xk__pipe *q = &h->fan.pipe[1];
    struct xk__pipe_reply ir = { 0 };
    int rc = xk__pipe_queue(ctx, q, XS_INTRODUCE, 0, msg, (size_t)len + 1,
                            NULL, 0);
    if (!rc)
        rc = xk__pipe_send(ctx, q);
    int end = rc ? rc : xk__pipe_txn_end(ctx, p, t, false);
    if (!rc)
        rc = xk__pipe_receive(ctx, q, &ir, 1);
    if (!rc && ir.err) {
        xk__error(ctx, XK_ESTORE, "xenstore introduce of domain %u: %s",
                  bt->domid, strerror(ir.err));
        rc = ctx->last_code;
    }
    if (!rc)
        h->introduced = true;
    xk__pipe_replies_free(&ir, 1);
    return rc ? rc : end;
}

/* The requests that open the name's transaction t, on connection 0:
 * list /local/domain, read the claim, write the claim (and, finishing,
 * remove the pending record); *n_r: how many. */
static int queue_claim(xk_ctx *ctx, struct xk__home *h, uint32_t t,
                       size_t *n_r)
{
    struct xk__fan *f = &h->fan;
    size_t nb = 0;
    int rc = xk__fan_queue(ctx, f, 0, XS_DIRECTORY, t, "/local/domain", 14,
                           NULL, 0);
    if (!rc && h->claim)
        rc = xk__fan_queue(ctx, f, 0, XS_READ, t, h->claim,
                           strlen(h->claim) + 1, NULL, 0);
    if (!rc)
        rc = xk__fan_batch_queue(ctx, f, 0, t, &h->names, &nb);
    *n_r = 1 + (h->claim ? 1 : 0) + nb;
    return rc;
}

/* The replies r to queue_claim's requests in t: checked, then the names
 * of domains unknown so far read in t, which is committed, or aborted if
 * one of them is ours. */
static int finish_claim(xk_ctx *ctx, struct xk__home *h,
                        struct xk__pipe_reply *r, const char *name,
                        uint32_t domid, const struct xk__built *bt,
                        uint32_t t)
{
    struct xk__pipe *p = &h->fan.pipe[0];
    size_t nc = h->claim ? 1 : 0;
    struct xk__pipe_reply *d = &r[0], *claim = &r[1];
    int rc = 0;
    if (nc && claim->err && claim->err != ENOENT) {
        reply_error(ctx, "read", h->claim, claim->err);
        rc = ctx->last_code;
    }
    if (!rc)
        rc = xk__pipe_batch_check(ctx, &h->names, r + 1 + nc);
    /* With some 800 domains the list no longer fits in one reply: it is
     * read a page at a time (still in the transaction). */
    if (!rc && d->err == E2BIG) {
        free(d->data);
        d->data = NULL;
        rc = xk__pipe_directory_all(ctx, p, t, "/local/domain", &d->data,
                                    &d->len);
        if (!rc)
            d->err = 0;
    }
    if (!rc && d->err) {
        reply_error(ctx, "directory", "/local/domain", d->err);
        rc = ctx->last_code;
    }
    /* The domain the claim names: its own name node says whether the
     * claim still holds. */
    uint32_t claimed = domid;
    if (!rc && nc && claim->err == 0) {
        char *end;
        unsigned long v = strtoul(claim->data, &end, 10);
        if (end != claim->data && !*end && v < 0x7FF0)
            claimed = (uint32_t)v;
    }
    uint32_t *ids = NULL;
    if (!rc) {
        ids = calloc(MAX_HOMES, sizeof(*ids));
        if (!ids)
            rc = xk__error(ctx, XK_ENOMEM, "out of memory");
    }
    size_t m = rc ? 0 : unknown_domains(h, d, domid, claimed, ids);
    if (!rc && m)
        rc = read_names_in(ctx, p, t, ids, m, name);
    free(ids);
    xk__timing(ctx, "home: %zu names read in the transaction", m);
    if (rc) {
        if (!p->broken)
            xk__pipe_txn_end(ctx, p, t, true);
        return rc;
    }
    return commit(ctx, h, t, bt);
}

/* One try at the transaction t that makes the name ours, its first
 * requests in one exchange. */
static int claim_name(xk_ctx *ctx, struct xk__home *h, const char *name,
                      uint32_t domid, const struct xk__built *bt, uint32_t t)
{
    size_t n = 0;
    struct xk__pipe_reply *r = NULL;
    int rc = queue_claim(ctx, h, t, &n);
    if (rc) {
        xk__fan_unqueue(&h->fan);
    } else {
        r = calloc(n, sizeof(*r));
        rc = r ? xk__fan_exchange(ctx, &h->fan, r)
               : xk__error(ctx, XK_ENOMEM, "out of memory");
    }
    xk__timing(ctx, "home: /local/domain listed, claim read, claim written");
    if (!rc) {
        rc = finish_claim(ctx, h, r, name, domid, bt, t);
    } else if (!h->fan.pipe[0].broken) {
        struct xk__kept_error k;
        xk__error_keep(ctx, &k);
        xk__pipe_txn_end(ctx, &h->fan.pipe[0], t, true);
        xk__error_put_back(ctx, &k);
    }
    if (r)
        xk__pipe_replies_free(r, n);
    free(r);
    return rc;
}

/* What the create adds to the index: the name's claim (in the
 * transaction) and our entry, when the name can have a claim; and the
 * removal of entries of domains that are gone. */
static int index_writes(xk_ctx *ctx, struct xk__home *h,
                        struct xk__store_batch *txn,
                        struct xk__store_batch *before,
                        const struct xk__domspec *s, uint32_t domid)
{
    char path[3100];
    if (xk__name_claim_path(s->name, path, sizeof(path))) {
        h->claim = strdup(path);
        if (!h->claim)
            return xk__error(ctx, XK_ENOMEM, "out of memory");
        /* The claim goes in the transaction: two creates of one name both
         * write it, so one of them fails to commit and then sees it. */
        char num[16], ent[32];
        snprintf(num, sizeof(num), "%u", domid);
        xk__batch_put(txn, XK__PERM_INHERIT, 0, num, "%s", path);
        xk__indexed_entry(domid, s->uuid, ent, sizeof(ent));
        xk__batch_put(before, XK__PERM_INHERIT, 0, "",
                      XK__INDEXED_DIR "/%s", ent);
    }
    for (const char *e = h->indexed; e && e < h->indexed + h->indexed_len;
         e += strlen(e) + 1) {
        struct xk__live *l;
        if (!entry_alive(h, e, &l) && e[0])
            xk__batch_rm(before, XK__INDEXED_DIR "/%s", e);
    }
    return 0;     /* a failure to build is reported when applying */
}

/* The home's nodes, for the plan's steps, but the name's: that one is
 * written in the transaction that makes the name ours. */
static void lay_out(struct xk__home *h, const struct xk__domspec *s,
                    const struct xk__built *bt)
{
    struct xk__store_batch all;
    xk__batch_init(&all);
    xk__batch_init(&h->rest);
    xk__batch_init(&h->names);
    xk__layout_domain(&all, s, bt);
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
}

int xk__home_send(xk_ctx *ctx, struct xk__home *h,
                  const struct xk__domspec *s, const struct xk__built *bt,
                  bool finish)
{
    lay_out(h, s, bt);
    h->finish = finish;
    if (finish)
        xk__pending_end(&h->names, s->uuid);
    int rc = load_live(ctx, h);
    xk__timing(ctx, "home: %zu domains listed", h->nlive);
    if (!rc)
        rc = index_writes(ctx, h, &h->names, &h->rest, s, bt->domid);
    /* Staging pays once enough domains run (fan_batch.c): each domain
     * adds xenstored a read per change of permissions of ours. */
    if (!rc)
        rc = xk__fan_plan_make(ctx, &h->plan, &h->rest, h->nlive > STAGE_FROM
                               ? XK__FAN_STAGED : XK__FAN_PLAIN);
    /* The names of the running domains the index does not cover ride
     * with step 0: a taken name stops the create there. */
    if (!rc) {
        h->read = calloc(h->nlive ? h->nlive : 1, sizeof(*h->read));
        if (!h->read)
            rc = xk__error(ctx, XK_ENOMEM, "out of memory");
    }
    for (size_t i = 0; !rc && i < h->nlive; i++) {
        struct xk__live *l = &h->live[i];
        if (l->domid == bt->domid)
            continue;
        if (l->indexed) {
            l->named = true;
            continue;
        }
        char path[48];
        int len = snprintf(path, sizeof(path), "/local/domain/%u/name",
                           l->domid);
        rc = xk__fan_queue(ctx, &h->fan, h->nread, XS_READ, 0, path,
                           (size_t)len + 1, NULL, 0);
        h->read[h->nread++] = l;
    }
    size_t n = 0;
    xk__fan_grow_now(&h->fan, HOME_CONNS);
    if (!rc)
        rc = queue_step(ctx, h, 0, &n);
    if (rc) {
        xk__fan_unqueue(&h->fan);
        return rc;
    }
    h->step0 = h->nread + n;
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
                         : late_in_step0(ctx, h, bt);
    int rc0 = finish_step(ctx, h, 0, h->step0, s->name, &t);
    if (!rc)
        rc = rc0;
    /* The biggest step is next: all the connections, waiting if need be. */
    xk__fan_grow(ctx, &h->fan, HOME_CONNS);
    if (!rc)
        rc = write_steps(ctx, h, s, bt->domid, &t);
    if (!rc && h->claim_r)
        rc = finish_claim(ctx, h, h->claim_r, s->name, bt->domid, bt, t);
    else if (!rc)
        rc = claim_name(ctx, h, s->name, bt->domid, bt, t);
    for (int tries = 1; rc == XK_EBUSY && tries < 16; tries++) {
        rc = xk__pipe_txn_start(ctx, &h->fan.pipe[0], &t);
        if (!rc)
            rc = claim_name(ctx, h, s->name, bt->domid, bt, t);
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
    if (h->fan.sent)
        xk__fan_receive(ctx, &h->fan, NULL);
}

void xk__home_undo(xk_ctx *ctx, struct xk__home *h)
{
    struct xk__kept_error k;
    xk__error_keep(ctx, &k);
    drain(ctx, h);
    int rc = 0;
    size_t n = 0;
    for (size_t i = 0; !rc && i < h->plan.n; i++) {
        const struct xk__fan_item *it = &h->plan.items[i];
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
    xk__fan_plan_free(&h->plan);
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

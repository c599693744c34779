/*
 * home_name.c: what makes a new domain's name ours (home.c writes the
 * rest of its home). Which running domains' names are known without a
 * read (xenkit's name index, name_index.c), the names checked with the
 * home's first step, and the transaction that lists /local/domain, reads
 * the name's claim and the names of domains unknown so far, writes the
 * name node and the claim, and is committed beside the domain's
 * introduction to xenstored.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenctrl.h>
#include <xen/io/xs_wire.h>

#include "core/context.h"
#include "domain/create.h"
#include "domain/home.h"
#include "domain/name_index.h"
#include "hv/hv.h"

#define MAX_HOMES 4096

void xk__home_reply_error(xk_ctx *ctx, const char *what, const char *path,
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
void xk__home_mark_indexed(struct xk__home *h)
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
int xk__home_load_live(xk_ctx *ctx, struct xk__home *h)
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
int xk__home_check_names(xk_ctx *ctx, struct xk__home *h,
                         const struct xk__pipe_reply *r, const char *name)
{
    for (size_t i = 0; i < h->nread; i++) {
        int rc = check_name(ctx, name, h->read[i]->domid, &r[i]);
        if (rc)
            return rc;
        /* An empty name is a create's before its transaction (home.c):
         * read again in ours. */
        h->read[i]->named = r[i].err == 0 && r[i].data[0];
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

/* Sends the commit of t on connection 0; xk__home_commit_end reads its
 * reply. */
static int send_commit(xk_ctx *ctx, struct xk__home *h, uint32_t t)
{
    struct xk__pipe *p = &h->fan.pipe[0];
    int rc = xk__pipe_queue(ctx, p, XS_TRANSACTION_END, t, "T", 2, NULL, 0);
    if (!rc)
        rc = xk__pipe_send(ctx, p);
    h->commit_sent = rc == 0;
    return rc;
}

int xk__home_commit_end(xk_ctx *ctx, struct xk__home *h,
                        const struct xk__built *bt)
{
    /* The introduction goes beside the commit's reply, on another
     * connection: the home's other nodes are all written. */
    bool intro = !h->introduced && h->fan.n >= 2;
    struct xk__pipe *q = &h->fan.pipe[1];
    int rc = 0;
    if (intro) {
        char msg[64];
        int len = snprintf(msg, sizeof(msg), "%u%c%lu%c%u", bt->domid, 0,
                           bt->store_mfn, 0, bt->store_port);
        rc = xk__pipe_queue(ctx, q, XS_INTRODUCE, 0, msg, (size_t)len + 1,
                            NULL, 0);
        if (!rc)
            rc = xk__pipe_send(ctx, q);
    }
    struct xk__pipe_reply cr = { 0 }, ir = { 0 }, *fr = NULL;
    h->commit_sent = false;
    int end = xk__pipe_receive(ctx, &h->fan.pipe[0], &cr, 1);
    if (!end)
        end = xk__pipe_txn_ended(ctx, &cr, false);
    /* A commit that went early left the pending record for now: it goes
     * once the name is ours (a conflict retries with it in the
     * transaction), beside the introduction. */
    bool fin = h->fin_due && !end;
    struct xk__pipe *fp = &h->fan.pipe[h->fan.n > 2 ? 2 : h->fan.n - 1];
    size_t nf = 0;
    int frc = 0;
    if (h->fin_due && end == XK_EBUSY)
        h->fin_in_txn = true;
    h->fin_due = false;
    if (fin) {
        frc = xk__pipe_batch_queue(ctx, fp, 0, &h->fin, &nf);
        fr = frc ? NULL : calloc(nf ? nf : 1, sizeof(*fr));
        if (!frc && !fr)
            frc = xk__error(ctx, XK_ENOMEM, "out of memory");
        if (!frc)
            frc = xk__pipe_send(ctx, fp);
        else
            xk__pipe_unqueue(fp);
    }
    if (intro && !rc)
        rc = xk__pipe_receive(ctx, q, &ir, 1);
    if (intro && !rc && ir.err) {
        xk__error(ctx, XK_ESTORE, "xenstore introduce of domain %u: %s",
                  bt->domid, strerror(ir.err));
        rc = ctx->last_code;
    }
    if (intro && !rc)
        h->introduced = true;
    if (fin && !frc)
        frc = xk__pipe_receive(ctx, fp, fr, nf);
    if (fin && !frc)
        frc = xk__pipe_batch_check(ctx, &h->fin, fr);
    xk__pipe_replies_free(&cr, 1);
    xk__pipe_replies_free(&ir, 1);
    if (fr)
        xk__pipe_replies_free(fr, nf);
    free(fr);
    return rc ? rc : end ? end : frc;
}

/* The requests that open the name's transaction t, on connection 0:
 * list /local/domain, read the claim, write the claim (and, finishing,
 * remove the pending record); *n_r: how many. */
int xk__home_queue_claim(xk_ctx *ctx, struct xk__home *h, uint32_t t,
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
    h->nnames = nb;
    size_t nf = 0;
    if (!rc && h->finish && h->fin_in_txn)
        rc = xk__fan_batch_queue(ctx, f, 0, t, &h->fin, &nf);
    *n_r = 1 + (h->claim ? 1 : 0) + nb + nf;
    return rc;
}

/* The replies r to queue_claim's requests in t: checked, then the names
 * of domains unknown so far read in t, which is then committed, or
 * aborted if one of them is ours. */
static int check_claim(xk_ctx *ctx, struct xk__home *h,
                       struct xk__pipe_reply *r, const char *name,
                       uint32_t domid, uint32_t t)
{
    struct xk__pipe *p = &h->fan.pipe[0];
    size_t nc = h->claim ? 1 : 0;
    struct xk__pipe_reply *d = &r[0], *claim = &r[1];
    int rc = 0;
    if (nc && claim->err && claim->err != ENOENT) {
        xk__home_reply_error(ctx, "read", h->claim, claim->err);
        rc = ctx->last_code;
    }
    if (!rc)
        rc = xk__pipe_batch_check(ctx, &h->names, r + 1 + nc);
    if (!rc && h->finish && h->fin_in_txn)
        rc = xk__pipe_batch_check(ctx, &h->fin, r + 1 + nc + h->nnames);
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
        xk__home_reply_error(ctx, "directory", "/local/domain", d->err);
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
    if (rc && !p->broken)
        xk__pipe_txn_end(ctx, p, t, true);
    return rc;
}

int xk__home_finish_claim(xk_ctx *ctx, struct xk__home *h,
                          struct xk__pipe_reply *r, const char *name,
                          const struct xk__built *bt, uint32_t t)
{
    int rc = check_claim(ctx, h, r, name, bt->domid, t);
    if (!rc)
        rc = send_commit(ctx, h, t);
    return rc ? rc : xk__home_commit_end(ctx, h, bt);
}

int xk__home_claim_early(xk_ctx *ctx, struct xk__home *h,
                         struct xk__pipe_reply *r, const char *name,
                         uint32_t domid, uint32_t t)
{
    int rc = check_claim(ctx, h, r, name, domid, t);
    return rc ? rc : send_commit(ctx, h, t);
}

/* One try at the transaction that makes the name ours, its first
 * requests in one exchange: in t, or, with start, in a transaction started
 * in that exchange. Both xenstoreds number a connection's transactions 1,
 * 2, ...: the requests go in the id the start is to get, and should it
 * get another, they fail harmlessly and go again in that one. */
static int claim_try(xk_ctx *ctx, struct xk__home *h, const char *name,
                     const struct xk__built *bt, bool start, uint32_t t)
{
    struct xk__pipe *p = &h->fan.pipe[0];
    size_t pre = start ? 1 : 0, n = 0;
    struct xk__pipe_reply *r = NULL;
    int rc = 0;
    if (start) {
        t = p->txns + 1;
        rc = xk__fan_queue(ctx, &h->fan, 0, XS_TRANSACTION_START, 0, "", 1,
                           NULL, 0);
    }
    if (!rc)
        rc = xk__home_queue_claim(ctx, h, t, &n);
    if (rc) {
        xk__fan_unqueue(&h->fan);
    } else {
        r = calloc(pre + n, sizeof(*r));
        rc = r ? xk__fan_exchange(ctx, &h->fan, r)
               : xk__error(ctx, XK_ENOMEM, "out of memory");
    }
    uint32_t got = t;
    if (!rc && start)
        rc = xk__pipe_txn_id(ctx, &r[0], &got);
    xk__timing(ctx, "home: %s/local/domain listed, claim read, claim "
               "written", start ? "transaction started, " : "");
    if (!rc && got == t) {
        rc = xk__home_finish_claim(ctx, h, r + pre, name, bt, t);
    } else if (!rc) {
        rc = claim_try(ctx, h, name, bt, false, got);
    } else if (!start && !p->broken) {
        struct xk__kept_error k;
        xk__error_keep(ctx, &k);
        xk__pipe_txn_end(ctx, p, t, true);
        xk__error_put_back(ctx, &k);
    }
    if (r)
        xk__pipe_replies_free(r, pre + n);
    free(r);
    return rc;
}

int xk__home_claim_name(xk_ctx *ctx, struct xk__home *h, const char *name,
                        const struct xk__built *bt, uint32_t t)
{
    return claim_try(ctx, h, name, bt, false, t);
}

int xk__home_claim_fresh(xk_ctx *ctx, struct xk__home *h, const char *name,
                         const struct xk__built *bt)
{
    return claim_try(ctx, h, name, bt, true, 0);
}

/* What the create adds to the index: the name's claim (in the
 * transaction) and our entry, when the name can have a claim; and the
 * removal of entries of domains that are gone. */
int xk__home_index_writes(xk_ctx *ctx, struct xk__home *h,
                          const struct xk__domspec *s, uint32_t domid,
                          struct xk__store_batch *to)
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
        xk__batch_put(&h->names, XK__PERM_INHERIT, 0, num, "%s", path);
        xk__indexed_entry(domid, s->uuid, ent, sizeof(ent));
        xk__batch_put(to, XK__PERM_INHERIT, 0, "",
                      XK__INDEXED_DIR "/%s", ent);
    }
    for (const char *e = h->indexed; e && e < h->indexed + h->indexed_len;
         e += strlen(e) + 1) {
        struct xk__live *l;
        if (!entry_alive(h, e, &l) && e[0])
            xk__batch_rm(to, XK__INDEXED_DIR "/%s", e);
    }
    return 0;     /* a failure to build is reported when applying */
}


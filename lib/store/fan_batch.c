/*
 * fan_batch.c: a batch applied over the fan in a few steps, each one
 * exchange with its requests side by side, without paying for xenstored's
 * permission checks on every domain.
 *
 * A node written in order inherits its parent's permissions when it is
 * created, so a node with permissions of its own must have them before
 * anything below it is written. Plainly (XK__FAN_PLAIN), each node with
 * permissions of its own is written and given them in the step of its
 * depth (how many such nodes lie above it), on one connection; a
 * removal goes first on the connection of the writes it concerns; and
 * each inheriting node goes in the step after the node above it that
 * it inherits from.
 *
 * That costs xenstored dearly once many domains run. When a node changes,
 * xenstored (C, 4.17 and later) decides for each of its connections, one
 * per running domain, whether that connection may see the change
 * (watch.c, watch_permitted). For a new node it has the node and its
 * parent at hand; for a change of permissions, or a write to a node that
 * already exists, it reads the node's parent from its database once per
 * connection, unless the node's old or new permissions let everyone read
 * it. With 200 domains, setting the permissions of /local/domain/N so
 * read /local/domain (200 children) 200 times: about 15 ms a request in
 * the lab, and most of what made a create slower as domains grew.
 *
 * So, staged (XK__FAN_STAGED), each outermost node with permissions of
 * its own first gets permissions that let everyone read it ("r0"), and
 * its own only later, which costs xenstored no parent reads either way.
 * The nodes below it that have permissions of their own are created
 * meanwhile, so they inherit the stage and their own changes are cheap
 * too, as are those of the directories on the way to them. Only then do
 * the inheriting nodes get written. The stage holds nothing secret: empty
 * directories and the entries the guest owns, before the guest is
 * introduced to xenstored. Steps:
 *   0  each outermost node with permissions of its own: write, stage; the
 *      inheriting nodes under none; the removals, as plainly;
 *   1  the nodes with permissions of their own below those, and the
 *      inheriting nodes on the way to them: write (they inherit the stage);
 *   2  the final permissions of all of these, and of the directories
 *      xenstored made on the way;
 *   3  the other inheriting nodes.
 * It takes a few more requests, which only pays with many domains.
 *
 * Either way, a new node given the permissions it would inherit, and a
 * new empty directory that a write below it makes anyway, get no request
 * of their own; plainly, a new outermost node lends its new children
 * their permissions when two or more share them (plan_lending). Each node
 * ends as it would if the batch were applied in order. A caller can add
 * requests of its own to a step's exchange (home.c does).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xen/io/xs_wire.h>

#include "core/context.h"
#include "store/fan.h"

/* Adds a request on lane (or, with lane SIZE_MAX, the step's next). */
static int add(xk_ctx *ctx, struct xk__fan_plan *p, enum xk__fan_kind k,
               const char *path, const struct xk__store_op *op,
               unsigned step, size_t lane)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 128;
        struct xk__fan_item *it = realloc(p->items, cap * sizeof(*it));
        if (!it)
            return xk__error(ctx, XK_ENOMEM, "out of memory");
        p->items = it;
        p->cap = cap;
    }
    if (lane == SIZE_MAX)
        lane = p->lanes[step]++;
    p->items[p->n++] = (struct xk__fan_item){ k, path, op, step, lane };
    return 0;
}

static bool is_below(const char *path, const char *top)
{
    size_t len = strlen(top);
    return strncmp(path, top, len) == 0 && path[len] == '/';
}

static bool own_perms(const struct xk__store_op *op)
{
    return !op->remove && op->perm != XK__PERM_INHERIT;
}

/* The nearest node above op i with permissions of its own, or -1. */
static long owner_of(const struct xk__store_batch *b, const bool *own,
                     size_t i)
{
    long best = -1;
    for (size_t j = 0; j < b->n; j++)
        if (j != i && own[j] &&
            is_below(b->ops[i].path, b->ops[j].path) &&
            (best < 0 || strlen(b->ops[j].path) >
                         strlen(b->ops[best].path)))
            best = (long)j;
    return best;
}

/* Whether op i makes a new node: a removal of it or of a node above it
 * comes first in the batch. */
static bool fresh(const struct xk__store_batch *b, size_t i)
{
    for (size_t j = 0; j < i; j++)
        if (b->ops[j].remove && (strcmp(b->ops[i].path, b->ops[j].path) == 0 ||
                                 is_below(b->ops[i].path, b->ops[j].path)))
            return true;
    return false;
}

/* Whether op i only makes an empty directory that a write below it makes
 * anyway (with the same permissions, being new): it needs no request. */
static bool implied(const struct xk__store_batch *b, const bool *own,
                    size_t i)
{
    const struct xk__store_op *op = &b->ops[i];
    if (op->remove || own[i] || op->value[0] || !fresh(b, i))
        return false;
    for (size_t j = 0; j < b->n; j++)
        if (!b->ops[j].remove && is_below(b->ops[j].path, op->path))
            return true;
    return false;
}

static bool same_perms(const struct xk__store_op *a,
                       const struct xk__store_op *b)
{
    return a->perm == b->perm &&
           (a->perm == XK__PERM_DOM0 || a->dom == b->dom);
}

static long find_write(const struct xk__store_batch *b, const char *path,
                       size_t len)
{
    for (size_t j = 0; j < b->n; j++)
        if (!b->ops[j].remove && strlen(b->ops[j].path) == len &&
            strncmp(b->ops[j].path, path, len) == 0)
            return (long)j;
    return -1;
}

static bool made(const struct xk__fan_plan *p, const char *path, size_t len)
{
    for (size_t i = 0; i < p->npaths; i++)
        if (strlen(p->paths[i]) == len && strncmp(p->paths[i], path, len) == 0)
            return true;
    return false;
}

/* Staged: the directories between the node at i and the node above it
 * with permissions of its own (own): those in the batch are marked as on
 * the way, the others get their final permissions in step 2. */
static int mark_way(xk_ctx *ctx, struct xk__fan_plan *p,
                    const struct xk__store_batch *b, size_t i, size_t own,
                    bool *on_way)
{
    const char *path = b->ops[i].path;
    size_t top = strlen(b->ops[own].path);
    for (size_t len = strlen(path); len > top; ) {
        while (len > top && path[len - 1] != '/')
            len--;
        len--;                            /* the '/' before the last part */
        if (len <= top)
            break;
        long j = find_write(b, path, len);
        if (j >= 0) {
            on_way[j] = true;
        } else if (!made(p, path, len)) {
            char **np = realloc(p->paths, (p->npaths + 1) * sizeof(*np));
            if (!np)
                return xk__error(ctx, XK_ENOMEM, "out of memory");
            p->paths = np;
            char *s = strndup(path, len);
            if (!s)
                return xk__error(ctx, XK_ENOMEM, "out of memory");
            p->paths[p->npaths++] = s;
            int rc = add(ctx, p, XK__FAN_FINAL, s, &b->ops[own], 2, SIZE_MAX);
            if (rc)
                return rc;
        }
    }
    return 0;
}

static bool related(const char *a, const char *b)
{
    return strcmp(a, b) == 0 || is_below(a, b) || is_below(b, a);
}

/* The lane of a step-0 write: that of a removal it concerns, so that the
 * removal goes first; else the step's next. */
static size_t first_lane(const struct xk__fan_plan *p, const char *path)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->items[i].kind == XK__FAN_RM && related(p->items[i].path, path))
            return p->items[i].lane;
    return SIZE_MAX;
}

/* How many nodes with permissions of their own lie above op i. */
static unsigned depth_of(const long *owner, size_t i)
{
    unsigned d = 0;
    for (long j = owner[i]; j >= 0; j = owner[j])
        d++;
    return d;
}

/* A write and, for a node with permissions of its own, the permissions,
 * in step (on the lane of a removal it concerns, in step 0). */
static int add_write(xk_ctx *ctx, struct xk__fan_plan *p,
                     const struct xk__store_op *op, bool own, unsigned step)
{
    if (step >= XK__FAN_MAX_STEPS)
        return xk__error(ctx, XK_EINVAL, "xenstore entries nested too "
                         "deep: %s", op->path);
    if (step + 1 > p->nsteps)
        p->nsteps = step + 1;
    int rc = add(ctx, p, XK__FAN_WRITE, op->path, op, step,
                 step == 0 ? first_lane(p, op->path) : SIZE_MAX);
    if (!rc && own)
        rc = add(ctx, p, XK__FAN_FINAL, op->path, op, step,
                 p->items[p->n - 1].lane);
    return rc;
}

/* Whether op i is a direct child of op r, new, with nothing written below
 * it. */
static bool fresh_leaf_of(const struct xk__store_batch *b, size_t i, size_t r)
{
    const char *path = b->ops[i].path, *top = b->ops[r].path;
    if (!is_below(path, top) || strchr(path + strlen(top) + 1, '/') ||
        !fresh(b, i))
        return false;
    for (size_t j = 0; j < b->n; j++)
        if (!b->ops[j].remove && is_below(b->ops[j].path, path))
            return false;
    return true;
}

/* Plainly, an outermost node r whose new children have permissions of
 * their own, the same for two or more of them (a guest's data, drivers,
 * feature... under /local/domain/N), lends them those permissions: its
 * write, their permissions on it, their writes, its own permissions,
 * all on its connection in step 0. That spares a change of permissions
 * per child, and xenstored does it while the domain is built. *lent[i]
 * marks the children so made. */
static int plan_lending(xk_ctx *ctx, struct xk__fan_plan *p,
                        const struct xk__store_batch *b, const bool *own,
                        const long *owner, size_t r, bool *lent)
{
    long first = -1;
    size_t count = 0;
    for (size_t i = 0; i < b->n; i++)
        if (own[i] && owner[i] == (long)r && fresh_leaf_of(b, i, r) &&
            (first < 0 || same_perms(&b->ops[i], &b->ops[first]))) {
            if (first < 0)
                first = (long)i;
            count++;
        }
    const struct xk__store_op *op = &b->ops[r];
    int rc = add_write(ctx, p, op, count < 2 && own[r], 0);
    if (rc || count < 2)
        return rc;
    size_t lane = p->items[p->n - 1].lane;
    rc = add(ctx, p, XK__FAN_FINAL, op->path, &b->ops[first], 0, lane);
    for (size_t i = 0; !rc && i < b->n; i++)
        if (own[i] && owner[i] == (long)r && fresh_leaf_of(b, i, r) &&
            same_perms(&b->ops[i], &b->ops[first])) {
            rc = add(ctx, p, XK__FAN_WRITE, b->ops[i].path, &b->ops[i], 0,
                     lane);
            lent[i] = true;
        }
    if (!rc)
        rc = add(ctx, p, XK__FAN_FINAL, op->path, op, 0, lane);
    return rc;
}

static int plan_plain(xk_ctx *ctx, struct xk__fan_plan *p,
                      const struct xk__store_batch *b, const bool *own,
                      const long *owner)
{
    bool *lent = calloc(b->n ? b->n : 1, sizeof(*lent));
    int rc = lent ? 0 : xk__error(ctx, XK_ENOMEM, "out of memory");
    /* The outermost nodes first: they decide which children they lend to. */
    for (size_t i = 0; !rc && i < b->n; i++)
        if (own[i] && owner[i] < 0 && fresh(b, i))
            rc = plan_lending(ctx, p, b, own, owner, i, lent);
    for (size_t i = 0; !rc && i < b->n; i++) {
        const struct xk__store_op *op = &b->ops[i];
        if (op->remove || lent[i] || implied(b, own, i) ||
            (own[i] && owner[i] < 0 && fresh(b, i)))
            continue;
        /* Its depth: one step after the permissions above it. */
        rc = add_write(ctx, p, op, own[i], depth_of(owner, i));
    }
    free(lent);
    return rc;
}

static int plan_staged(xk_ctx *ctx, struct xk__fan_plan *p,
                       const struct xk__store_batch *b, const bool *own,
                       const long *owner)
{
    bool *on_way = calloc(b->n ? b->n : 1, sizeof(*on_way));
    int rc = on_way ? 0 : xk__error(ctx, XK_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < b->n; i++)
        if (own[i] && owner[i] >= 0)
            rc = mark_way(ctx, p, b, i, (size_t)owner[i], on_way);
    for (size_t i = 0; !rc && i < b->n; i++) {
        const struct xk__store_op *op = &b->ops[i];
        if (op->remove)
            continue;
        if (own[i] && owner[i] < 0) {
            rc = add(ctx, p, XK__FAN_WRITE, op->path, op, 0,
                     first_lane(p, op->path));
            if (!rc)
                rc = add(ctx, p, XK__FAN_STAGE, op->path, op, 0,
                         p->items[p->n - 1].lane);
            if (!rc)
                rc = add(ctx, p, XK__FAN_FINAL, op->path, op, 2, SIZE_MAX);
        } else if (own[i] || on_way[i]) {
            if (!implied(b, own, i))
                rc = add(ctx, p, XK__FAN_WRITE, op->path, op, 1, SIZE_MAX);
            if (!rc)
                rc = add(ctx, p, XK__FAN_FINAL, op->path,
                         own[i] ? op : &b->ops[owner[i]], 2, SIZE_MAX);
        } else if (!implied(b, own, i)) {
            rc = add(ctx, p, XK__FAN_WRITE, op->path, op,
                     owner[i] < 0 ? 0 : 3, owner[i] < 0
                     ? first_lane(p, op->path) : SIZE_MAX);
        }
    }
    p->nsteps = 4;
    free(on_way);
    return rc;
}

int xk__fan_plan_make(xk_ctx *ctx, struct xk__fan_plan *p,
                      const struct xk__store_batch *b, enum xk__fan_mode mode)
{
    memset(p, 0, sizeof(*p));
    if (b->err)
        return xk__error(ctx, b->err, "building xenstore entries: %s",
                         xk_strerror(b->err));
    long *owner = calloc(b->n ? b->n : 1, sizeof(*owner));
    bool *own = calloc(b->n ? b->n : 1, sizeof(*own));
    int rc = owner && own ? 0 : xk__error(ctx, XK_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < b->n; i++)
        own[i] = own_perms(&b->ops[i]);
    for (size_t i = 0; !rc && i < b->n; i++)
        owner[i] = b->ops[i].remove ? -1 : owner_of(b, own, i);
    /* A new node given the permissions it would inherit needs no change of
     * its own (libxl sets the console's so): one request and, plainly, a
     * step fewer. */
    for (size_t i = 0; !rc && i < b->n; i++)
        own[i] = own[i] && !(owner[i] >= 0 && fresh(b, i) &&
                             same_perms(&b->ops[i], &b->ops[owner[i]]));
    for (size_t i = 0; !rc && i < b->n; i++)
        owner[i] = b->ops[i].remove ? -1 : owner_of(b, own, i);
    for (size_t i = 0; !rc && i < b->n; i++)
        if (b->ops[i].remove)
            rc = add(ctx, p, XK__FAN_RM, b->ops[i].path, &b->ops[i], 0,
                     SIZE_MAX);
    p->nsteps = p->n ? 1 : 0;
    if (!rc)
        rc = mode == XK__FAN_STAGED ? plan_staged(ctx, p, b, own, owner)
                                    : plan_plain(ctx, p, b, own, owner);
    free(owner);
    free(own);
    if (rc)
        xk__fan_plan_free(p);
    return rc;
}

void xk__fan_plan_free(struct xk__fan_plan *p)
{
    for (size_t i = 0; i < p->npaths; i++)
        free(p->paths[i]);
    free(p->paths);
    free(p->items);
    memset(p, 0, sizeof(*p));
}

/* Queues it on the given lane (the connection lane % f->n). */
static int queue_item(xk_ctx *ctx, struct xk__fan *f,
                      const struct xk__fan_item *it, size_t lane)
{
    size_t plen = strlen(it->path) + 1;
    char perms[64];
    switch (it->kind) {
    case XK__FAN_RM:
        return xk__fan_queue(ctx, f, lane, XS_RM, 0, it->path, plen,
                             NULL, 0);
    case XK__FAN_WRITE:
        return xk__fan_queue(ctx, f, lane, XS_WRITE, 0, it->path, plen,
                             it->op->value, strlen(it->op->value));
    case XK__FAN_STAGE:
        return xk__fan_queue(ctx, f, lane, XS_SET_PERMS, 0, it->path,
                             plen, "r0", 3);
    case XK__FAN_FINAL:
    default:
        return xk__fan_queue(ctx, f, lane, XS_SET_PERMS, 0, it->path,
                             plen, perms,
                             xk__perm_wire(it->op, perms, sizeof(perms)));
    }
}

static int check_reply(xk_ctx *ctx, const struct xk__fan_item *it,
                       const struct xk__pipe_reply *r)
{
    if (!r->err || (r->err == ENOENT && it->kind == XK__FAN_RM))
        return 0;
    return xk__error(ctx, r->err == EACCES ? XK_EPERM : XK_ESTORE,
                     "xenstore %s %s: %s",
                     it->kind == XK__FAN_RM ? "rm" : it->kind == XK__FAN_WRITE
                         ? "write" : "set permissions",
                     it->path, strerror(r->err));
}

/* A step's items, each on its lane past the first skip connections, or
 * all on lane skip (one). */
static int queue_step_items(xk_ctx *ctx, struct xk__fan *f,
                            const struct xk__fan_plan *p, unsigned step,
                            size_t skip, bool one, size_t *n_r)
{
    size_t n = 0;
    int rc = 0;
    for (size_t i = 0; !rc && i < p->n; i++)
        if (p->items[i].step == step) {
            const struct xk__fan_item *it = &p->items[i];
            rc = queue_item(ctx, f, it, one ? skip : f->n > skip
                            ? skip + it->lane % (f->n - skip) : it->lane);
            n++;
        }
    *n_r = rc ? 0 : n;
    return rc;
}

int xk__fan_plan_queue(xk_ctx *ctx, struct xk__fan *f,
                       const struct xk__fan_plan *p, unsigned step,
                       size_t skip, size_t *n_r)
{
    return queue_step_items(ctx, f, p, step, skip, false, n_r);
}

int xk__fan_plan_queue_on(xk_ctx *ctx, struct xk__fan *f,
                          const struct xk__fan_plan *p, unsigned step,
                          size_t lane, size_t *n_r)
{
    return queue_step_items(ctx, f, p, step, lane, true, n_r);
}

int xk__fan_plan_check(xk_ctx *ctx, const struct xk__fan_plan *p,
                       unsigned step, const struct xk__pipe_reply *r)
{
    for (size_t i = 0, k = 0; i < p->n; i++)
        if (p->items[i].step == step) {
            int rc = check_reply(ctx, &p->items[i], &r[k++]);
            if (rc)
                return rc;
        }
    return 0;
}

int xk__fan_batch_apply(xk_ctx *ctx, struct xk__fan *f,
                        const struct xk__store_batch *b)
{
    struct xk__fan_plan p;
    int rc = xk__fan_plan_make(ctx, &p, b, XK__FAN_PLAIN);
    for (unsigned step = 0; !rc && step < p.nsteps; step++) {
        size_t n;
        rc = xk__fan_plan_queue(ctx, f, &p, step, 0, &n);
        if (rc) {
            xk__fan_unqueue(f);
            break;
        }
        if (n == 0)
            continue;
        struct xk__pipe_reply *r = calloc(n, sizeof(*r));
        rc = r ? xk__fan_exchange(ctx, f, r)
               : xk__error(ctx, XK_ENOMEM, "out of memory");
        if (!rc)
            rc = xk__fan_plan_check(ctx, &p, step, r);
        if (r)
            xk__pipe_replies_free(r, n);
        free(r);
    }
    xk__fan_plan_free(&p);
    return rc;
}

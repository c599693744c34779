/*
 * test_store_fan_plan.c: the steps in which a batch goes over the fan
 * (store/fan_batch.c), against a model of xenstored's tree: a node made by
 * a write inherits its parent's permissions, as do the directories the
 * write makes on the way. Within a step the connections interleave in any
 * order, so each plan is played in several orders; every order must end
 * with the tree an in-order application of the batch gives. Staged, no
 * change may cost xenstored a read of the parent per domain.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "domain/create.h"
#include "domain/lifecycle.h"
#include "store/fan.h"
#include "store/pipe.h"

/* The model: nodes with a value and permissions ("n0,r7"). */
#define MAX_NODES 512
struct node {
    char path[160];
    char value[160];
    char perms[64];
};
struct tree {
    struct node n[MAX_NODES];
    size_t count;
    size_t dear;            /* changes that read the parent per domain */
};

static struct node *find(struct tree *t, const char *path)
{
    for (size_t i = 0; i < t->count; i++)
        if (strcmp(t->n[i].path, path) == 0)
            return &t->n[i];
    return NULL;
}

static void init_tree(struct tree *t)
{
    memset(t, 0, sizeof(*t));
    strcpy(t->n[0].path, "/");
    strcpy(t->n[0].perms, "n0");
    t->count = 1;
}

/* Everyone may read: the node's first entry grants read. */
static bool all_read(const char *perms)
{
    return perms[0] == 'r' || perms[0] == 'b';
}

static void parent_of(const char *path, char *out)
{
    strcpy(out, path);
    char *slash = strrchr(out, '/');
    if (slash == out)
        out[1] = '\0';
    else
        *slash = '\0';
}

static struct node *make(struct tree *t, const char *path)
{
    struct node *n = find(t, path);
    if (n)
        return n;
    char up[160];
    parent_of(path, up);
    struct node *p = make(t, up);
    assert_true(t->count < MAX_NODES);
    n = &t->n[t->count++];
    snprintf(n->path, sizeof(n->path), "%s", path);
    snprintf(n->perms, sizeof(n->perms), "%s", p->perms);
    n->value[0] = '\0';
    return n;
}

static void model_write(struct tree *t, const char *path, const char *value)
{
    struct node *n = find(t, path);
    if (n && !all_read(n->perms))
        t->dear++;                /* an existing node: its parent is read */
    n = make(t, path);
    snprintf(n->value, sizeof(n->value), "%s", value);
}

static void model_set_perms(struct tree *t, const char *path,
                            const char *perms)
{
    struct node *n = find(t, path);
    assert_non_null(n);           /* xenstored: ENOENT */
    if (!all_read(n->perms) && !all_read(perms))
        t->dear++;
    snprintf(n->perms, sizeof(n->perms), "%s", perms);
}

static void model_rm(struct tree *t, const char *path)
{
    size_t len = strlen(path), k = 0;
    for (size_t i = 0; i < t->count; i++) {
        const char *p = t->n[i].path;
        if (strcmp(p, path) == 0 || (strncmp(p, path, len) == 0 &&
                                     p[len] == '/'))
            continue;
        t->n[k++] = t->n[i];
    }
    t->count = k;
}

/* Wire permissions ("n0\0r7\0") as "n0,r7". */
static void perms_text(const char *wire, size_t len, char *out)
{
    size_t k = 0;
    for (size_t i = 0; i < len; i++)
        out[k++] = wire[i] ? wire[i] : ',';
    while (k && out[k - 1] == ',')
        k--;
    out[k] = '\0';
}

static void apply_in_order(struct tree *t, const struct xk__store_batch *b)
{
    for (size_t i = 0; i < b->n; i++) {
        const struct xk__store_op *op = &b->ops[i];
        if (op->remove) {
            model_rm(t, op->path);
            continue;
        }
        model_write(t, op->path, op->value);
        if (op->perm != XK__PERM_INHERIT) {
            char wire[64], text[64];
            perms_text(wire, xk__perm_wire(op, wire, sizeof(wire)), text);
            model_set_perms(t, op->path, text);
        }
    }
}

static void play_item(struct tree *t, const struct xk__fan_item *it)
{
    char wire[64], text[64];
    switch (it->kind) {
    case XK__FAN_RM:
        model_rm(t, it->path);
        break;
    case XK__FAN_WRITE:
        model_write(t, it->path, it->op->value);
        break;
    case XK__FAN_STAGE:
        model_set_perms(t, it->path, "r0");
        break;
    case XK__FAN_FINAL:
        perms_text(wire, xk__perm_wire(it->op, wire, sizeof(wire)), text);
        model_set_perms(t, it->path, text);
        break;
    }
}

/* Plays the plan: step by step; within a step, the lanes one after another
 * in the order given by pick (each lane's requests in their order). */
enum order { LANES_UP, LANES_DOWN, ROUND_ROBIN };

static void play(struct tree *t, const struct xk__fan_plan *p, size_t nlanes,
                 enum order order)
{
    for (unsigned step = 0; step < p->nsteps; step++) {
        if (order == ROUND_ROBIN) {
            /* One request of each lane in turn. */
            size_t done[64] = { 0 };
            bool more = true;
            for (size_t round = 0; more; round++) {
                more = false;
                for (size_t lane = 0; lane < nlanes; lane++) {
                    size_t seen = 0;
                    for (size_t i = 0; i < p->n; i++) {
                        const struct xk__fan_item *it = &p->items[i];
                        if (it->step != step || it->lane % nlanes != lane)
                            continue;
                        if (seen++ == done[lane]) {
                            play_item(t, it);
                            done[lane]++;
                            more = true;
                            break;
                        }
                    }
                }
            }
            continue;
        }
        for (size_t k = 0; k < nlanes; k++) {
            size_t lane = order == LANES_UP ? k : nlanes - 1 - k;
            for (size_t i = 0; i < p->n; i++)
                if (p->items[i].step == step &&
                    p->items[i].lane % nlanes == lane)
                    play_item(t, &p->items[i]);
        }
    }
}

static int by_path(const void *a, const void *b)
{
    return strcmp(((const struct node *)a)->path,
                  ((const struct node *)b)->path);
}

static void same_tree(struct tree *want, struct tree *got)
{
    qsort(want->n, want->count, sizeof(struct node), by_path);
    qsort(got->n, got->count, sizeof(struct node), by_path);
    for (size_t i = 0; i < want->count && i < got->count; i++) {
        if (strcmp(want->n[i].path, got->n[i].path) != 0)
            fail_msg("node %s where %s was expected", got->n[i].path,
                     want->n[i].path);
        if (strcmp(want->n[i].value, got->n[i].value) != 0 ||
            strcmp(want->n[i].perms, got->n[i].perms) != 0)
            fail_msg("%s = \"%s\" (%s), expected \"%s\" (%s)",
                     got->n[i].path, got->n[i].value, got->n[i].perms,
                     want->n[i].value, want->n[i].perms);
    }
    assert_int_equal(got->count, want->count);
}

/* Checks a plan against the in-order result in every order and on 1, 3
 * and 8 connections; returns the dear changes of the last play. */
static size_t check_plan(const struct xk__store_batch *b,
                         enum xk__fan_mode mode, const char *const *before,
                         size_t nbefore)
{
    xk_ctx *ctx;
    assert_int_equal(xk_ctx_open(&ctx, 0), 0);
    struct xk__fan_plan p;
    assert_int_equal(xk__fan_plan_make(ctx, &p, b, mode), 0);
    static struct tree want, got;
    size_t dear = 0;
    const size_t lanes[] = { 1, 3, 8 };
    for (size_t l = 0; l < 3; l++) {
        for (int o = LANES_UP; o <= ROUND_ROBIN; o++) {
            init_tree(&want);
            init_tree(&got);
            for (size_t i = 0; i < nbefore; i++) {
                model_write(&want, before[i], "old");
                model_write(&got, before[i], "old");
            }
            apply_in_order(&want, b);
            got.dear = 0;
            play(&got, &p, lanes[l], (enum order)o);
            same_tree(&want, &got);
            dear = got.dear;
        }
    }
    xk__fan_plan_free(&p);
    xk_ctx_close(ctx);
    return dear;
}

static void layout(struct xk__store_batch *b, xk_lifecycle *lc)
{
    static const uint8_t uuid[16] = { 0x12, 0x34, 0x56, 0x78 };
    struct xk__domspec s;
    struct xk__built bt;
    memset(&s, 0, sizeof(s));
    memset(&bt, 0, sizeof(bt));
    s.name = "guest1";
    memcpy(s.uuid, uuid, 16);
    s.kernel = "/boot/vmlinuz";
    s.target_kb = s.max_kb = 8192;
    s.vcpus = s.max_vcpus = 2;
    s.lifecycle = lc;
    bt.domid = 7;
    bt.console_port = 2;
    bt.store_port = 1;
    xk_lifecycle_init(lc);
    xk__batch_init(b);
    xk__layout_domain(b, &s, &bt);
}

/* A domain's home, with leftovers of an earlier domain 7 in place: plain
 * and staged both end as an in-order write would; staged, no change
 * reads a parent per domain, while plain takes fewer requests. */
static void home_ends_as_in_order(void **state)
{
    (void)state;
    struct xk__store_batch b;
    xk_lifecycle lc;
    layout(&b, &lc);
    static const char *const leftovers[] = {
        "/local/domain/7/stale", "/libxl/7/device/vbd/51712/frontend",
        "/vm/12345678-0000-0000-0000-000000000000/name",
    };
    size_t plain = check_plan(&b, XK__FAN_PLAIN, leftovers, 3);
    size_t staged = check_plan(&b, XK__FAN_STAGED, leftovers, 3);
    assert_true(plain > 0);
    assert_int_equal(staged, 0);

    xk_ctx *ctx;
    assert_int_equal(xk_ctx_open(&ctx, 0), 0);
    struct xk__fan_plan pp, ps;
    assert_int_equal(xk__fan_plan_make(ctx, &pp, &b, XK__FAN_PLAIN), 0);
    assert_int_equal(xk__fan_plan_make(ctx, &ps, &b, XK__FAN_STAGED), 0);
    assert_true(pp.n < ps.n);
    assert_true(pp.nsteps <= 4 && ps.nsteps == 4);
    xk__fan_plan_free(&pp);
    xk__fan_plan_free(&ps);
    xk_ctx_close(ctx);
    xk__batch_dispose(&b);
}

/* Nesting deeper than a home's, inheriting nodes between nodes with
 * permissions of their own, a removal under a written node and one of a
 * path written again; a node given its parent's permissions that exists
 * already, which still needs them set, and an empty directory that exists
 * already, which still needs its value written. */
static void nesting_and_removals(void **state)
{
    (void)state;
    struct xk__store_batch b;
    xk__batch_init(&b);
    xk__batch_rm(&b, "/a");
    xk__batch_rm(&b, "/x/old");
    xk__batch_put(&b, XK__PERM_READ, 3, "", "/a");
    xk__batch_put(&b, XK__PERM_INHERIT, 0, "1", "/a/plain");
    xk__batch_put(&b, XK__PERM_INHERIT, 0, "", "/a/dir");
    xk__batch_put(&b, XK__PERM_OWNED, 3, "v", "/a/dir/sub/own");
    xk__batch_put(&b, XK__PERM_INHERIT, 0, "w", "/a/dir/sub/own/leaf");
    xk__batch_put(&b, XK__PERM_OWNED_R0, 3, "", "/a/dir/sub/own/deeper");
    xk__batch_put(&b, XK__PERM_INHERIT, 0, "z", "/a/dir/sub/own/deeper/x");
    xk__batch_put(&b, XK__PERM_INHERIT, 0, "2", "/a/dir/sub/sibling");
    xk__batch_put(&b, XK__PERM_INHERIT, 0, "3", "/x/old");
    xk__batch_put(&b, XK__PERM_INHERIT, 0, "4", "/x/new");
    xk__batch_put(&b, XK__PERM_READ, 3, "", "/p");
    xk__batch_put(&b, XK__PERM_READ, 3, "5", "/p/q");
    xk__batch_put(&b, XK__PERM_READ, 3, "6", "/a/dir/same");
    /* Children listed before their parent, and one whose parent lends
     * two of its children their permissions but not the others. */
    xk__batch_rm(&b, "/g");
    xk__batch_put(&b, XK__PERM_OWNED, 5, "1", "/g/o1");
    xk__batch_put(&b, XK__PERM_READ, 5, "", "/g");
    xk__batch_put(&b, XK__PERM_OWNED, 5, "2", "/g/o2");
    xk__batch_put(&b, XK__PERM_OWNED_R0, 5, "3", "/g/o3");
    xk__batch_put(&b, XK__PERM_OWNED, 5, "4", "/g/o4");
    xk__batch_put(&b, XK__PERM_INHERIT, 0, "5", "/g/o4/x");
    xk__batch_put(&b, XK__PERM_INHERIT, 0, "6", "/g/i");
    xk__batch_put(&b, XK__PERM_OWNED, 5, "7", "/g/o5");
    xk__batch_put(&b, XK__PERM_INHERIT, 0, "", "/q/dir");
    xk__batch_put(&b, XK__PERM_INHERIT, 0, "7", "/q/dir/leaf");
    static const char *const before[] = { "/a/gone/deep", "/x/old/child",
                                          "/p/q", "/q/dir" };
    check_plan(&b, XK__FAN_PLAIN, before, 4);
    /* Staging spares xenstored only for new nodes: /p, /p/q and /q/dir
     * were there (the writes of /p and /q/dir, the write and permissions
     * of /p/q). */
    assert_int_equal(check_plan(&b, XK__FAN_STAGED, before, 4), 4);
    xk__batch_dispose(&b);
}

/* Permissions of their own nested deeper than a plan has steps: refused
 * with the path, before anything is sent. */
static void too_deep_refused(void **state)
{
    (void)state;
    struct xk__store_batch b;
    xk__batch_init(&b);
    char path[256] = "";
    for (int i = 0; i < XK__FAN_MAX_STEPS + 1; i++) {
        strcat(path, "/d");
        xk__batch_put(&b, XK__PERM_OWNED, 1, "", "%s", path);
    }
    xk_ctx *ctx;
    assert_int_equal(xk_ctx_open(&ctx, 0), 0);
    struct xk__fan_plan p;
    assert_int_equal(xk__fan_plan_make(ctx, &p, &b, XK__FAN_PLAIN), XK_EINVAL);
    assert_non_null(strstr(xk_ctx_last_error(ctx), "nested too deep: /d/d"));
    assert_int_equal(p.n, 0);
    xk_ctx_close(ctx);
    xk__batch_dispose(&b);
}

/* A batch that failed to build is refused before anything is planned. */
static void broken_batch_refused(void **state)
{
    (void)state;
    struct xk__store_batch b;
    xk__batch_init(&b);
    b.err = XK_ENOMEM;
    xk_ctx *ctx;
    assert_int_equal(xk_ctx_open(&ctx, 0), 0);
    struct xk__fan_plan p;
    assert_int_equal(xk__fan_plan_make(ctx, &p, &b, XK__FAN_STAGED),
                     XK_ENOMEM);
    assert_non_null(strstr(xk_ctx_last_error(ctx), "building xenstore"));
    assert_int_equal(p.n, 0);
    xk_ctx_close(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(home_ends_as_in_order),
        cmocka_unit_test(nesting_and_removals),
        cmocka_unit_test(too_deep_refused),
        cmocka_unit_test(broken_batch_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_domain_layout.c: the xenstore home of a new PV domain as create.c
 * writes it (paths, values and permissions, as libxl lays them out), the
 * write batch it is built in, UUIDs, and create's checks that fail before
 * touching Xen.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "domain/create.h"
#include "store/batch.h"
#include "store/fan.h"

static const uint8_t UUID[16] = {
    0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0x4d, 0xef,
    0x81, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
};
#define UUID_STR "12345678-9abc-4def-8123-456789abcdef"

static void fill(struct xk__domspec *s, struct xk__built *bt)
{
    memset(s, 0, sizeof(*s));
    s->name = "guest1";
    memcpy(s->uuid, UUID, 16);
    s->kernel = "/boot/vmlinuz";
    s->ramdisk = "/boot/initrd.gz";
    s->cmdline = "console=hvc0";
    s->target_kb = 131072;
    s->max_kb = 262144;
    s->vcpus = 2;
    s->max_vcpus = 3;
    memset(bt, 0, sizeof(*bt));
    bt->domid = 7;
    bt->store_port = 1;
    bt->console_port = 2;
    bt->store_mfn = 123456;
    bt->console_mfn = 123457;
    bt->start_sec = 1700000000;
    bt->start_csec = 5;
}

static const struct xk__store_op *must(const struct xk__store_batch *b,
                                       const char *path, const char *value)
{
    const struct xk__store_op *op = xk__batch_find(b, path);
    if (!op)
        fail_msg("no write of %s", path);
    if (op->remove)
        fail_msg("%s is removed, not written", path);
    if (value && strcmp(op->value, value) != 0)
        fail_msg("%s = \"%s\", expected \"%s\"", path, op->value, value);
    return op;
}

static void home_has_what_guests_and_tools_read(void **state)
{
    (void)state;
    struct xk__domspec s;
    struct xk__built bt;
    fill(&s, &bt);
    struct xk__store_batch b;
    xk__batch_init(&b);
    xk__layout_domain(&b, &s, &bt);
    assert_int_equal(b.err, 0);

    must(&b, "/local/domain/7/name", "guest1");
    must(&b, "/local/domain/7/domid", "7");
    must(&b, "/local/domain/7/vm", "/vm/" UUID_STR);
    must(&b, "/local/domain/7/memory/target", "131072");
    must(&b, "/local/domain/7/memory/static-max", "262144");
    must(&b, "/local/domain/7/memory/videoram", "0");
    must(&b, "/local/domain/7/cpu/0/availability", "online");
    must(&b, "/local/domain/7/cpu/1/availability", "online");
    must(&b, "/local/domain/7/cpu/2/availability", "offline");
    assert_null(xk__batch_find(&b, "/local/domain/7/cpu/3/availability"));
    must(&b, "/local/domain/7/store/port", "1");
    must(&b, "/local/domain/7/store/ring-ref", "123456");
    must(&b, "/local/domain/7/control/platform-feature-xs_reset_watches",
         "1");
    must(&b, "/local/domain/7/control/"
         "platform-feature-multiprocessor-suspend", "1");

    /* /vm/UUID as `xl uptime` and libxl read it */
    must(&b, "/vm/" UUID_STR "/uuid", UUID_STR);
    must(&b, "/vm/" UUID_STR "/name", "guest1");
    must(&b, "/vm/" UUID_STR "/start_time", "1700000000.05");
    must(&b, "/vm/" UUID_STR "/image/kernel", "/boot/vmlinuz");
    must(&b, "/vm/" UUID_STR "/image/ramdisk", "/boot/initrd.gz");
    must(&b, "/vm/" UUID_STR "/image/cmdline", "console=hvc0");
    must(&b, "/libxl/7/type", "pv");
    must(&b, "/libxl/7/dm-version", "qemu_xen");
    xk__batch_dispose(&b);
}

static size_t removals(const struct xk__store_batch *b, const char *path)
{
    size_t n = 0;
    for (size_t i = 0; i < b->n; i++)
        n += b->ops[i].remove && strcmp(b->ops[i].path, path) == 0;
    return n;
}

/* A UUID from the config may be an earlier domain's, whose /vm node goes
 * first; one made up for this create cannot be. */
static void vm_node_cleared_only_for_a_given_uuid(void **state)
{
    (void)state;
    for (int random = 0; random <= 1; random++) {
        struct xk__domspec s;
        struct xk__built bt;
        fill(&s, &bt);
        s.uuid_random = random;
        struct xk__store_batch b;
        xk__batch_init(&b);
        xk__layout_domain(&b, &s, &bt);
        assert_int_equal(b.err, 0);
        assert_int_equal(removals(&b, "/vm/" UUID_STR), random ? 0 : 1);
        assert_int_equal(removals(&b, "/local/domain/7"), 1);
        assert_int_equal(removals(&b, "/libxl/7"), 1);
        must(&b, "/vm/" UUID_STR "/uuid", UUID_STR);
        xk__batch_dispose(&b);
    }
}

static void console_is_wired_for_xenconsoled(void **state)
{
    (void)state;
    struct xk__domspec s;
    struct xk__built bt;
    fill(&s, &bt);
    struct xk__store_batch b;
    xk__batch_init(&b);
    xk__layout_domain(&b, &s, &bt);

    must(&b, "/local/domain/7/console/ring-ref", "123457");
    must(&b, "/local/domain/7/console/port", "2");
    must(&b, "/local/domain/7/console/type", "xenconsoled");
    must(&b, "/local/domain/7/console/limit", "1048576");
    must(&b, "/local/domain/7/console/output", "pty");
    must(&b, "/local/domain/7/console/tty", "");
    must(&b, "/local/domain/7/console/backend",
         "/local/domain/0/backend/console/7/0");
    must(&b, "/local/domain/0/backend/console/7/0/frontend",
         "/local/domain/7/console");
    must(&b, "/local/domain/0/backend/console/7/0/state", "1");
    must(&b, "/local/domain/0/backend/console/7/0/protocol", "vt100");
    must(&b, "/libxl/7/device/console/0/backend",
         "/local/domain/0/backend/console/7/0");
    xk__batch_dispose(&b);
}

static void permissions_match_libxl(void **state)
{
    (void)state;
    struct xk__domspec s;
    struct xk__built bt;
    fill(&s, &bt);
    struct xk__store_batch b;
    xk__batch_init(&b);
    xk__layout_domain(&b, &s, &bt);

    /* The home and /vm: dom0's, readable by the guest. */
    const struct xk__store_op *op = must(&b, "/local/domain/7", "");
    assert_int_equal(op->perm, XK__PERM_READ);
    assert_int_equal(op->dom, 7);
    op = must(&b, "/vm/" UUID_STR, "");
    assert_int_equal(op->perm, XK__PERM_READ);
    /* What the guest writes is the guest's. */
    static const char *const owned[] = {
        "/local/domain/7/control/shutdown", "/local/domain/7/data",
        "/local/domain/7/control/feature-poweroff", "/local/domain/7/error",
        "/local/domain/7/device/suspend/event-channel",
        "/local/domain/7/drivers", "/local/domain/7/attr",
    };
    for (size_t i = 0; i < sizeof(owned) / sizeof(*owned); i++) {
        op = must(&b, owned[i], "");
        assert_int_equal(op->perm, XK__PERM_OWNED);
        assert_int_equal(op->dom, 7);
    }
    /* The console's frontend is read-only to the guest, unlike other
     * devices; /libxl is dom0's alone. */
    op = must(&b, "/local/domain/7/console", "");
    assert_int_equal(op->perm, XK__PERM_READ);
    op = must(&b, "/local/domain/7/console/backend-id", "0");
    assert_int_equal(op->perm, XK__PERM_OWNED_R0);
    assert_int_equal(op->dom, 7);
    op = must(&b, "/local/domain/0/backend/console/7/0", "");
    assert_int_equal(op->perm, XK__PERM_READ);
    op = must(&b, "/libxl/7", "");
    assert_int_equal(op->perm, XK__PERM_DOM0);
    /* Everything else inherits: nothing readable by the guest may be
     * writable by it. */
    op = must(&b, "/local/domain/7/name", NULL);
    assert_int_equal(op->perm, XK__PERM_INHERIT);
    op = must(&b, "/local/domain/7/memory/target", NULL);
    assert_int_equal(op->perm, XK__PERM_INHERIT);
    xk__batch_dispose(&b);
}

static void parents_come_before_children(void **state)
{
    (void)state;
    struct xk__domspec s;
    struct xk__built bt;
    fill(&s, &bt);
    struct xk__store_batch b;
    xk__batch_init(&b);
    xk__layout_domain(&b, &s, &bt);
    /* A node with explicit permissions must be written before anything
     * under it, or its children inherit the wrong permissions; stale trees
     * are removed before they are written. */
    for (size_t i = 0; i < b.n; i++) {
        if (b.ops[i].remove || b.ops[i].perm == XK__PERM_INHERIT)
            continue;
        size_t len = strlen(b.ops[i].path);
        for (size_t j = 0; j < i; j++) {
            if (b.ops[j].remove)
                continue;
            if (strncmp(b.ops[j].path, b.ops[i].path, len) == 0 &&
                b.ops[j].path[len] == '/')
                fail_msg("%s written before its parent %s", b.ops[j].path,
                         b.ops[i].path);
        }
    }
    xk__batch_dispose(&b);
}

static void no_ramdisk_no_node(void **state)
{
    (void)state;
    struct xk__domspec s;
    struct xk__built bt;
    fill(&s, &bt);
    s.ramdisk = NULL;
    s.cmdline = NULL;
    struct xk__store_batch b;
    xk__batch_init(&b);
    xk__layout_domain(&b, &s, &bt);
    assert_null(xk__batch_find(&b, "/vm/" UUID_STR "/image/ramdisk"));
    assert_null(xk__batch_find(&b, "/vm/" UUID_STR "/image/cmdline"));
    xk__batch_dispose(&b);
}

static void batch_records_overlong_paths(void **state)
{
    (void)state;
    struct xk__store_batch b;
    xk__batch_init(&b);
    char *big = malloc(XK_STORE_PATH_MAX + 10);
    memset(big, 'a', XK_STORE_PATH_MAX + 9);
    big[XK_STORE_PATH_MAX + 9] = '\0';
    xk__batch_put(&b, XK__PERM_INHERIT, 0, "v", "/%s", big);
    assert_int_equal(b.err, XK_EINVAL);
    /* Sticky: later puts do nothing, and applying reports it. */
    xk__batch_put(&b, XK__PERM_INHERIT, 0, "v", "/ok");
    assert_int_equal(b.n, 0);
    xk_ctx *ctx;
    assert_int_equal(xk_ctx_open(&ctx, 0), 0);
    assert_int_equal(xk__store_batch_apply(ctx, XK_STORE_NOTXN, &b),
                     XK_EINVAL);
    assert_non_null(strstr(xk_ctx_last_error(ctx), "building xenstore"));
    xk_ctx_close(ctx);
    xk__batch_dispose(&b);
    free(big);
}

/* A supervised create writes xenkit-monitord's record with the home,
 * dom0-only under /libxl/N, and an unsupervised one writes none. */
static void supervised_home_carries_the_record(void **state)
{
    (void)state;
    struct xk__domspec s;
    struct xk__built bt;
    fill(&s, &bt);
    struct xk__store_batch b;
    xk__batch_init(&b);
    xk__layout_domain(&b, &s, &bt);
    assert_null(xk__batch_find(&b, "/libxl/7/xenkit/record"));
    xk__batch_dispose(&b);

    xk_lifecycle lc;
    xk_lifecycle_init(&lc);
    lc.on_reboot = XK_ACTION_RESTART_RENAME;
    lc.config = (char *)"name = \"guest1\"\n";
    lc.config_len = strlen(lc.config);
    s.lifecycle = &lc;
    xk__batch_init(&b);
    xk__layout_domain(&b, &s, &bt);
    assert_int_equal(b.err, 0);
    /* One node: the actions, the config's length, the config. */
    must(&b, "/libxl/7/xenkit/record", "on_poweroff=destroy "
         "on_reboot=rename-restart on_watchdog=destroy on_crash=destroy "
         "on_soft_reset=soft-reset config-length=16\nname = \"guest1\"\n");
    assert_null(xk__batch_find(&b, "/libxl/7/xenkit/config/0"));
    assert_null(xk__batch_find(&b, "/libxl/7/xenkit"));  /* /libxl/7 is new */
    /* Under /libxl/7 (dom0 only), written before the record. */
    const struct xk__store_op *lib = xk__batch_find(&b, "/libxl/7");
    assert_non_null(lib);
    assert_int_equal(lib->perm, XK__PERM_DOM0);
    assert_true(lib < xk__batch_find(&b, "/libxl/7/xenkit/record"));
    xk__batch_dispose(&b);

    /* A config too big for the node goes in chunks beside it. */
    char *big = malloc(5000);
    assert_non_null(big);
    memset(big, 'x', 4999);
    big[4999] = '\0';
    lc.config = big;
    lc.config_len = 4999;
    xk__batch_init(&b);
    xk__layout_domain(&b, &s, &bt);
    assert_int_equal(b.err, 0);
    const struct xk__store_op *rec = must(&b, "/libxl/7/xenkit/record", NULL);
    assert_non_null(strstr(rec->value, "config-length=4999\n"));
    assert_int_equal(strlen(strchr(rec->value, '\n')), 1);
    assert_int_equal(strlen(must(&b, "/libxl/7/xenkit/config/0", NULL)->value),
                     2048);
    assert_int_equal(strlen(must(&b, "/libxl/7/xenkit/config/2", NULL)->value),
                     4999 - 4096);
    xk__batch_dispose(&b);
    free(big);
}

static void uuids_round_trip_and_are_version_4(void **state)
{
    (void)state;
    char str[XK__UUID_STRLEN];
    xk__uuid_format(UUID, str);
    assert_string_equal(str, UUID_STR);
    uint8_t back[16];
    assert_int_equal(xk__uuid_parse(UUID_STR, back), 0);
    assert_memory_equal(back, UUID, 16);
    assert_int_equal(xk__uuid_parse("12345678-9abc-4def-8123-456789abcde",
                                    back), XK_EINVAL);
    assert_int_equal(xk__uuid_parse("12345678x9abc-4def-8123-456789abcdef",
                                    back), XK_EINVAL);
    assert_int_equal(xk__uuid_parse("12345678-9abc-4def-8123-456789abcdeg",
                                    back), XK_EINVAL);

    xk_ctx *ctx;
    assert_int_equal(xk_ctx_open(&ctx, 0), 0);
    uint8_t a[16], b[16];
    assert_int_equal(xk__uuid_generate(ctx, a), 0);
    assert_int_equal(xk__uuid_generate(ctx, b), 0);
    assert_memory_not_equal(a, b, 16);
    assert_int_equal(a[6] >> 4, 4);
    assert_int_equal(a[8] & 0xc0, 0x80);
    xk_ctx_close(ctx);
}

/* Laid out before the console domain is known, the home leaves out the
 * console backend's directory, which is laid out on its own later: the
 * two together are the whole layout, node for node. */
static void backend_laid_out_apart_is_the_same(void **state)
{
    (void)state;
    struct xk__domspec s;
    struct xk__built bt;
    fill(&s, &bt);
    bt.console_domid = 3;
    struct xk__store_batch whole, own, back;
    xk__batch_init(&whole);
    xk__batch_init(&own);
    xk__batch_init(&back);
    xk__layout_domain(&whole, &s, &bt);
    xk__layout_domain_own(&own, &s, &bt, false);
    xk__layout_console_backend(&back, &bt);
    assert_int_equal(own.n + back.n, whole.n);
    assert_true(back.n > 0);
    for (size_t i = 0; i < back.n; i++)
        assert_non_null(strstr(back.ops[i].path,
                               "/local/domain/3/backend/console/7/0"));
    for (size_t i = 0; i < own.n; i++)
        assert_null(strstr(own.ops[i].path, "/backend/console/"));
    const struct xk__store_batch *parts[2] = { &own, &back };
    for (size_t p = 0; p < 2; p++)
        for (size_t i = 0; i < parts[p]->n; i++) {
            const struct xk__store_op *a = &parts[p]->ops[i];
            const struct xk__store_op *w = NULL;
            for (size_t j = 0; j < whole.n; j++)
                if (strcmp(whole.ops[j].path, a->path) == 0 &&
                    whole.ops[j].remove == a->remove)
                    w = &whole.ops[j];
            assert_non_null(w);
            if (a->remove)
                continue;
            assert_string_equal(w->value, a->value);
            assert_int_equal(w->perm, a->perm);
            assert_int_equal(w->dom, a->dom);
        }
    xk__batch_dispose(&whole);
    xk__batch_dispose(&own);
    xk__batch_dispose(&back);
}

/* The ports and ring frames are known only after the home's first step
 * went out (home.c sends it as soon as the domain exists): whatever the
 * plan, none of them is in that step, and the values set later are the
 * ones written. A plan that did put one there is refused, naming it. */
static void late_values_miss_the_first_step(void **state)
{
    (void)state;
    xk_ctx *ctx;
    assert_int_equal(xk_ctx_open(&ctx, 0), 0);
    struct xk__domspec s;
    struct xk__built bt, early;
    fill(&s, &bt);
    bt.console_domid = 3;     /* xenconsoled in a domain of its own */
    early = bt;
    early.store_port = early.console_port = 0;
    early.store_mfn = early.console_mfn = 0;
    early.console_domid = 0;  /* not known yet */
    const enum xk__fan_mode modes[] = { XK__FAN_PLAIN, XK__FAN_STAGED };
    for (size_t m = 0; m < 2; m++) {
        struct xk__store_batch b;
        xk__batch_init(&b);
        xk__layout_domain(&b, &s, &early);
        struct xk__fan_plan plan;
        assert_int_equal(xk__fan_plan_make(ctx, &plan, &b, modes[m]), 0);
        assert_int_equal(xk__layout_check_plan(ctx, &plan, &bt), 0);
        xk__layout_late(&b, &bt);
        must(&b, "/local/domain/7/store/port", "1");
        must(&b, "/local/domain/7/console/port", "2");
        must(&b, "/local/domain/7/store/ring-ref", "123456");
        must(&b, "/local/domain/7/console/ring-ref", "123457");
        must(&b, "/local/domain/7/console/backend-id", "3");
        must(&b, "/local/domain/7/console/backend",
             "/local/domain/3/backend/console/7/0");
        must(&b, "/libxl/7/device/console/0/backend",
             "/local/domain/3/backend/console/7/0");
        xk__fan_plan_free(&plan);
        xk__batch_dispose(&b);
    }

    /* The port alone, with no node above it to wait for: step 0. */
    struct xk__store_batch b;
    xk__batch_init(&b);
    xk__batch_put(&b, XK__PERM_INHERIT, 0, "0", "/local/domain/7/store/port");
    struct xk__fan_plan plan;
    assert_int_equal(xk__fan_plan_make(ctx, &plan, &b, XK__FAN_PLAIN), 0);
    assert_int_equal(xk__layout_check_plan(ctx, &plan, &bt), XK_EINVAL);
    assert_string_equal(xk_ctx_last_error(ctx), "xenstore layout: "
                        "/local/domain/7/store/port is written before it "
                        "has its value");
    xk__fan_plan_free(&plan);
    xk__batch_dispose(&b);
    xk_ctx_close(ctx);
}

/* create's own checks run before anything touches Xen, so they can be
 * provoked here; each message names the option and where it was set. */
static void create_checks_fail_before_xen(void **state)
{
    (void)state;
    xk_ctx *ctx;
    assert_int_equal(xk_ctx_open(&ctx, 0), 0);
    struct xk__domspec s;
    struct xk__built bt;
    uint32_t domid = 99;
    fill(&s, &bt);
    s.kernel = "/nonexistent/vmlinuz";
    s.at_kernel.file = "guest.cfg";
    s.at_kernel.line = 3;
    s.at_kernel.column = 1;
    assert_int_equal(xk__domain_create_spec(ctx, &s, 0, &domid), XK_ENOENT);
    assert_string_equal(xk_ctx_last_error(ctx),
                        "guest.cfg:3:1: kernel: cannot open "
                        "\"/nonexistent/vmlinuz\": No such file or directory");
    assert_int_equal(domid, 99);

    fill(&s, &bt);
    s.kernel = "/dev/null";
    s.ramdisk = "/nonexistent/initrd";
    s.at_ramdisk.file = "guest.cfg";
    s.at_ramdisk.line = 4;
    assert_int_equal(xk__domain_create_spec(ctx, &s, 0, &domid), XK_ENOENT);
    assert_string_equal(xk_ctx_last_error(ctx),
                        "guest.cfg:4: ramdisk: cannot open "
                        "\"/nonexistent/initrd\": No such file or directory");

    fill(&s, &bt);
    s.kernel = NULL;
    assert_int_equal(xk__domain_create_spec(ctx, &s, 0, &domid), XK_ECONFIG);
    assert_non_null(strstr(xk_ctx_last_error(ctx), "kernel: no kernel given"));

    fill(&s, &bt);
    s.kernel = "/dev/null";
    s.ramdisk = NULL;
    s.vcpus = 4;
    s.max_vcpus = 2;
    assert_int_equal(xk__domain_create_spec(ctx, &s, 0, &domid), XK_ECONFIG);
    assert_non_null(strstr(xk_ctx_last_error(ctx), "vcpus: 4 of 2 vcpus"));

    fill(&s, &bt);
    s.kernel = "/dev/null";
    s.ramdisk = NULL;
    s.max_kb = s.target_kb / 2;
    assert_int_equal(xk__domain_create_spec(ctx, &s, 0, &domid), XK_ECONFIG);
    assert_non_null(strstr(xk_ctx_last_error(ctx), "memory: "));

    fill(&s, &bt);
    s.name = "";
    assert_int_equal(xk__domain_create_spec(ctx, &s, 0, &domid), XK_ECONFIG);
    assert_non_null(strstr(xk_ctx_last_error(ctx), "name: "));
    xk_ctx_close(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(home_has_what_guests_and_tools_read),
        cmocka_unit_test(vm_node_cleared_only_for_a_given_uuid),
        cmocka_unit_test(console_is_wired_for_xenconsoled),
        cmocka_unit_test(permissions_match_libxl),
        cmocka_unit_test(parents_come_before_children),
        cmocka_unit_test(no_ramdisk_no_node),
        cmocka_unit_test(batch_records_overlong_paths),
        cmocka_unit_test(supervised_home_carries_the_record),
        cmocka_unit_test(uuids_round_trip_and_are_version_4),
        cmocka_unit_test(late_values_miss_the_first_step),
        cmocka_unit_test(backend_laid_out_apart_is_the_same),
        cmocka_unit_test(create_checks_fail_before_xen),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

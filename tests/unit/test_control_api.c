/*
 * test_control_api.c: the control and lifecycle API's argument checks,
 * action names and defaults, and the lifecycle record's limits (no Xen
 * needed: every case here fails or finishes before touching it).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xenkit.h"

static xk_ctx *open_ctx(void)
{
    xk_ctx *ctx = NULL;
    assert_int_equal(xk_ctx_open(&ctx, 0), 0);
    return ctx;
}

static void action_names_round_trip(void **state)
{
    (void)state;
    static const char *const names[] = { "destroy", "restart",
        "rename-restart", "preserve", "coredump-destroy", "coredump-restart",
        "soft-reset" };
    for (unsigned i = 0; i < 7; i++) {
        unsigned a = 99;
        assert_string_equal(xk_action_name(i), names[i]);
        assert_int_equal(xk_action_parse(names[i], &a), 0);
        assert_int_equal(a, i);
    }
    unsigned a = 42;
    assert_int_equal(xk_action_parse("restart_rename", &a), XK_EINVAL);
    assert_int_equal(xk_action_parse("", &a), XK_EINVAL);
    assert_int_equal(xk_action_parse("Destroy", &a), XK_EINVAL);
    assert_int_equal(a, 42);
    assert_string_equal(xk_action_name(7), "unknown");
    assert_string_equal(xk_action_name(~0u), "unknown");
}

static void lifecycle_defaults_are_xls(void **state)
{
    (void)state;
    xk_lifecycle lc;
    memset(&lc, 0xff, sizeof(lc));
    xk_lifecycle_init(&lc);
    assert_null(lc.config);
    assert_int_equal(lc.config_len, 0);
    assert_int_equal(xk_lifecycle_action(&lc, XK_SHUTDOWN_POWEROFF),
                     XK_ACTION_DESTROY);
    assert_int_equal(xk_lifecycle_action(&lc, XK_SHUTDOWN_REBOOT),
                     XK_ACTION_RESTART);
    assert_int_equal(xk_lifecycle_action(&lc, XK_SHUTDOWN_WATCHDOG),
                     XK_ACTION_DESTROY);
    assert_int_equal(xk_lifecycle_action(&lc, XK_SHUTDOWN_CRASH),
                     XK_ACTION_DESTROY);
    assert_int_equal(xk_lifecycle_action(&lc, XK_SHUTDOWN_SOFT_RESET),
                     XK_ACTION_SOFT_RESET);
    /* suspend and unknown reasons have no on_* option */
    assert_int_equal(xk_lifecycle_action(&lc, XK_SHUTDOWN_SUSPEND),
                     XK_ACTION_DESTROY);
    assert_int_equal(xk_lifecycle_action(&lc, 77), XK_ACTION_DESTROY);
    lc.on_crash = XK_ACTION_PRESERVE;
    assert_int_equal(xk_lifecycle_action(&lc, XK_SHUTDOWN_CRASH),
                     XK_ACTION_PRESERVE);
    xk_lifecycle_dispose(&lc);
    xk_lifecycle_dispose(&lc);   /* idempotent */
    xk_lifecycle_dispose(NULL);
}

static void shutdown_rejects_bad_requests(void **state)
{
    (void)state;
    xk_ctx *ctx = open_ctx();
    assert_int_equal(xk_domain_shutdown(ctx, 1, XK_SHUTDOWN_CRASH, 0),
                     XK_EINVAL);
    assert_non_null(strstr(xk_ctx_last_error(ctx), "not a request"));
    assert_int_equal(xk_domain_shutdown(ctx, 1, XK_SHUTDOWN_SUSPEND, 0),
                     XK_EINVAL);
    assert_int_equal(xk_domain_shutdown(ctx, 1, XK_SHUTDOWN_POWEROFF, 0x80),
                     XK_EINVAL);
    assert_non_null(strstr(xk_ctx_last_error(ctx), "unknown shutdown flags"));
    assert_int_equal(xk_domain_shutdown(NULL, 1, XK_SHUTDOWN_POWEROFF, 0),
                     XK_EINVAL);
    xk_ctx_close(ctx);
}

static void wait_and_trigger_reject_bad_arguments(void **state)
{
    (void)state;
    xk_ctx *ctx = open_ctx();
    assert_int_equal(xk_domain_wait(ctx, 1, 0, 0, NULL, NULL), XK_EINVAL);
    assert_int_equal(xk_domain_wait(ctx, 1, XK_WAIT_SHUTDOWN | XK_WAIT_GONE,
                                    0, NULL, NULL), XK_EINVAL);
    assert_non_null(strstr(xk_ctx_last_error(ctx), "unknown wait"));
    assert_int_equal(xk_domain_trigger(ctx, 1, 5, 0), XK_EINVAL);
    assert_non_null(strstr(xk_ctx_last_error(ctx), "unknown trigger"));
    int fd = 7;
    assert_int_equal(xk_console_open(ctx, 0, XK_CONSOLE_PV, 0, 0, &fd),
                     XK_EINVAL);
    assert_int_equal(fd, -1);
    assert_non_null(strstr(xk_ctx_last_error(ctx), "domain 0"));
    assert_int_equal(xk_domain_watch_open(NULL, NULL), XK_EINVAL);
    xk_dominfo *list;
    size_t n;
    assert_int_equal(xk_domain_list_states(NULL, &list, &n), XK_EINVAL);
    assert_int_equal(xk_domain_list_states(ctx, NULL, &n), XK_EINVAL);
    xk_ctx_close(ctx);
}

static void record_refuses_what_it_cannot_restore(void **state)
{
    (void)state;
    xk_ctx *ctx = open_ctx();
    xk_lifecycle lc;
    xk_lifecycle_init(&lc);
    lc.on_reboot = 7;   /* past the last action */
    assert_int_equal(xk_lifecycle_record(ctx, 3, &lc), XK_EINVAL);
    assert_non_null(strstr(xk_ctx_last_error(ctx), "on_reboot"));

    xk_lifecycle_init(&lc);
    char text[] = "name = \"a\"\0kernel = \"b\"";
    lc.config = text;
    lc.config_len = sizeof(text) - 1;   /* an embedded NUL: not text */
    assert_int_equal(xk_lifecycle_record(ctx, 3, &lc), XK_EINVAL);
    assert_non_null(strstr(xk_ctx_last_error(ctx), "not text"));

    lc.config_len = 2 * 1024 * 1024;    /* past the limit */
    char *big = malloc(lc.config_len);
    assert_non_null(big);
    memset(big, 'x', lc.config_len);
    lc.config = big;
    assert_int_equal(xk_lifecycle_record(ctx, 3, &lc), XK_EINVAL);
    assert_non_null(strstr(xk_ctx_last_error(ctx), "too big"));
    free(big);
    xk_ctx_close(ctx);
}

static void record_needs_xenstore(void **state)
{
    (void)state;
    if (access("/dev/xen/xenbus", F_OK) == 0 ||
        access("/proc/xen/xenbus", F_OK) == 0)
        skip();
    setenv("XENSTORED_PATH", "/nonexistent/xenkit-test-socket", 1);
    xk_ctx *ctx = open_ctx();
    xk_lifecycle lc;
    xk_lifecycle_init(&lc);
    assert_int_equal(xk_lifecycle_record(ctx, 3, &lc), XK_ESTORE);
    xk_lifecycle read;
    assert_int_equal(xk_lifecycle_read(ctx, 3, &read), XK_ESTORE);
    assert_null(read.config);
    assert_int_equal(xk_lifecycle_forget(ctx, 3), XK_ESTORE);
    xk_ctx_close(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(action_names_round_trip),
        cmocka_unit_test(lifecycle_defaults_are_xls),
        cmocka_unit_test(shutdown_rejects_bad_requests),
        cmocka_unit_test(wait_and_trigger_reject_bad_arguments),
        cmocka_unit_test(record_refuses_what_it_cannot_restore),
        cmocka_unit_test(record_needs_xenstore),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_store_basics.c: the xenstore wrapper's behaviour without xenstored. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/context.h"
#include "store/store.h"

static int no_xenstore_here(void)
{
    return access("/dev/xen/xenbus", F_OK) != 0 &&
           access("/proc/xen/xenbus", F_OK) != 0;
}

static void open_fails_cleanly_without_xenstored(void **state)
{
    (void)state;
    if (!no_xenstore_here())
        skip();
    /* libxenstore looks for the daemon's socket at $XENSTORED_PATH. */
    setenv("XENSTORED_PATH", "/nonexistent/xenkit-test-socket", 1);
    xk_ctx *ctx = NULL;
    assert_int_equal(xk_ctx_open(&ctx, 0), 0);
    char *v = (char *)"sentinel";
    assert_int_equal(xk__store_read(ctx, XK_STORE_NOTXN, "/local/domain/0/name",
                                    &v, NULL), XK_ESTORE);
    assert_null(v);
    assert_null(ctx->xs);
    assert_int_equal(xk_ctx_last_code(ctx), XK_ESTORE);
    assert_non_null(strstr(xk_ctx_last_error(ctx),
                           "cannot connect to xenstore"));
    char **e = (char **)&v;
    unsigned n = 7;
    assert_int_equal(xk__store_directory(ctx, XK_STORE_NOTXN, "/local/domain",
                                         &e, &n), XK_ESTORE);
    assert_null(e);
    assert_int_equal(n, 0);
    xk_store_txn t = 5;
    assert_int_equal(xk__store_txn_start(ctx, &t), XK_ESTORE);
    assert_int_equal(t, XK_STORE_NOTXN);
    xk_ctx_close(ctx);
}

static void path_formatting_checks_length(void **state)
{
    (void)state;
    xk_ctx *ctx = NULL;
    char buf[32];
    assert_int_equal(xk_ctx_open(&ctx, 0), 0);
    assert_int_equal(xk__store_path(ctx, buf, sizeof(buf),
                                    "/local/domain/%u/name", 7u), 0);
    assert_string_equal(buf, "/local/domain/7/name");
    assert_int_equal(xk__store_path(ctx, buf, sizeof(buf),
                                    "/local/domain/%u/device/vbd/51712", 7u),
                     XK_EINVAL);
    assert_string_equal(xk_ctx_last_error(ctx), "xenstore path too long");
    xk_ctx_close(ctx);
}

static void chomp_strips_trailing_space_only(void **state)
{
    (void)state;
    char a[] = " vm 1 \t\r\n";
    xk__store_chomp(a);
    assert_string_equal(a, " vm 1");
    char b[] = "";
    xk__store_chomp(b);
    assert_string_equal(b, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(open_fails_cleanly_without_xenstored),
        cmocka_unit_test(path_formatting_checks_length),
        cmocka_unit_test(chomp_strips_trailing_space_only),
    };
    return cmocka_run_group_tests_name("store_basics", tests, NULL, NULL);
}

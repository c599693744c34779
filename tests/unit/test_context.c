/* test_context.c: opening a context needs no Xen; errors are recorded. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "core/context.h"

static void open_and_close_without_xen(void **state)
{
    (void)state;
    xk_ctx *ctx = NULL;
    assert_int_equal(xk_ctx_open(&ctx, 0), 0);
    assert_non_null(ctx);
    assert_string_equal(xk_ctx_last_error(ctx), "");
    assert_int_equal(xk_ctx_last_code(ctx), 0);
    xk_ctx_close(ctx);
    xk_ctx_close(NULL);
}

static void open_rejects_flags(void **state)
{
    (void)state;
    xk_ctx *ctx = (xk_ctx *)&ctx;
    assert_int_equal(xk_ctx_open(&ctx, 1), XK_EINVAL);
    assert_null(ctx);
    assert_int_equal(xk_ctx_open(NULL, 0), XK_EINVAL);
}

static void error_is_recorded_and_cleared(void **state)
{
    (void)state;
    xk_ctx *ctx = NULL;
    assert_int_equal(xk_ctx_open(&ctx, 0), 0);
    assert_int_equal(xk__error(ctx, XK_ENOENT, "domain %s not found", "vm1"),
                     XK_ENOENT);
    assert_string_equal(xk_ctx_last_error(ctx), "domain vm1 not found");
    assert_int_equal(xk_ctx_last_code(ctx), XK_ENOENT);
    xk__clear_error(ctx);
    assert_string_equal(xk_ctx_last_error(ctx), "");
    xk_ctx_close(ctx);
}

static void long_messages_are_truncated(void **state)
{
    (void)state;
    xk_ctx *ctx = NULL;
    char big[4096];
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    assert_int_equal(xk_ctx_open(&ctx, 0), 0);
    xk__error(ctx, XK_EINVAL, "%s", big);
    assert_int_equal(strlen(xk_ctx_last_error(ctx)), XK_ERRMSG_MAX - 1);
    xk_ctx_close(ctx);
}

static void strerror_covers_every_code(void **state)
{
    (void)state;
    for (int c = XK_OK; c >= XK_EGUEST; c--)
        assert_string_not_equal(xk_strerror(c), "unknown error");
    assert_string_equal(xk_strerror(-999), "unknown error");
    assert_int_equal(xk_api_version(), XENKIT_API_VERSION);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(open_and_close_without_xen),
        cmocka_unit_test(open_rejects_flags),
        cmocka_unit_test(error_is_recorded_and_cleared),
        cmocka_unit_test(long_messages_are_truncated),
        cmocka_unit_test(strerror_covers_every_code),
    };
    return cmocka_run_group_tests_name("context", tests, NULL, NULL);
}

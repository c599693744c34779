/*
 * test_store_daemon.c: telling oxenstored from the C xenstored by their
 * answers to XS_CONTROL "help" (store/daemon.c): oxenstored acknowledges
 * it bare, the C one lists its commands. The lab runs both daemons
 * (tests/lab: create-names).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>

#include "store/daemon.h"

static struct xk__pipe_reply reply(int err, const char *data)
{
    return (struct xk__pipe_reply){ err, (char *)data,
                                    data ? strlen(data) + 1 : 0 };
}

static void oxenstored_acknowledges(void **state)
{
    (void)state;
    struct xk__pipe_reply r = reply(0, "OK");
    assert_true(xk__store_answer_is_oxenstored(&r));
}

static void the_c_xenstored_lists_its_commands(void **state)
{
    (void)state;
    /* The start of the C xenstored's (4.17) answer. */
    struct xk__pipe_reply r = reply(0, "check\t\nlog\ton|off\n");
    assert_false(xk__store_answer_is_oxenstored(&r));
    r = reply(0, "OK then");
    assert_false(xk__store_answer_is_oxenstored(&r));
    r = reply(0, "");
    assert_false(xk__store_answer_is_oxenstored(&r));
}

static void a_refusal_is_not_oxenstored(void **state)
{
    (void)state;
    /* A xenstored that refuses the request, or a reply never read. */
    struct xk__pipe_reply r = reply(EACCES, "OK");
    assert_false(xk__store_answer_is_oxenstored(&r));
    r = reply(0, NULL);
    assert_false(xk__store_answer_is_oxenstored(&r));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(oxenstored_acknowledges),
        cmocka_unit_test(the_c_xenstored_lists_its_commands),
        cmocka_unit_test(a_refusal_is_not_oxenstored),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

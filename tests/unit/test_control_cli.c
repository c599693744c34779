/*
 * test_control_cli.c: the messages and exit statuses of xl shutdown,
 * reboot and console that need no Xen (option and argument errors, help),
 * from the built xl binary ($XL), as Debian's xl 4.17 gives them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run_xl.h"

static void expect(const char *const *args, int status, const char *err_is)
{
    char *out, *err;
    assert_int_equal(run_xl(args, &out, &err), status);
    assert_string_equal(err, err_is);
    free(out);
    free(err);
}

static void shutdown_needs_a_domain_or_all(void **state)
{
    (void)state;
    expect((const char *[]){ "shutdown", NULL }, 1,
           "You must specify -a or a domain id.\n\n");
    expect((const char *[]){ "reboot", "-w", "-F", NULL }, 1,
           "You must specify -a or a domain id.\n\n");
}

static void shutdown_bad_option(void **state)
{
    (void)state;
    char *out, *err;
    assert_int_equal(run_xl((const char *[]){ "shutdown", "-Z", "d", NULL },
                            &out, &err), 2);
    assert_non_null(strstr(err, "option `Z' not supported."));
    free(out);
    free(err);
    assert_int_equal(run_xl((const char *[]){ "reboot", "--bogus", "d",
                                              NULL }, &out, &err), 2);
    free(out);
    free(err);
}

static void shutdown_help_lists_the_options(void **state)
{
    (void)state;
    char *out, *err;
    assert_int_equal(run_xl((const char *[]){ "shutdown", "-h", NULL },
                            &out, &err), 0);
    assert_non_null(strstr(out, " shutdown [options] <-a|Domain>"));
    assert_non_null(strstr(out, "-w, --wait              Wait for guest(s) "
                                "to shutdown."));
    free(out);
    free(err);
    assert_int_equal(run_xl((const char *[]){ "reboot", "--help", NULL },
                            &out, &err), 0);
    assert_non_null(strstr(out, "Fallback to ACPI reset event"));
    free(out);
    free(err);
}

static void console_type_and_arguments(void **state)
{
    (void)state;
    expect((const char *[]){ "console", "-t", "hvc", "d", NULL }, 1,
           "console type supported are: pv, serial, vuart\n");
    char *out, *err;
    assert_int_equal(run_xl((const char *[]){ "console", NULL }, &out, &err),
                     2);
    assert_non_null(strstr(err, "'xl console' requires at least 1 "
                                "argument"));
    free(out);
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shutdown_needs_a_domain_or_all),
        cmocka_unit_test(shutdown_bad_option),
        cmocka_unit_test(shutdown_help_lists_the_options),
        cmocka_unit_test(console_type_and_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_config_dryrun.c: `xl create -n` as a whole process, on a machine
 * without Xen: JSON on stdout, warnings and errors on stderr, xl's exit
 * statuses, overrides, -q. */
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

static char *out, *err;

/* Runs $XL create ARGS... (at most 13); returns its exit status. */
static int xl_create(const char *const *args)
{
    const char *argv[15] = { "create" };
    for (int i = 0; args[i] && i < 13; i++)
        argv[i + 1] = args[i];
    free(out);
    free(err);
    return run_xl(argv, &out, &err);
}

static char path[512];

static const char *cfg_path(const char *rel)
{
    snprintf(path, sizeof(path), "%s/%s", getenv("CONFIG_TESTS_DIR"), rel);
    return path;
}

static void prints_json_without_xen(void **state)
{
    (void)state;
    const char *p = cfg_path("corpus/xlexample-pvlinux.cfg");
    const char *args[] = { "-n", p, NULL };
    assert_int_equal(xl_create(args), 0);
    assert_true(strncmp(out, "{\n    \"c_info\": {\n", 18) == 0);
    assert_non_null(strstr(out, "\"name\": \"example.pvlinux\""));
    assert_int_equal(out[strlen(out) - 1], '\n');
    char want[600];
    snprintf(want, sizeof(want), "Parsing config from %s\n", p);
    assert_string_equal(err, want);
}

static void quiet_and_overrides(void **state)
{
    (void)state;
    const char *args[] = { "-q", "-n", cfg_path("corpus/xlexample-pvlinux.cfg"),
                           "memory=64", "vif=['bridge=xenbr9']", NULL };
    assert_int_equal(xl_create(args), 0);
    assert_string_equal(err, "");
    assert_non_null(strstr(out, "\"target_memkb\": 65536,"));
    assert_non_null(strstr(out, "\"bridge\": \"xenbr9\""));
}

static void warnings_go_to_stderr(void **state)
{
    (void)state;
    const char *args[] = { "-q", "-n", "warn-unknown-key.cfg", NULL };
    assert_int_equal(chdir(cfg_path("errors")), 0);
    assert_int_equal(xl_create(args), 0);
    assert_string_equal(err, "warn-unknown-key.cfg:3:1: warning: unknown "
                        "option `colour' ignored\n");
    assert_non_null(strstr(out, "\"c_info\""));
}

static void errors_exit_1(void **state)
{
    (void)state;
    const char *args[] = { "-q", "-n", "memory-string.cfg", NULL };
    assert_int_equal(chdir(cfg_path("errors")), 0);
    assert_int_equal(xl_create(args), 1);
    assert_string_equal(out, "");
    assert_string_equal(err, "memory-string.cfg:3:10: memory: found "
                        "\"lots\", expected a number of MiB from 1 to "
                        "16777216\n");
}

static void unreadable_file_exits_3(void **state)
{
    (void)state;
    const char *args[] = { "-q", "-n", "/nonexistent.cfg", NULL };
    assert_int_equal(xl_create(args), 3);
    assert_string_equal(err, "/nonexistent.cfg: cannot read the "
                        "configuration: No such file or directory\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(prints_json_without_xen),
        cmocka_unit_test(quiet_and_overrides),
        cmocka_unit_test(warnings_go_to_stderr),
        cmocka_unit_test(errors_exit_1),
        cmocka_unit_test(unreadable_file_exits_3),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    free(out);
    free(err);
    return rc;
}

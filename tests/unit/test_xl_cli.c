/*
 * test_xl_cli.c: xl's command table, prefix lookup, help texts, option
 * rules, and the exit codes and messages of the xl binary (no Xen needed).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commands.h"
#include "run_xl.h"

/* ---- helpers ---- */

#define assert_prefix(s, p) assert_true(strncmp((s), (p), strlen(p)) == 0)


static char *help_text(const char *name)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    xl_print_help(f, name);
    fclose(f);
    return buf;
}

/* ---- the table and lookup ---- */

static void table_is_xl_417s(void **state)
{
    (void)state;
    assert_int_equal(xl_ncommands, 92);
    assert_string_equal(xl_commands[0].name, "create");
    assert_string_equal(xl_commands[xl_ncommands - 1].name,
                        "qemu-monitor-command");
    for (size_t i = 0; i < xl_ncommands; i++) {
        assert_non_null(xl_commands[i].summary);
        assert_non_null(xl_commands[i].usage);
        /* Names are unique, or prefix lookup would be ambiguous on them. */
        for (size_t j = i + 1; j < xl_ncommands; j++)
            assert_string_not_equal(xl_commands[i].name, xl_commands[j].name);
    }
}

static void lookup_exact_prefix_and_ambiguous(void **state)
{
    (void)state;
    assert_string_equal(xl_lookup_command("list")->name, "list");
    assert_string_equal(xl_lookup_command("li")->name, "list");
    assert_string_equal(xl_lookup_command("unp")->name, "unpause");
    /* "migrate" also prefixes "migrate-receive": the exact name wins. */
    assert_string_equal(xl_lookup_command("migrate")->name, "migrate");
    /* destroy, debug-keys, devd */
    assert_null(xl_lookup_command("de"));
    assert_null(xl_lookup_command(""));
    assert_null(xl_lookup_command("help"));
    assert_null(xl_lookup_command("lists"));
    assert_null(xl_lookup_command(NULL));
}

/* ---- help texts ---- */

static void help_of_a_command(void **state)
{
    (void)state;
    char *t = help_text("domid");
    assert_string_equal(t, "Usage: xl [-vtT] domid <DomainName>\n\n"
                           "Convert a domain name to domain id.\n\n");
    free(t);
    /* -f for commands that modify, -N for those with a dry run; options. */
    t = help_text("block-detach");
    assert_string_equal(t,
        "Usage: xl [-vtTf] block-detach [option] <Domain> <DevId>\n\n"
        "Destroy a domain's virtual block device.\n\n"
        "Options:\n\n"
        "-f, --force        do not wait for the domain to release the device\n");
    free(t);
    t = help_text("cre");
    assert_prefix(t, "Usage: xl [-vtTfN] create <ConfigFile> [options] "
                           "[vars]\n\nCreate a domain from config file "
                           "<filename>.\n\nOptions:\n\n-c ");
    free(t);
    t = help_text("nosuch");
    assert_string_equal(t, "command \"nosuch\" not implemented\n");
    free(t);
}

static void help_list_of_commands(void **state)
{
    (void)state;
    char *t = help_text(NULL);
    assert_prefix(t, "Usage xl [-vfNtT] <subcommand> [args]\n\n"
                           "xl full list of subcommands:\n\n"
                           " create              Create a domain from config "
                           "file <filename>\n");
    /* A name longer than the column moves its summary to the next line. */
    assert_non_null(strstr(t, "\n pci-assignable-remove \n"
                              "                     Remove a device from "
                              "being assignable\n"));
    char *h = help_text("help");
    assert_string_equal(t, h);
    free(h);
    free(t);
}

/* ---- per-command option rules ---- */

static int seen_a, seen_b;
static const char *seen_b_arg;

static int fake_handler(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "alpha", no_argument, NULL, 'a' },
        XL_COMMON_LONG_OPTS
    };
    int opt;
    XL_FOREACH_OPT(opt, "ab:", longopts, "domid", 1) {
    case 'a': seen_a++; break;
    case 'b': seen_b++; seen_b_arg = optarg; break;
    }
    return 100 + (argc - optind);
}

static int call_fake(int argc, const char **argv)
{
    optind = 0; /* glibc: reinitialise getopt completely */
    seen_a = seen_b = 0;
    seen_b_arg = NULL;
    /* Keep the test's output clean: help and errors go to /dev/null. */
    fflush(stdout);
    fflush(stderr);
    int o = dup(1), e = dup(2), null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    int rc = fake_handler(argc, (char **)argv);
    fflush(stdout);
    fflush(stderr);
    dup2(o, 1);
    dup2(e, 2);
    close(o);
    close(e);
    close(null);
    return rc;
}

static void options_parse_and_operands_remain(void **state)
{
    (void)state;
    const char *a1[] = { "domid", "-a", "vm1", "--alpha", "-b", "x", NULL };
    assert_int_equal(call_fake(6, a1), 101);
    assert_int_equal(seen_a, 2);
    assert_int_equal(seen_b, 1);
    assert_string_equal(seen_b_arg, "x");
}

static void help_option_exits_zero(void **state)
{
    (void)state;
    const char *a1[] = { "domid", "-h", NULL };
    assert_int_equal(call_fake(2, a1), 0);
    const char *a2[] = { "domid", "vm", "--help", NULL };
    assert_int_equal(call_fake(3, a2), 0);
}

static void bad_options_and_missing_operands_exit_two(void **state)
{
    (void)state;
    const char *a1[] = { "domid", "-q", "vm", NULL };
    assert_int_equal(call_fake(3, a1), 2);
    const char *a2[] = { "domid", "--nosuch", "vm", NULL };
    assert_int_equal(call_fake(3, a2), 2);
    const char *a3[] = { "domid", "-b", NULL };  /* -b needs a value */
    assert_int_equal(call_fake(2, a3), 2);
    const char *a4[] = { "domid", "-a", NULL };  /* no operand */
    assert_int_equal(call_fake(2, a4), 2);
    assert_int_equal(seen_a, 1);
}

/* ---- the binary: dispatch, messages and exit codes ---- */

static void xl_without_arguments(void **state)
{
    (void)state;
    char *out, *err;
    const char *args[] = { NULL };
    assert_int_equal(run_xl(args, &out, &err), 1);
    char *list = help_text(NULL);
    assert_string_equal(out, list);
    assert_string_equal(err, "");
    free(list); free(out); free(err);
}

static void xl_help_succeeds(void **state)
{
    (void)state;
    char *out, *err;
    const char *a1[] = { "help", NULL };
    assert_int_equal(run_xl(a1, &out, &err), 0);
    assert_prefix(out, "Usage xl [-vfNtT]");
    free(out); free(err);
    const char *a2[] = { "help", "li", NULL };
    assert_int_equal(run_xl(a2, &out, &err), 0);
    assert_prefix(out, "Usage: xl [-vtT] list [options] [Domain]\n\n\n"
                             "List information");
    free(out); free(err);
    const char *a3[] = { "help", "bogus", NULL };
    assert_int_equal(run_xl(a3, &out, &err), 0);
    assert_string_equal(out, "command \"bogus\" not implemented\n");
    free(out); free(err);
    const char *a4[] = { "-v", "list", "-h", NULL };
    assert_int_equal(run_xl(a4, &out, &err), 0);
    assert_prefix(out, "Usage: xl [-vtT] list");
    free(out); free(err);
}

static void xl_unknown_things_fail(void **state)
{
    (void)state;
    char *out, *err;
    const char *a1[] = { "-x", "list", NULL };
    assert_int_equal(run_xl(a1, &out, &err), 1);
    assert_non_null(strstr(err, "invalid option -- 'x'\n"
                                "unknown global option\n"));
    free(out); free(err);
    const char *a2[] = { "frobnicate", NULL };
    assert_int_equal(run_xl(a2, &out, &err), 1);
    assert_string_equal(err, "command not implemented\n");
    free(out); free(err);
    /* Ambiguous prefixes are unknown commands too; so is a prefix of help. */
    const char *a3[] = { "de", NULL };
    assert_int_equal(run_xl(a3, &out, &err), 1);
    assert_string_equal(err, "command not implemented\n");
    free(out); free(err);
    const char *a4[] = { "hel", NULL };
    assert_int_equal(run_xl(a4, &out, &err), 1);
    free(out); free(err);
    const char *a5[] = { "-N", "list", NULL };
    assert_int_equal(run_xl(a5, &out, &err), 1);
    assert_string_equal(err, "command does not implement -N (dryrun) option\n");
    free(out); free(err);
    const char *a6[] = { "list", "-q", NULL };
    assert_int_equal(run_xl(a6, &out, &err), 2);
    assert_string_equal(err, "option `q' not supported.\n");
    free(out); free(err);
    const char *a7[] = { "info", "--frob", NULL };
    assert_int_equal(run_xl(a7, &out, &err), 2);
    assert_string_equal(err, "option `--frob' not supported.\n");
    free(out); free(err);
    const char *a8[] = { "domname", NULL };
    assert_int_equal(run_xl(a8, &out, &err), 2);
    assert_string_equal(err, "'xl domname' requires at least 1 argument.\n\n");
    assert_string_equal(out, "Usage: xl [-vtT] domname <DomainId>\n\n"
                             "Convert a domain id to domain name.\n\n");
    free(out); free(err);
}

static void xl_unimplemented_commands_say_so(void **state)
{
    (void)state;
    char *out, *err;
    const char *a1[] = { "psr-hwinfo", NULL };
    assert_int_equal(run_xl(a1, &out, &err), 1);
    assert_string_equal(err,
                        "command \"psr-hwinfo\" is not implemented by xenkit yet\n");
    assert_string_equal(out, "");
    free(out); free(err);
}

/* xl list -l needs the hypervisor like xl list: without it, the error
 * says so, nothing goes to stdout, and the status is 1. */
static void xl_list_long_needs_xen(void **state)
{
    (void)state;
    char *out, *err;
    const char *a1[] = { "list", "-l", NULL };
    int rc = run_xl(a1, &out, &err);
    int has_msg = strstr(err, "cannot open the hypervisor interface") != NULL;
    int empty = out[0] == '\0';
    free(out); free(err);
    assert_int_equal(rc, 1);
    assert_true(has_msg);
    assert_true(empty);
}

static void xl_list_rejects_two_domains(void **state)
{
    (void)state;
    char *out, *err;
    const char *a1[] = { "list", "a", "b", NULL };
    assert_int_equal(run_xl(a1, &out, &err), 1);
    char *h = help_text("list");
    assert_string_equal(out, h);
    free(h); free(out); free(err);
}

static void xl_domname_rejects_non_numbers(void **state)
{
    (void)state;
    char *out, *err;
    const char *a1[] = { "domname", "vm1", NULL };
    assert_int_equal(run_xl(a1, &out, &err), 1);
    assert_string_equal(err, "Invalid domain id.\n\n");
    free(out); free(err);
}

/* ---- without a hypervisor: failures are reported, never crash ---- */

static int xen_here(void)
{
    return access("/dev/xen/privcmd", F_OK) == 0 ||
           access("/proc/xen/privcmd", F_OK) == 0;
}

static void xl_without_xen_reports_errors(void **state)
{
    (void)state;
    if (xen_here())
        skip();
    char *out, *err;
    const char *a1[] = { "list", NULL };
    assert_int_equal(run_xl(a1, &out, &err), 1);
    assert_string_equal(out, "");
    assert_prefix(err, "xenkit: error: cannot open the hypervisor interface");
    free(out); free(err);
    /* A name needs the domain list; xl reports that as rc=-5. */
    const char *a2[] = { "uptime", "vm1", NULL };
    assert_int_equal(run_xl(a2, &out, &err), 1);
    assert_non_null(strstr(err, "\nvm1 is an invalid domain identifier "
                                "(rc=-5)\n"));
    free(out); free(err);
    const char *a3[] = { "domid", "vm1", NULL };
    assert_int_equal(run_xl(a3, &out, &err), 1);
    assert_non_null(strstr(err, "\nCan't get domid of domain name 'vm1', "
                                "maybe this domain does not exist.\n"));
    free(out); free(err);
    const char *a4[] = { "domname", "7", NULL };
    assert_int_equal(run_xl(a4, &out, &err), 1);
    assert_non_null(strstr(err, "\nCan't get domain name of domain id '7', "
                                "maybe this domain does not exist.\n"));
    free(out); free(err);
    const char *a5[] = { "uptime", NULL };
    assert_int_equal(run_xl(a5, &out, &err), 1);
    assert_string_equal(out, "");
    assert_non_null(strstr(err, "\nCould not list vms.\n"));
    free(out); free(err);
    const char *a7[] = { "list", "-n", NULL };
    assert_int_equal(run_xl(a7, &out, &err), 1);
    assert_string_equal(out, "");
    assert_non_null(strstr(err, "\nlibxl_physinfo failed.\n"));
    free(out); free(err);
    const char *a8[] = { "dmesg", NULL };
    assert_int_equal(run_xl(a8, &out, &err), 1);
    assert_string_equal(out, "");
    assert_prefix(err, "xenkit: error: cannot open the hypervisor interface");
    free(out); free(err);
    const char *a6[] = { "info", NULL };
    assert_int_equal(run_xl(a6, &out, &err), 1);
    assert_string_equal(out, "");
    free(out); free(err);
}

static void xl_timestamps_prefix_error_lines(void **state)
{
    (void)state;
    if (xen_here())
        skip();
    char *out, *err;
    const char *a1[] = { "-T", "list", NULL };
    assert_int_equal(run_xl(a1, &out, &err), 1);
    /* "YYYY-MM-DD HH:MM:SS ZONE [PID] xenkit: error: ..." */
    int y, mo, d, h, mi, sec;
    char zone[16];
    unsigned long pid;
    assert_int_equal(sscanf(err, "%4d-%2d-%2d %2d:%2d:%2d %15s [%lu] ", &y,
                            &mo, &d, &h, &mi, &sec, zone, &pid), 8);
    assert_non_null(strstr(err, "] xenkit: error: "));
    free(out); free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(table_is_xl_417s),
        cmocka_unit_test(lookup_exact_prefix_and_ambiguous),
        cmocka_unit_test(help_of_a_command),
        cmocka_unit_test(help_list_of_commands),
        cmocka_unit_test(options_parse_and_operands_remain),
        cmocka_unit_test(help_option_exits_zero),
        cmocka_unit_test(bad_options_and_missing_operands_exit_two),
        cmocka_unit_test(xl_without_arguments),
        cmocka_unit_test(xl_help_succeeds),
        cmocka_unit_test(xl_unknown_things_fail),
        cmocka_unit_test(xl_unimplemented_commands_say_so),
        cmocka_unit_test(xl_list_long_needs_xen),
        cmocka_unit_test(xl_list_rejects_two_domains),
        cmocka_unit_test(xl_domname_rejects_non_numbers),
        cmocka_unit_test(xl_without_xen_reports_errors),
        cmocka_unit_test(xl_timestamps_prefix_error_lines),
    };
    return cmocka_run_group_tests_name("xl_cli", tests, NULL, NULL);
}

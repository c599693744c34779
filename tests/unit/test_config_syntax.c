/* test_config_syntax.c: the xl.cfg grammar: statements, quoting, escapes,
 * numbers, nested lists over lines, comments, +=, overrides. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "config/build.h"
#include "config/domain_config.h"
#include "core/context.h"

static xk_ctx *ctx;

static int setup(void **state)
{
    (void)state;
    return xk_ctx_open(&ctx, 0);
}

static int teardown(void **state)
{
    (void)state;
    xk_ctx_close(ctx);
    return 0;
}

static struct xk__cfg_file f;

/* Parses text into the file-level tree; returns the XK_E* code. */
static int parse(const char *text)
{
    xk__cfg_file_dispose(&f);
    xk__cfg_file_init(&f);
    return xk__cfg_parse(ctx, &f, "t.cfg", text, strlen(text), false);
}

static struct xk__cfg_value *val(const char *key)
{
    struct xk__cfg_setting *s = xk__cfg_find(&f, key);
    assert_non_null(s);
    return s->value;
}

static void statements_and_separators(void **state)
{
    (void)state;
    assert_int_equal(parse("a=1;b='x'\n\n  c = \"y\" ;; d=2"), 0);
    assert_int_equal(f.n, 4);
    assert_string_equal(val("a")->str, "1");
    assert_false(val("a")->quoted);
    assert_string_equal(val("b")->str, "x");
    assert_true(val("b")->quoted);
    assert_string_equal(val("c")->str, "y");
    assert_string_equal(val("d")->str, "2");
    assert_int_equal(parse(""), 0);
    assert_int_equal(f.n, 0);
    /* names: lower case, digits, _ and . */
    assert_int_equal(parse("a.b_c9 = 1\n"), 0);
    assert_non_null(xk__cfg_find(&f, "a.b_c9"));
}

static void comments_and_crlf(void **state)
{
    (void)state;
    assert_int_equal(parse("# top\na = 1 # trailing\r\n# end without nl"), 0);
    assert_int_equal(f.n, 1);
    assert_string_equal(val("a")->str, "1");
}

static void numbers_stay_text(void **state)
{
    (void)state;
    assert_int_equal(parse("a=0x1f\nb=010\nc=12"), 0);
    assert_string_equal(val("a")->str, "0x1f");
    assert_string_equal(val("b")->str, "010");
    long l;
    assert_int_equal(xk__parse_long(val("a")->str, &l), 0);
    assert_int_equal(l, 31);
    assert_int_equal(xk__parse_long(val("b")->str, &l), 0);
    assert_int_equal(l, 8);
}

static void escapes(void **state)
{
    (void)state;
    assert_int_equal(parse("a='it\\'s'\nb=\"q\\\"t\\\\\\n\\t\"\n"
                           "c='\\x41\\101'\n"), 0);
    assert_string_equal(val("a")->str, "it's");
    assert_string_equal(val("b")->str, "q\"t\\\n\t");
    assert_string_equal(val("c")->str, "AA");
    assert_int_equal(parse("a='\\q'"), XK_ECONFIG);
    assert_string_equal(xk_ctx_last_error(ctx), "t.cfg:1:4: a: found an "
                        "unknown escape in a string, expected one of \\\\ "
                        "\\\" \\' \\a \\b \\f \\n \\r \\t \\v \\xHH \\NNN");
    assert_int_equal(parse("a='\\x0'"), XK_ECONFIG);
    assert_int_equal(parse("a='\\0'"), XK_ECONFIG);
}

static void nested_lists_across_lines(void **state)
{
    (void)state;
    assert_int_equal(parse("l = [\n  'a', 1,\n  [ 'b', [ ] ,],\n\n  'c',\n]\n"
                           "e = []\n"), 0);
    struct xk__cfg_value *l = val("l");
    assert_int_equal(l->type, XK__CFG_LIST);
    assert_int_equal(l->n, 4);
    assert_string_equal(l->items[0]->str, "a");
    assert_string_equal(l->items[1]->str, "1");
    assert_int_equal(l->items[2]->type, XK__CFG_LIST);
    assert_int_equal(l->items[2]->n, 2);
    assert_int_equal(l->items[2]->items[1]->n, 0);
    assert_string_equal(l->items[3]->str, "c");
    assert_int_equal(l->loc.line, 1);
    assert_int_equal(l->loc.column, 5);
    assert_int_equal(l->items[3]->loc.line, 5);
    assert_int_equal(val("e")->n, 0);
}

static void append_operator(void **state)
{
    (void)state;
    assert_int_equal(parse("s='ab'\ns+='cd'\nl=['x']\nl+=['y','z']\nn+='q'"),
                     0);
    assert_string_equal(val("s")->str, "abcd");
    assert_int_equal(val("l")->n, 3);
    assert_string_equal(val("l")->items[2]->str, "z");
    assert_string_equal(val("n")->str, "q");
    assert_int_equal(parse("s='a'\ns+=['b']"), XK_ECONFIG);
    assert_string_equal(xk_ctx_last_error(ctx), "t.cfg:2:4: s: found a list, "
                        "expected a single value to add to the value set at "
                        "1:3");
}

static void overrides_replace(void **state)
{
    (void)state;
    assert_int_equal(parse("memory=128\nname='a'\n"), 0);
    const char *ov = "memory=256\nvif=['bridge=b']\n";
    assert_int_equal(xk__cfg_parse(ctx, &f, "command line", ov, strlen(ov),
                                   true), 0);
    assert_string_equal(val("memory")->str, "256");
    assert_string_equal(xk__cfg_find(&f, "memory")->loc.file, "command line");
    assert_int_equal(val("vif")->n, 1);
}

static void syntax_errors(void **state)
{
    (void)state;
    assert_int_equal(parse("a = [ 'x',\n 'y'\n"), XK_ECONFIG);
    assert_string_equal(xk_ctx_last_error(ctx), "t.cfg:3:1: a: found end of "
                        "file, expected `]' to close the list opened at 1:5");
    assert_int_equal(parse("a = 'x\n"), XK_ECONFIG);
    assert_string_equal(xk_ctx_last_error(ctx), "t.cfg:1:5: a: found an "
                        "unterminated string, expected a closing ' on the "
                        "same line");
    assert_int_equal(parse("a 1"), XK_ECONFIG);
    assert_string_equal(xk_ctx_last_error(ctx), "t.cfg:1:3: a: found `1', "
                        "expected `=' or `+='");
    assert_int_equal(parse("= 1"), XK_ECONFIG);
    assert_string_equal(xk_ctx_last_error(ctx), "t.cfg:1:1: found `=', "
                        "expected an option name");
    assert_int_equal(parse("a = b"), XK_ECONFIG);
    assert_int_equal(parse("a = 1\na = 2"), XK_ECONFIG);
    assert_string_equal(xk_ctx_last_error(ctx), "t.cfg:2:1: a: found a "
                        "second setting, expected one (the first is at 1:1; "
                        "use += to add to it)");
    assert_int_equal(parse("a = ['x' 'y']"), XK_ECONFIG);
    assert_int_equal(parse("a = 1 2"), XK_ECONFIG);
    assert_int_equal(parse("a = foo()"), XK_ECONFIG);
}

static void nesting_is_bounded(void **state)
{
    (void)state;
    char text[256];
    size_t n = 0;
    n += (size_t)snprintf(text, sizeof(text), "a=");
    for (int i = 0; i < 40; i++)
        text[n++] = '[';
    text[n] = '\0';
    assert_int_equal(parse(text), XK_ECONFIG);
    assert_non_null(strstr(xk_ctx_last_error(ctx), "nested at most 32"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(statements_and_separators),
        cmocka_unit_test(comments_and_crlf),
        cmocka_unit_test(numbers_stay_text),
        cmocka_unit_test(escapes),
        cmocka_unit_test(nested_lists_across_lines),
        cmocka_unit_test(append_operator),
        cmocka_unit_test(overrides_replace),
        cmocka_unit_test(syntax_errors),
        cmocka_unit_test(nesting_is_bounded),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    xk__cfg_file_dispose(&f);
    return rc;
}

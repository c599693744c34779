/* test_xl_listlong.c: the JSON array `xl list -l` prints around each
 * domain's config, as yajl lays it out in Debian's xl. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inspect.h"

static char *print(size_t n, const char *const *configs)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    for (size_t i = 0; i < n; i++)
        xl_list_long_entry(f, i, (uint32_t)i * 7, configs[i]);
    xl_list_long_end(f, n);
    fclose(f);
    return buf;
}

static void test_empty(void **state)
{
    (void)state;
    char *s = print(0, NULL);
    assert_string_equal(s, "[\n\n]\n\n");
    free(s);
}

static void test_two(void **state)
{
    (void)state;
    const char *const c[] = {
        "{\n    \"c_info\": {\n        \"type\": \"pv\"\n    },\n"
        "    \"b_info\": {\n\n    }\n}\n",
        "{\n    \"on_reboot\": \"restart\"\n}\n" };
    char *s = print(2, c);
    assert_string_equal(s,
        "[\n"
        "    {\n"
        "        \"domid\": 0,\n"
        "        \"config\": {\n"
        "            \"c_info\": {\n"
        "                \"type\": \"pv\"\n"
        "            },\n"
        "            \"b_info\": {\n"
        "\n"
        "            }\n"
        "        }\n"
        "    },\n"
        "    {\n"
        "        \"domid\": 7,\n"
        "        \"config\": {\n"
        "            \"on_reboot\": \"restart\"\n"
        "        }\n"
        "    }\n"
        "]\n"
        "\n");
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_two),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

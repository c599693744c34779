/*
 * test_domain_name_index.c: the names of xenkit's name index (claims and
 * entries, see lib/domain/name_index.c): every name gets a distinct valid
 * xenstore path, entries round-trip, and what cannot be indexed is not.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "domain/create.h"
#include "domain/name_index.h"

static void claims_are_hex_paths(void **state)
{
    (void)state;
    char p[3100];
    assert_true(xk__name_claim_path("web-1", p, sizeof(p)));
    assert_string_equal(p, "/xenkit/names/7765622d31");
    /* Characters xenstore refuses in paths are fine in names. */
    assert_true(xk__name_claim_path("a.b c/\xff", p, sizeof(p)));
    assert_string_equal(p, "/xenkit/names/612e6220632fff");
    for (const char *c = p + strlen("/xenkit/names/"); *c; c++)
        assert_non_null(strchr("0123456789abcdef", *c));
}

static void no_claim_for_empty_or_huge_names(void **state)
{
    (void)state;
    char p[3100], big[1600];
    assert_false(xk__name_claim_path("", p, sizeof(p)));
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    assert_false(xk__name_claim_path(big, p, sizeof(p)));
    big[1400] = '\0';
    assert_true(xk__name_claim_path(big, p, sizeof(p)));
    /* A buffer too small is a refusal, not an overflow. */
    assert_false(xk__name_claim_path("web", p, 18));
}

static void entries_round_trip(void **state)
{
    (void)state;
    uint8_t u[16];
    assert_int_equal(xk__uuid_parse("6f6dadb5-0663-49e2-b88e-028ce5c479f9",
                                    u), 0);
    char ent[32], u8[9];
    uint32_t id = 0;
    xk__indexed_entry(42, u, ent, sizeof(ent));
    assert_string_equal(ent, "42-6f6dadb5");
    assert_true(xk__indexed_parse(ent, &id, u8));
    assert_int_equal(id, 42);
    assert_string_equal(u8, "6f6dadb5");
    assert_false(xk__indexed_parse("42", &id, u8));
    assert_false(xk__indexed_parse("x-6f6dadb5", &id, u8));
    assert_false(xk__indexed_parse("42-6f6d", &id, u8));
    assert_false(xk__indexed_parse("99999-6f6dadb5", &id, u8));

    char path[96];
    assert_true(xk__indexed_path_from_vm(
        42, "/vm/6f6dadb5-0663-49e2-b88e-028ce5c479f9", path, sizeof(path)));
    assert_string_equal(path, "/xenkit/indexed/42-6f6dadb5");
    assert_false(xk__indexed_path_from_vm(42, "/vm/junk", path, sizeof(path)));
    assert_false(xk__indexed_path_from_vm(42, "/local/domain/4", path,
                                          sizeof(path)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(claims_are_hex_paths),
        cmocka_unit_test(no_claim_for_empty_or_huge_names),
        cmocka_unit_test(entries_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

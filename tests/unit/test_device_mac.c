/* test_device_mac.c: parsing, printing and generating vif MAC addresses,
 * and keeping generated ones with the config (xk_config_generate_macs). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/domain_config.h"
#include "device/device.h"

static void parse_and_format(void **state)
{
    (void)state;
    uint8_t mac[6];
    char buf[XK__MAC_STRLEN];
    assert_int_equal(xk__mac_parse("00:16:3E:0a:ff:01", mac), 0);
    const uint8_t want[6] = { 0x00, 0x16, 0x3e, 0x0a, 0xff, 0x01 };
    assert_memory_equal(mac, want, 6);
    xk__mac_format(mac, buf);
    assert_string_equal(buf, "00:16:3e:0a:ff:01");
}

static void parse_rejects(void **state)
{
    (void)state;
    uint8_t mac[6];
    const char *bad[] = { "", "00:16:3e:0a:ff", "00:16:3e:0a:ff:01:02",
                          "00-16-3e-0a-ff-01", "0:16:3e:0a:ff:01",
                          "00:16:3e:0a:ff:0g", "00:16:3e:0a:ff:011" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (xk__mac_parse(bad[i], mac) == 0)
            fail_msg("\"%s\" should be rejected", bad[i]);
    assert_int_equal(xk__mac_parse(NULL, mac), -1);
}

static void random_bytes_go_under_xen_oui(void **state)
{
    (void)state;
    uint8_t mac[6];
    const uint8_t rnd[3] = { 0xff, 0xab, 0xcd };
    xk__mac_from_random(mac, rnd);
    const uint8_t want[6] = { 0x00, 0x16, 0x3e, 0x7f, 0xab, 0xcd };
    assert_memory_equal(mac, want, 6);
}

static void generated_addresses_differ(void **state)
{
    (void)state;
    xk_ctx *ctx;
    assert_int_equal(xk_ctx_open(&ctx, 0), 0);
    uint8_t a[6], b[6];
    int same = 0;
    /* Two equal draws out of 2^23 are possible but not five times over. */
    for (int i = 0; i < 5; i++) {
        assert_int_equal(xk__mac_generate(ctx, a), 0);
        assert_int_equal(xk__mac_generate(ctx, b), 0);
        assert_int_equal(a[0], 0x00);
        assert_int_equal(a[1], 0x16);
        assert_int_equal(a[2], 0x3e);
        assert_int_equal(a[3] & 0x80, 0);
        same += memcmp(a, b, 6) == 0;
    }
    assert_true(same < 5);
    xk_ctx_close(ctx);
}

static xk_domain_config *parse(xk_ctx *ctx, const char *text,
                                const char *override)
{
    xk_domain_config *cfg = NULL;
    const char *ov[1] = { override };
    int rc = xk_config_parse_string(ctx, "t.cfg", text, strlen(text),
                                    override ? ov : NULL, override ? 1 : 0,
                                    &cfg);
    if (rc)
        fail_msg("parse: %s", xk_ctx_last_error(ctx));
    return cfg;
}

#define BASE "name = \"g\"\nkernel = \"/k\"\nmemory = 8\n"

/* NICs without mac= get one; the override repeats every spec, adding
 * mac= only where it was missing, and parsed again gives the same NICs. */
static void generated_macs_are_kept_by_the_override(void **state)
{
    (void)state;
    xk_ctx *ctx;
    assert_int_equal(xk_ctx_open(&ctx, 0), 0);
    const char *text = BASE "vif = [ 'bridge=br0', "
                       "'mac=00:16:3e:00:00:01,bridge=br1', '' ]\n";
    xk_domain_config *cfg = parse(ctx, text, NULL);
    char *ov = NULL;
    assert_int_equal(xk_config_generate_macs(ctx, cfg, &ov), 0);
    assert_non_null(ov);
    assert_true(cfg->vifs[0].mac_set && cfg->vifs[2].mac_set);
    assert_int_equal(cfg->vifs[0].mac[0], 0x00);
    assert_int_equal(cfg->vifs[0].mac[1], 0x16);
    assert_int_equal(cfg->vifs[0].mac[2], 0x3e);
    char m0[XK__MAC_STRLEN], m2[XK__MAC_STRLEN], want[256];
    xk__mac_format(cfg->vifs[0].mac, m0);
    xk__mac_format(cfg->vifs[2].mac, m2);
    snprintf(want, sizeof(want), "vif=['bridge=br0,mac=%s',"
             "'mac=00:16:3e:00:00:01,bridge=br1',',mac=%s']", m0, m2);
    assert_string_equal(ov, want);

    /* Nothing left to generate: no override the second time. */
    char *again = (char *)1;
    assert_int_equal(xk_config_generate_macs(ctx, cfg, &again), 0);
    assert_null(again);

    /* The override replaces the file's vif= (no "second setting"). */
    xk_domain_config *back = parse(ctx, text, ov);
    assert_int_equal(back->num_vifs, 3);
    for (size_t i = 0; i < 3; i++) {
        assert_true(back->vifs[i].mac_set);
        assert_memory_equal(back->vifs[i].mac, cfg->vifs[i].mac, 6);
    }
    assert_string_equal(back->vifs[0].bridge, "br0");
    assert_string_equal(back->vifs[1].bridge, "br1");
    xk_config_free(back);
    xk_config_free(cfg);
    free(ov);
    xk_ctx_close(ctx);
}

/* Quotes, backslashes and control characters in a spec survive the trip
 * through the one-line override. */
static void override_escapes_what_the_spec_holds(void **state)
{
    (void)state;
    xk_ctx *ctx;
    assert_int_equal(xk_ctx_open(&ctx, 0), 0);
    const char *text = BASE "vif = [ \"script=/a'b\\\\c\\td\" ]\n";
    xk_domain_config *cfg = parse(ctx, text, NULL);
    assert_string_equal(cfg->vifs[0].script, "/a'b\\c\td");
    char *ov = NULL;
    assert_int_equal(xk_config_generate_macs(ctx, cfg, &ov), 0);
    assert_non_null(ov);
    assert_null(strchr(ov, '\n'));
    assert_null(strchr(ov, '\t'));
    xk_domain_config *back = parse(ctx, text, ov);
    assert_string_equal(back->vifs[0].script, "/a'b\\c\td");
    assert_memory_equal(back->vifs[0].mac, cfg->vifs[0].mac, 6);
    xk_config_free(back);
    xk_config_free(cfg);
    free(ov);
    xk_ctx_close(ctx);
}

/* No NIC, or every NIC with its mac=: nothing generated, no override. */
static void no_override_without_generated_macs(void **state)
{
    (void)state;
    xk_ctx *ctx;
    assert_int_equal(xk_ctx_open(&ctx, 0), 0);
    const char *texts[] = { BASE, BASE "vif = [ 'mac=00:16:3e:00:00:02' ]\n" };
    for (size_t i = 0; i < 2; i++) {
        xk_domain_config *cfg = parse(ctx, texts[i], NULL);
        char *ov = (char *)1;
        assert_int_equal(xk_config_generate_macs(ctx, cfg, &ov), 0);
        assert_null(ov);
        xk_config_free(cfg);
    }
    /* Without override_r the MACs are still filled in. */
    xk_domain_config *cfg = parse(ctx, BASE "vif = [ 'bridge=b' ]\n", NULL);
    assert_int_equal(xk_config_generate_macs(ctx, cfg, NULL), 0);
    assert_true(cfg->vifs[0].mac_set);
    xk_config_free(cfg);
    assert_int_equal(xk_config_generate_macs(ctx, NULL, NULL), XK_EINVAL);
    assert_int_equal(xk_config_generate_macs(NULL, NULL, NULL), XK_EINVAL);
    xk_ctx_close(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_and_format),
        cmocka_unit_test(parse_rejects),
        cmocka_unit_test(random_bytes_go_under_xen_oui),
        cmocka_unit_test(generated_addresses_differ),
        cmocka_unit_test(generated_macs_are_kept_by_the_override),
        cmocka_unit_test(override_escapes_what_the_spec_holds),
        cmocka_unit_test(no_override_without_generated_macs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

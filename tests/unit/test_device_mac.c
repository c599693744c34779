/* test_device_mac.c: parsing, printing and generating vif MAC addresses. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_and_format),
        cmocka_unit_test(parse_rejects),
        cmocka_unit_test(random_bytes_go_under_xen_oui),
        cmocka_unit_test(generated_addresses_differ),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

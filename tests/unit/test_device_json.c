/* test_device_json.c: the JSON `xl -N block-attach/network-attach` print. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "xenkit.h"

static void disk_spec_as_libxl_prints_it(void **state)
{
    (void)state;
    xk_ctx *ctx;
    assert_int_equal(xk_ctx_open(&ctx, 0), 0);
    char *json = NULL;
    assert_int_equal(xk_disk_spec_json(ctx, "/img,raw,xvdb,w", &json), 0);
    assert_string_equal(json, "{\n"
                              "    \"pdev_path\": \"/img\",\n"
                              "    \"vdev\": \"xvdb\",\n"
                              "    \"format\": \"raw\",\n"
                              "    \"readwrite\": 1\n"
                              "}\n"); /* yajl ends a document so */
    free(json);
    assert_int_equal(xk_disk_spec_json(ctx, "/img", &json), XK_ECONFIG);
    assert_null(json);
    assert_non_null(strstr(xk_ctx_last_error(ctx), "found no vdev"));
    xk_ctx_close(ctx);
}

static void vif_spec_names_its_settings(void **state)
{
    (void)state;
    xk_ctx *ctx;
    assert_int_equal(xk_ctx_open(&ctx, 0), 0);
    char *json = NULL;
    assert_int_equal(xk_nic_spec_json(ctx, "bridge=br7,mac=00:16:3e:00:00:09",
                                      &json), 0);
    assert_non_null(strstr(json, "\"bridge\": \"br7\""));
    assert_non_null(strstr(json, "\"mac\": \"00:16:3e:00:00:09\""));
    free(json);
    assert_int_equal(xk_nic_spec_json(ctx, "mac=nope", &json), XK_ECONFIG);
    xk_ctx_close(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(disk_spec_as_libxl_prints_it),
        cmocka_unit_test(vif_spec_names_its_settings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

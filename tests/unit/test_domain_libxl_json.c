/* test_domain_libxl_json.c: the config libxl stores for a new domain and
 * the refresh `xl list -l` does before printing it (lib/domain/
 * libxl_json.c), checked against what Debian's xl 4.17 wrote and printed
 * in the lab; and the name line a rename appends to a recorded config. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/domain_config.h"
#include "config/json_out.h"
#include "core/context.h"
#include "domain/libxl_json.h"
#include "domain/rename.h"

static json_t *load(const char *text)
{
    json_error_t e;
    json_t *j = json_loads(text, 0, &e);
    if (!j)
        fail_msg("bad test JSON, line %d: %s", e.line, e.text);
    return j;
}

static void assert_prints(json_t *j, const char *expected)
{
    char *s = xk__json_print_yajl(j);
    assert_non_null(s);
    assert_string_equal(s, expected);
    free(s);
}

static void test_jput_order(void **state)
{
    (void)state;
    static const char *const order[] = { "a", "b", "c", "u", "d", NULL };
    json_t *o = load("{\"a\": 1, \"type.pv\": {}, \"d\": 4}");
    assert_int_equal(xk__jput(o, "c", json_integer(3), order), 0);
    assert_int_equal(xk__jput(o, "b", json_integer(2), order), 0);
    /* an existing key keeps its place */
    assert_int_equal(xk__jput(o, "a", json_integer(9), order), 0);
    /* an unlisted key goes last */
    assert_int_equal(xk__jput(o, "zz", json_integer(0), order), 0);
    assert_prints(o, "{\n    \"a\": 9,\n    \"b\": 2,\n    \"c\": 3,\n"
                     "    \"type.pv\": {\n\n    },\n    \"d\": 4,\n"
                     "    \"zz\": 0\n}\n");
    json_decref(o);
    assert_int_equal(xk__jput(NULL, "x", json_integer(1), order), -1);
}

/* The config of the lab's d2.cfg (UUID fixed) and what libxl stored. */
static const char d2_cfg[] =
    "name = \"deb2\"\ntype = \"pv\"\n"
    "uuid = \"fd87911f-dd04-41f9-9268-3a93b298586f\"\n"
    "kernel = \"/usr/local/share/xenkit/guests/tinypv\"\nmemory = 8\n"
    "vcpus = 2\nmaxvcpus = 3\nmaxmem = 16\non_crash = \"preserve\"\n"
    "extra = \"foo=bar\"\n"
    "disk = [ 'format=raw,vdev=xvda,access=w,target=/tmp/img1' ]\n"
    "vif = [ 'bridge=xenbr0,mac=00:16:3e:11:22:33' ]\n"
    "run_hotplug_scripts = 1\nclaim_mode = 1\n";

static const char d2_stored[] =
"{\n"
"    \"c_info\": {\n"
"        \"type\": \"pv\",\n"
"        \"name\": \"deb2\",\n"
"        \"domid\": 4294967295,\n"
"        \"uuid\": \"fd87911f-dd04-41f9-9268-3a93b298586f\",\n"
"        \"run_hotplug_scripts\": \"True\"\n"
"    },\n"
"    \"b_info\": {\n"
"        \"max_vcpus\": 3,\n"
"        \"avail_vcpus\": [\n"
"            0,\n"
"            1\n"
"        ],\n"
"        \"max_memkb\": 16384,\n"
"        \"target_memkb\": 8192,\n"
"        \"video_memkb\": 0,\n"
"        \"sched_params\": {\n"
"\n"
"        },\n"
"        \"claim_mode\": \"True\",\n"
"        \"kernel\": \"/usr/local/share/xenkit/guests/tinypv\",\n"
"        \"cmdline\": \"foo=bar\",\n"
"        \"type.pv\": {\n"
"\n"
"        },\n"
"        \"arch_arm\": {\n"
"\n"
"        },\n"
"        \"arch_x86\": {\n"
"            \"msr_relaxed\": \"False\"\n"
"        }\n"
"    },\n"
"    \"disks\": [\n"
"        {\n"
"            \"pdev_path\": \"/tmp/img1\",\n"
"            \"vdev\": \"xvda\",\n"
"            \"format\": \"raw\",\n"
"            \"readwrite\": 1,\n"
"            \"colo_restore_enable\": \"False\"\n"
"        }\n"
"    ],\n"
"    \"nics\": [\n"
"        {\n"
"            \"devid\": 0,\n"
"            \"mac\": \"00:16:3e:11:22:33\",\n"
"            \"bridge\": \"xenbr0\",\n"
"            \"nictype\": \"vif\"\n"
"        }\n"
"    ],\n"
"    \"on_reboot\": \"restart\",\n"
"    \"on_crash\": \"preserve\",\n"
"    \"on_soft_reset\": \"soft_reset\"\n"
"}\n";

static void test_stored(void **state)
{
    (void)state;
    xk_ctx *ctx;
    xk_domain_config *cfg = NULL;
    char *text = NULL;
    assert_int_equal(xk_ctx_open(&ctx, 0), 0);
    if (xk_config_parse_string(ctx, "d2.cfg", d2_cfg, strlen(d2_cfg), NULL,
                               0, &cfg))
        fail_msg("%s", xk_ctx_last_error(ctx));
    assert_int_equal(xk_config_to_json(ctx, cfg, &text), 0);
    json_t *j = load(text);
    const uint8_t mac[1][6] = { { 0x00, 0x16, 0x3e, 0x11, 0x22, 0x33 } };
    assert_int_equal(xk__libxl_json_stored(j, mac, 1), 0);
    assert_prints(j, d2_stored);
    /* idempotent */
    assert_int_equal(xk__libxl_json_stored(j, mac, 1), 0);
    assert_prints(j, d2_stored);
    json_decref(j);
    free(text);
    xk_config_free(cfg);
    xk_ctx_close(ctx);
}

static void test_stored_generated_mac(void **state)
{
    (void)state;
    json_t *j = load("{\"c_info\": {\"type\": \"pv\", \"name\": \"n\"}, "
                     "\"b_info\": {\"type.pv\": {}, \"arch_x86\": {}}, "
                     "\"nics\": [{\"devid\": 0, \"bridge\": \"b\"}]}");
    const uint8_t mac[1][6] = { { 0x00, 0x16, 0x3e, 0xaa, 0xbb, 0x0c } };
    assert_int_equal(xk__libxl_json_stored(j, mac, 1), 0);
    json_t *nic = json_array_get(json_object_get(j, "nics"), 0);
    char *s = xk__json_print_yajl(nic);
    assert_string_equal(s, "{\n    \"devid\": 0,\n"
                        "    \"mac\": \"00:16:3e:aa:bb:0c\",\n"
                        "    \"bridge\": \"b\",\n    \"nictype\": \"vif\"\n}\n");
    free(s);
    json_t *b = json_object_get(j, "b_info");
    assert_int_equal(json_integer_value(json_object_get(b, "video_memkb")), 0);
    json_decref(j);
}

/* dom0's stub, as xen-init-dom0 stores it, and Debian's `xl list -l 0`. */
static const char dom0_stub[] =
    "{\"c_info\": {\"type\": \"pv\"}, \"b_info\": {\"sched_params\": {}, "
    "\"type.pv\": {}, \"arch_arm\": {}, \"arch_x86\": {}}}";
static const char dom0_listed[] =
"{\n"
"    \"c_info\": {\n"
"        \"type\": \"pv\",\n"
"        \"name\": \"Domain-0\"\n"
"    },\n"
"    \"b_info\": {\n"
"        \"max_memkb\": 1048576,\n"
"        \"target_memkb\": 1048575,\n"
"        \"sched_params\": {\n"
"            \"sched\": \"credit2\",\n"
"            \"weight\": 256,\n"
"            \"cap\": 0\n"
"        },\n"
"        \"type.pv\": {\n"
"\n"
"        },\n"
"        \"arch_arm\": {\n"
"\n"
"        },\n"
"        \"arch_x86\": {\n"
"\n"
"        }\n"
"    }\n"
"}\n";

static void test_refresh_dom0(void **state)
{
    (void)state;
    json_t *j = load(dom0_stub);
    struct xk__live_domain l = {
        .name = "Domain-0", .target_kb = 1048576, .static_max_kb = 1048576,
        .sched_id = 6, .weight = 256, .cap = 0, .period = -1, .budget = -1 };
    assert_int_equal(xk__libxl_json_max_vcpus(j), 0);
    /* nil UUID: no field; no video_memkb stored: libxl's all-ones default
     * is added to the target, which comes out one less */
    assert_int_equal(xk__libxl_json_refresh(j, &l), 0);
    assert_prints(j, dom0_listed);
    json_decref(j);
}

static void test_refresh_guest(void **state)
{
    (void)state;
    json_t *j = load(d2_stored);
    assert_int_equal(xk__libxl_json_max_vcpus(j), 3);
    const uint8_t online[3] = { 1, 0, 1 };
    const int vbds[] = { 51712 }, vifs[] = { 0 };
    const struct xk__live_devs devs[] = {
        { "disks", vbds, 1 }, { "nics", vifs, 1 } };
    struct xk__live_domain l = {
        .name = "renamed", .vcpu_online = online, .nvcpus = 3,
        .target_kb = 4096, .static_max_kb = 16384, .sched_id = 5,
        .weight = 512, .cap = -1, .devs = devs, .ndevs = 2 };
    memcpy(l.uuid, "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d"
           "\x0e\x0f\x10", 16);
    assert_int_equal(xk__libxl_json_refresh(j, &l), 0);
    json_t *c = json_object_get(j, "c_info"), *b = json_object_get(j, "b_info");
    assert_string_equal(json_string_value(json_object_get(c, "name")),
                        "renamed");
    assert_string_equal(json_string_value(json_object_get(c, "uuid")),
                        "01020304-0506-0708-090a-0b0c0d0e0f10");
    json_t *av = json_object_get(b, "avail_vcpus");
    assert_int_equal(json_array_size(av), 2);
    assert_int_equal(json_integer_value(json_array_get(av, 1)), 2);
    assert_int_equal(json_integer_value(json_object_get(b, "target_memkb")),
                     4096);
    char *s = xk__json_print_yajl(json_object_get(b, "sched_params"));
    assert_string_equal(s, "{\n    \"sched\": \"credit\",\n"
                           "    \"weight\": 512\n}\n");
    free(s);
    assert_non_null(json_object_get(j, "disks"));

    /* devices xenstore no longer lists go; an empty array is no field */
    const struct xk__live_devs none[] = { { "disks", NULL, 0 },
                                          { "nics", vifs, 1 } };
    l.devs = none;
    assert_int_equal(xk__libxl_json_refresh(j, &l), 0);
    assert_null(json_object_get(j, "disks"));
    assert_non_null(json_object_get(j, "nics"));

    /* arinc653: libxl cannot read its parameters */
    l.sched_id = 7;
    assert_int_equal(xk__libxl_json_refresh(j, &l), XK_EUNSUPPORTED);
    json_decref(j);
}

static void test_refresh_hvm_fudge_and_no_name(void **state)
{
    (void)state;
    json_t *j = load("{\"c_info\": {\"type\": \"hvm\", \"name\": \"old\"}, "
                     "\"b_info\": {\"max_memkb\": 2048, \"target_memkb\": "
                     "1024, \"video_memkb\": 8192}}");
    struct xk__live_domain l = { .name = "h", .target_kb = 1000,
                                 .static_max_kb = 2048, .sched_id = 9 };
    assert_int_equal(xk__libxl_json_refresh(j, &l), 0);
    json_t *b = json_object_get(j, "b_info");
    /* 1000 + video 8192 + LIBXL_MAXMEM_CONSTANT 1024 (max > target) */
    assert_int_equal(json_integer_value(json_object_get(b, "target_memkb")),
                     10216);
    char *s = xk__json_print_yajl(json_object_get(b, "sched_params"));
    assert_string_equal(s, "{\n    \"sched\": \"null\"\n}\n");
    free(s);
    json_decref(j);

    /* no name in xenstore: libxl keeps the stored config as it is */
    j = load("{\"c_info\": {\"name\": \"old\"}, \"b_info\": {}}");
    l.name = NULL;
    assert_int_equal(xk__libxl_json_refresh(j, &l), 0);
    assert_string_equal(json_string_value(json_object_get(
        json_object_get(j, "c_info"), "name")), "old");
    json_decref(j);
    j = load("[]");
    assert_int_equal(xk__libxl_json_refresh(j, &l), -1);
    json_decref(j);
}

/* What xenkit-monitord does with a record's text: the part before the
 * last marker line is the file, the lines after it overrides. */
static xk_domain_config *parse_record(xk_ctx *ctx, char *text, size_t len)
{
    static const char mark[] = "\n" XK_LIFECYCLE_OVERRIDES "\n";
    char *m = NULL;
    for (char *p = text; (p = strstr(p, mark)); p++)
        m = p;
    assert_non_null(m);
    const char *ov[8];
    size_t nov = 0;
    for (char *p = m + strlen(mark); *p && nov < 8;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        if (*p)
            ov[nov++] = p;
        p = nl ? nl + 1 : p + strlen(p);
    }
    xk_domain_config *cfg = NULL;
    if (xk_config_parse_string(ctx, "r.cfg", text, (size_t)(m - text) + 1,
                               ov, nov, &cfg))
        fail_msg("%s", xk_ctx_last_error(ctx));
    (void)len;
    return cfg;
}

static void test_append_name(void **state)
{
    (void)state;
    size_t len;
    static const char plain[] = "name = \"a\"\nmemory = 8";
    char *s = xk__cfg_append_name(plain, strlen(plain), "we\"ird\\x\t",
                                  &len);
    assert_non_null(s);
    assert_string_equal(s, "name = \"a\"\nmemory = 8\n#xenkit: overrides\n"
                           "name=\"we\\\"ird\\\\x\\x09\"\n");
    assert_int_equal(len, strlen(s));
    free(s);

    /* a record with overrides already: one more line after them */
    static const char rec[] = "name = \"a\"\nkernel = \"/k\"\n"
                              "#xenkit: overrides\nmemory=16\nname=\"b\"";
    s = xk__cfg_append_name(rec, strlen(rec), "", &len);
    assert_string_equal(s, "name = \"a\"\nkernel = \"/k\"\n"
                           "#xenkit: overrides\nmemory=16\nname=\"b\"\n"
                           "name=\"\"\n");
    free(s);

    /* and the text re-creates the domain under the new name */
    xk_ctx *ctx;
    assert_int_equal(xk_ctx_open(&ctx, 0), 0);
    s = xk__cfg_append_name(rec, strlen(rec), "c\"\\d", &len);
    xk_domain_config *cfg = parse_record(ctx, s, len);
    assert_string_equal(xk_config_name(cfg), "c\"\\d");
    xk_config_free(cfg);
    free(s);
    static const char nonl[] = "name = \"a\"\nkernel = \"/k\"";
    s = xk__cfg_append_name(nonl, strlen(nonl), "e", &len);
    cfg = parse_record(ctx, s, len);
    assert_string_equal(xk_config_name(cfg), "e");
    xk_config_free(cfg);
    free(s);
    xk_ctx_close(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jput_order),
        cmocka_unit_test(test_stored),
        cmocka_unit_test(test_stored_generated_mac),
        cmocka_unit_test(test_refresh_dom0),
        cmocka_unit_test(test_refresh_guest),
        cmocka_unit_test(test_refresh_hvm_fudge_and_no_name),
        cmocka_unit_test(test_append_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

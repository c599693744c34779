/* test_config_json.c: libxl's domain-configuration JSON: field names and
 * order, defaults left out, enum names, and yajl's exact layout. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/domain_config.h"
#include "core/context.h"

static xk_ctx *ctx;
static char *json;

static int setup(void **state)
{
    (void)state;
    return xk_ctx_open(&ctx, 0);
}

static int teardown(void **state)
{
    (void)state;
    free(json);
    xk_ctx_close(ctx);
    return 0;
}

static const char *to_json(const char *text)
{
    xk_domain_config *cfg = NULL;
    free(json);
    json = NULL;
    if (xk_config_parse_string(ctx, "t.cfg", text, strlen(text), NULL, 0,
                               &cfg))
        fail_msg("%s", xk_ctx_last_error(ctx));
    assert_int_equal(xk_config_to_json(ctx, cfg, &json), 0);
    xk_config_free(cfg);
    return json;
}

#define UUID "uuid='6ed6e5d8-2a57-4b52-9c46-2f1a5d3c7f10'\n"

static void pv_example_exactly(void **state)
{
    (void)state;
    const char *j = to_json(UUID "name = \"example.pvlinux\"\n"
        "kernel = \"/boot/vmlinuz\"\nextra = \"root=/dev/xvda1\"\n"
        "memory = 128\nvcpus = 2\nvif = [ '' ]\n"
        "disk = [ '/dev/vg/guest-volume,raw,xvda,rw' ]\n");
    assert_string_equal(j,
"{\n"
"    \"c_info\": {\n"
"        \"type\": \"pv\",\n"
"        \"name\": \"example.pvlinux\",\n"
"        \"uuid\": \"6ed6e5d8-2a57-4b52-9c46-2f1a5d3c7f10\",\n"
"        \"run_hotplug_scripts\": \"True\"\n"
"    },\n"
"    \"b_info\": {\n"
"        \"max_vcpus\": 2,\n"
"        \"avail_vcpus\": [\n"
"            0,\n"
"            1\n"
"        ],\n"
"        \"max_memkb\": 131072,\n"
"        \"target_memkb\": 131072,\n"
"        \"sched_params\": {\n"
"\n"
"        },\n"
"        \"claim_mode\": \"True\",\n"
"        \"kernel\": \"/boot/vmlinuz\",\n"
"        \"cmdline\": \"root=/dev/xvda1\",\n"
"        \"type.pv\": {\n"
"\n"
"        },\n"
"        \"arch_arm\": {\n"
"\n"
"        },\n"
"        \"arch_x86\": {\n"
"\n"
"        }\n"
"    },\n"
"    \"disks\": [\n"
"        {\n"
"            \"pdev_path\": \"/dev/vg/guest-volume\",\n"
"            \"vdev\": \"xvda\",\n"
"            \"format\": \"raw\",\n"
"            \"readwrite\": 1\n"
"        }\n"
"    ],\n"
"    \"nics\": [\n"
"        {\n"
"            \"devid\": 0\n"
"        }\n"
"    ],\n"
"    \"on_reboot\": \"restart\",\n"
"    \"on_soft_reset\": \"soft_reset\"\n"
"}\n");
}

static void strings_are_escaped(void **state)
{
    (void)state;
    const char *j = to_json("name='q\"\\\\x'\nkernel='/k\\t'\n");
    assert_non_null(strstr(j, "\"name\": \"q\\\"\\\\x\""));
    assert_non_null(strstr(j, "\"kernel\": \"/k\\t\""));
}

/* Bytes that are not UTF-8 pass through as libxl's yajl passes them. */
static void non_utf8_bytes(void **state)
{
    (void)state;
    const char *j = to_json("name='caf\xe9'\nkernel='/k'\n");
    assert_non_null(strstr(j, "\"name\": \"caf\xe9\""));
}

static void hvm_layout(void **state)
{
    (void)state;
    const char *j = to_json("name='h'\ntype='hvm'\nmemory=512\nboot='dc'\n"
        "vnc=1\nvnclisten='0.0.0.0'\nserial='pty'\nvga='stdvga'\nusb=1\n"
        "usbdevice='tablet'\nhdtype='ahci'\nacpi=1\nviridian=1\n"
        "on_crash='preserve'\n");
    assert_non_null(strstr(j, "        \"acpi\": \"True\",\n"));
    assert_non_null(strstr(j, "        \"type.hvm\": {\n"
                              "            \"viridian\": \"True\",\n"));
    assert_non_null(strstr(j, "\"hdtype\": \"ahci\",\n"
        "            \"vga\": {\n"
        "                \"kind\": \"std\"\n"
        "            },\n"
        "            \"vnc\": {\n"
        "                \"enable\": \"True\",\n"
        "                \"listen\": \"0.0.0.0\"\n"
        "            },\n"));
    assert_non_null(strstr(j, "\"serial\": \"pty\",\n"
        "            \"boot\": \"dc\",\n"
        "            \"usb\": \"True\",\n"
        "            \"usbdevice\": \"tablet\",\n"));
    assert_non_null(strstr(j, "    \"on_reboot\": \"restart\",\n"
                              "    \"on_crash\": \"preserve\",\n"));
    assert_null(strstr(j, "\"max_vcpus\""));
}

static void devices_layout(void **state)
{
    (void)state;
    const char *j = to_json("name='g'\nkernel='/k'\n"
        "vif=['mac=00:16:3e:01:02:03,bridge=br0,rate=1MB/s']\n"
        "disk=[',,xvdc:cdrom,r']\n"
        "channel=['name=c0,connection=socket,path=/s']\n"
        "vfb=['vnc=1']\n");
    assert_non_null(strstr(j, "\"pdev_path\": \"\",\n"
        "            \"vdev\": \"xvdc\",\n"
        "            \"format\": \"empty\",\n"
        "            \"removable\": 1,\n"
        "            \"is_cdrom\": 1\n"));
    assert_non_null(strstr(j, "\"devid\": 0,\n"
        "            \"mac\": \"00:16:3e:01:02:03\",\n"
        "            \"bridge\": \"br0\",\n"
        "            \"rate_bytes_per_interval\": 50000,\n"
        "            \"rate_interval_usecs\": 50000\n"));
    assert_non_null(strstr(j, "\"vkbs\": [\n        {\n"
                              "            \"devid\": 0\n        }\n"));
    assert_non_null(strstr(j, "\"name\": \"c0\",\n"
        "            \"connection.socket\": {\n"
        "                \"path\": \"/s\"\n"));
}

static void cpus_bitmaps(void **state)
{
    (void)state;
    const char *j = to_json("name='g'\nkernel='/k'\nvcpus=1\ncpus='2-3'\n");
    assert_non_null(strstr(j, "\"vcpu_hard_affinity\": [\n"
        "            [\n"
        "                2,\n"
        "                3\n"
        "            ]\n"
        "        ],\n"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pv_example_exactly),
        cmocka_unit_test(strings_are_escaped),
        cmocka_unit_test(non_utf8_bytes),
        cmocka_unit_test(hvm_layout),
        cmocka_unit_test(devices_layout),
        cmocka_unit_test(cpus_bitmaps),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

/*
 * test_device_errors.c: the device errors a user can provoke before any
 * backend is touched (bad vdevs, formats, targets, specs, bridges), each
 * with its message. None needs Xen.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/context.h"
#include "device/device.h"

static int setup(void **state)
{
    xk_ctx *ctx;
    if (xk_ctx_open(&ctx, 0))
        return -1;
    *state = ctx;
    return 0;
}

static int teardown(void **state)
{
    xk_ctx_close(*state);
    return 0;
}

static void expect(xk_ctx *ctx, int rc, int code, const char *needle)
{
    assert_int_equal(rc, code);
    assert_int_equal(xk_ctx_last_code(ctx), code);
    if (!strstr(xk_ctx_last_error(ctx), needle))
        fail_msg("message \"%s\" lacks \"%s\"", xk_ctx_last_error(ctx), needle);
}

static void vbd_errors(void **state)
{
    xk_ctx *ctx = *state;
    struct xk__vbd d = { .target = "/dev/null", .vdev = "xvdz9z",
                         .format = XK__DISK_RAW, .readwrite = true,
                         .discard = -1 };
    expect(ctx, xk__device_add_vbd(ctx, 1, &d), XK_ECONFIG,
           "invalid or unsupported virtual disk identifier \"xvdz9z\"");

    d.vdev = "xvdb";
    d.target = NULL;
    expect(ctx, xk__device_add_vbd(ctx, 1, &d), XK_ECONFIG,
           "disk xvdb has no target but is not a cdrom");
    d.cdrom = true;
    expect(ctx, xk__device_add_vbd(ctx, 1, &d), XK_EUNSUPPORTED,
           "an empty cdrom drive needs QEMU's qdisk backend");

    d.cdrom = false;
    d.target = "/var/lib/img.qcow2";
    d.format = XK__DISK_QCOW2;
    expect(ctx, xk__device_add_vbd(ctx, 1, &d), XK_EUNSUPPORTED,
           "format qcow2 needs QEMU's qdisk backend");

    d.format = XK__DISK_RAW;
    d.backend = XK__BACKEND_TAP;
    expect(ctx, xk__device_add_vbd(ctx, 1, &d), XK_EUNSUPPORTED,
           "blktap is not supported");

    d.backend = XK__BACKEND_AUTO;
    d.backend_domid = 5;
    expect(ctx, xk__device_add_vbd(ctx, 1, &d), XK_EUNSUPPORTED,
           "driver domains (backend=5)");

    d.backend_domid = 0;
    d.target = "/nonexistent/disk.img";
    expect(ctx, xk__device_add_vbd(ctx, 1, &d), XK_ENOENT,
           "disk xvdb: cannot use /nonexistent/disk.img: No such file");

    d.target = "/dev/null"; /* a character device */
    expect(ctx, xk__device_add_vbd(ctx, 1, &d), XK_ECONFIG,
           "/dev/null is neither a block device nor a regular file");
}

static void vif_errors(void **state)
{
    xk_ctx *ctx = *state;
    struct xk__vif v = { .devid = 0, .vifname = "a-name-far-too-long" };
    expect(ctx, xk__device_add_vif(ctx, 1, &v), XK_ECONFIG,
           "vifname a-name-far-too-long is longer than 15 characters");
    /* The MAC was generated and kept for the caller. */
    assert_true(v.has_mac);
    assert_int_equal(v.mac[0], 0x00);
    assert_int_equal(v.mac[2], 0x3e);

    struct xk__vif w = { .devid = 0, .bridge = "xkbr-none" };
    expect(ctx, xk__device_add_vif(ctx, 1, &w), XK_ENOENT,
           "bridge xkbr-none does not exist");

    struct xk__vif lo = { .devid = 0, .bridge = "lo" };
    expect(ctx, xk__device_add_vif(ctx, 1, &lo), XK_EINVAL,
           "lo is not a bridge");

    struct xk__vif dd = { .devid = 0, .backend_domid = 3 };
    expect(ctx, xk__device_add_vif(ctx, 1, &dd), XK_EUNSUPPORTED,
           "driver domains (backend=3)");
}

static void public_calls_check_arguments(void **state)
{
    xk_ctx *ctx = *state;
    assert_int_equal(xk_disk_attach(ctx, 1, NULL), XK_EINVAL);
    assert_int_equal(xk_disk_detach(ctx, 1, "xvda", 0x80), XK_EINVAL);
    expect(ctx, xk_disk_detach(ctx, 1, "floppy", 0), XK_EINVAL,
           "invalid virtual disk identifier \"floppy\"");
    expect(ctx, xk_nic_detach(ctx, 1, "zz:zz", 0), XK_EINVAL,
           "invalid MAC address \"zz:zz\"");
    expect(ctx, xk_nic_detach(ctx, 1, "eth0", 0), XK_EINVAL,
           "invalid NIC \"eth0\"");
    /* Specs go through the config layer's parsers, located on the
     * "command line". */
    expect(ctx, xk_disk_attach(ctx, 1, "/img"), XK_ECONFIG,
           "command line:1:1: disk: found no vdev");
    expect(ctx, xk_nic_attach(ctx, 1, "speed=1", NULL), XK_ECONFIG,
           "speed");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(vbd_errors),
        cmocka_unit_test(vif_errors),
        cmocka_unit_test(public_calls_check_arguments),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

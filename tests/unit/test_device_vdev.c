/* test_device_vdev.c: vdev names to device numbers, numbered as xl does. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "device/device.h"

static void xvd_names(void **state)
{
    (void)state;
    int disk = -1, part = -1;
    assert_int_equal(xk__vdev_to_devid("xvda", &disk, &part), 51712);
    assert_int_equal(disk, 0);
    assert_int_equal(part, 0);
    assert_int_equal(xk__vdev_to_devid("xvdb", NULL, NULL), 51728);
    assert_int_equal(xk__vdev_to_devid("xvda1", NULL, NULL), 51713);
    assert_int_equal(xk__vdev_to_devid("xvdp15", &disk, &part), 51967);
    assert_int_equal(disk, 15);
    assert_int_equal(part, 15);
    /* Past 15 disks or 15 partitions: the extended numbering. */
    assert_int_equal(xk__vdev_to_devid("xvdq", &disk, NULL), (1 << 28) | (16 << 8));
    assert_int_equal(disk, 16);
    assert_int_equal(xk__vdev_to_devid("xvda16", NULL, NULL), (1 << 28) | 16);
    assert_int_equal(xk__vdev_to_devid("xvdaa", &disk, NULL), (1 << 28) | (26 << 8));
    assert_int_equal(disk, 26);
    assert_int_equal(xk__vdev_to_devid("d0p0", NULL, NULL), 51712);
    assert_int_equal(xk__vdev_to_devid("d3p2", NULL, NULL), 51762);
    assert_int_equal(xk__vdev_to_devid("d20p1", NULL, NULL), (1 << 28) | (20 << 8) | 1);
}

static void ide_and_scsi_names(void **state)
{
    (void)state;
    assert_int_equal(xk__vdev_to_devid("hda", NULL, NULL), 768);
    assert_int_equal(xk__vdev_to_devid("hdb", NULL, NULL), 832);
    assert_int_equal(xk__vdev_to_devid("hdc", NULL, NULL), 5632);
    assert_int_equal(xk__vdev_to_devid("hdd1", NULL, NULL), 5697);
    assert_int_equal(xk__vdev_to_devid("hda63", NULL, NULL), 768 + 63);
    assert_int_equal(xk__vdev_to_devid("sda", NULL, NULL), 2048);
    assert_int_equal(xk__vdev_to_devid("sdb2", NULL, NULL), 2066);
    assert_int_equal(xk__vdev_to_devid("sdp15", NULL, NULL), 2048 + 255);
}

static void raw_numbers(void **state)
{
    (void)state;
    assert_int_equal(xk__vdev_to_devid("51712", NULL, NULL), 51712);
    assert_int_equal(xk__vdev_to_devid("0xca00", NULL, NULL), 51712);
    /* A number names no disk/partition pair. */
    int disk;
    assert_int_equal(xk__vdev_to_devid("51712", &disk, NULL), -1);
}

static void invalid_names(void **state)
{
    (void)state;
    const char *bad[] = { "", "xvd", "xvda0", "xvda01", "xvda256", "xvdA",
                          "hde", "hda64", "sdq", "sda16", "vda", "foo",
                          "xvda-1", "d1", "dp1", "d1p", "d1p256",
                          "99999999999999999999", "xvdaaaaaa" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (xk__vdev_to_devid(bad[i], NULL, NULL) != -1)
            fail_msg("\"%s\" should be invalid", bad[i]);
    }
    assert_int_equal(xk__vdev_to_devid(NULL, NULL, NULL), -1);
}

static void devid_back_to_name(void **state)
{
    (void)state;
    char buf[32];
    assert_int_equal(xk__devid_to_vdev(51712, buf, sizeof(buf)), 0);
    assert_string_equal(buf, "xvda");
    assert_int_equal(xk__devid_to_vdev(51713, buf, sizeof(buf)), 0);
    assert_string_equal(buf, "xvda1");
    assert_int_equal(xk__devid_to_vdev((1 << 28) | (26 << 8) | 3, buf,
                                       sizeof(buf)), 0);
    assert_string_equal(buf, "xvdaa3");
    const char *names[] = { "xvdb", "xvdp15", "xvdq", "xvdzz", "xvdaaa9" };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        int id = xk__vdev_to_devid(names[i], NULL, NULL);
        assert_true(id >= 0);
        assert_int_equal(xk__devid_to_vdev(id, buf, sizeof(buf)), 0);
        assert_string_equal(buf, names[i]);
    }
    assert_int_equal(xk__devid_to_vdev(-1, buf, sizeof(buf)), -1);
    assert_int_equal(xk__devid_to_vdev(51712, buf, 4), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(xvd_names),
        cmocka_unit_test(ide_and_scsi_names),
        cmocka_unit_test(raw_numbers),
        cmocka_unit_test(invalid_names),
        cmocka_unit_test(devid_back_to_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_config_specs.c: disk specs (xl-disk-configuration(5)) and vif specs
 * (xl-network-configuration(5)), their forms and their errors. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "config/domain_config.h"
#include "core/context.h"

static xk_ctx *ctx;
static xk_domain_config *cfg;

static int setup(void **state)
{
    (void)state;
    return xk_ctx_open(&ctx, 0);
}

static int teardown(void **state)
{
    (void)state;
    xk_config_free(cfg);
    xk_ctx_close(ctx);
    return 0;
}

/* Parses a PV config with one disk (or vif) spec. */
static int with(const char *key, const char *spec)
{
    char text[1024];
    snprintf(text, sizeof(text), "name='g'\nkernel='/k'\n%s = [ '%s' ]\n",
             key, spec);
    xk_config_free(cfg);
    cfg = NULL;
    return xk_config_parse_string(ctx, "t.cfg", text, strlen(text), NULL, 0,
                                  &cfg);
}

static const struct xk_disk_spec *disk(const char *spec)
{
    int rc = with("disk", spec);
    if (rc)
        fail_msg("%s: %s", spec, xk_ctx_last_error(ctx));
    assert_int_equal(cfg->num_disks, 1);
    return &cfg->disks[0];
}

static void disk_positional(void **state)
{
    (void)state;
    const struct xk_disk_spec *d = disk("/dev/vg/guest-volume,,hda");
    assert_string_equal(d->pdev_path, "/dev/vg/guest-volume");
    assert_string_equal(d->vdev, "hda");
    assert_int_equal(d->format, XK_DISK_FORMAT_RAW);
    assert_int_equal(d->readwrite, 1);
    d = disk("/img.qcow2,qcow2,xvdb,r");
    assert_int_equal(d->format, XK_DISK_FORMAT_QCOW2);
    assert_int_equal(d->readwrite, 0);
    assert_int_equal(d->loc.line, 3);
    assert_int_equal(d->loc.column, 10);
    d = disk("/root/image.iso,,hdc,cdrom");
    assert_int_equal(d->is_cdrom, 1);
    assert_int_equal(d->removable, 1);
    assert_int_equal(d->readwrite, 0);
    d = disk(",,hdc:cdrom,r");
    assert_string_equal(d->pdev_path, "");
    assert_int_equal(d->format, XK_DISK_FORMAT_EMPTY);
    assert_int_equal(d->is_cdrom, 1);
}

static void disk_keyed_and_prefixes(void **state)
{
    (void)state;
    const struct xk_disk_spec *d = disk("format=raw, vdev=xvdc, access=ro, "
                                        "devtype=cdrom, target=/a,b=c");
    assert_string_equal(d->pdev_path, "/a,b=c");   /* target= eats the rest */
    assert_string_equal(d->vdev, "xvdc");
    assert_int_equal(d->is_cdrom, 1);
    d = disk("vdev=xvdd,backendtype=qdisk,backend=dd,script=block-x,"
             "direct-io-safe,no-discard,untrusted,specification=xen,"
             "target=/i");
    assert_int_equal(d->backend, XK_DISK_BACKEND_QDISK);
    assert_string_equal(d->backend_domname, "dd");
    assert_string_equal(d->script, "block-x");
    assert_true(d->direct_io_safe);
    assert_int_equal(d->discard_enable, XK_DEFBOOL_FALSE);
    assert_int_equal(d->trusted, XK_DEFBOOL_FALSE);
    assert_int_equal(d->specification, XK_DISK_SPEC_XEN);
    d = disk("phy:/dev/loop0,xvda,w");
    assert_string_equal(d->pdev_path, "/dev/loop0");
    assert_int_equal(d->backend, XK_DISK_BACKEND_UNKNOWN);  /* as xl */
    d = disk("qcow2:/i.q,xvda,w");
    assert_int_equal(d->format, XK_DISK_FORMAT_QCOW2);
    d = disk("drbd:res0,xvda,w");
    assert_string_equal(d->script, "block-drbd");
    assert_string_equal(d->pdev_path, "res0");
}

static void disk_errors(void **state)
{
    (void)state;
    struct { const char *spec, *msg; } cases[] = {
        { "target=/img,format=raw,vdev=xvda", "t.cfg:3:11: disk: found "
          "parameters after target=, expected target= last (it takes the "
          "rest of the spec, commas included) (in the spec "
          "\"target=/img,format=raw,vdev=xvda\")" },
        { "/img,raw", "t.cfg:3:11: disk: found no vdev, expected the virtual "
          "device (e.g. xvda) as the third positional parameter or vdev= "
          "(in the spec \"/img,raw\")" },
        { "/img,raw,xvda,rw,extra", "t.cfg:3:28: disk: found a fifth "
          "positional parameter `extra', expected at most "
          "TARGET,FORMAT,VDEV,ACCESS (in the spec \"/img,raw,xvda,rw,extra\")"},
        { "/img,vmdk,xvda", "t.cfg:3:16: disk: found format `vmdk', expected "
          "raw, qcow, qcow2, vhd, qed or empty (in the spec "
          "\"/img,vmdk,xvda\")" },
        { "/img,raw,xvda,rx", "t.cfg:3:25: disk: found access `rx', expected "
          "r, ro, w or rw (in the spec \"/img,raw,xvda,rx\")" },
        { "/img,raw,floppy", "t.cfg:3:11: disk: found vdev `floppy', "
          "expected a virtual device like xvda, xvdb1, hdc, sda or d0p1 (in "
          "the spec \"/img,raw,floppy\")" },
        { "colour=red,target=/i", "t.cfg:3:11: disk: found an unknown "
          "parameter `colour', expected one of target, format, vdev, access,"
          " devtype, backendtype, backend, script, specification (or a flag)"
          " (in the spec \"colour=red,target=/i\")" },
        { "vdev=xvda", "t.cfg:3:11: disk: found no target, expected one (only"
          " a CD-ROM may be empty) (in the spec \"vdev=xvda\")" },
        { "vdev=xvda,vdev=xvdb,target=/i", "t.cfg:3:21: disk: found a second "
          "vdev `xvdb', expected one (the first is `xvda') (in the spec "
          "\"vdev=xvda,vdev=xvdb,target=/i\")" },
        { "foo:/x,xvda", "t.cfg:3:11: disk: found the prefix `foo:', "
          "expected one of phy:, file:, tap:, tap2:, aio:, ioemu:, raw:, "
          "qcow:, qcow2:, vhd:, iscsi:, nbd:, enbd:, drbd: (or "
          "format=/script=) (in the spec \"foo:/x,xvda\")" },
        { "/i,,xvda,devtype=tape", "t.cfg:3:20: disk: found devtype `tape', "
          "expected cdrom or disk (in the spec \"/i,,xvda,devtype=tape\")" },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_int_equal(with("disk", cases[i].spec), XK_ECONFIG);
        assert_string_equal(xk_ctx_last_error(ctx), cases[i].msg);
    }
}

static void vif_keys(void **state)
{
    (void)state;
    assert_int_equal(with("vif", "mac=00:16:3e:0a:0b:0c, bridge=xenbr1,"
                          "ip=10.0.0.2,vifname=web0,model=e1000,type=ioemu,"
                          "rate=10Mb/s@20ms,script=vif-route,backend=nd,"
                          "gatewaydev=eth1,mtu=9000,devid=5,trusted"), 0);
    const struct xk_vif_spec *v = &cfg->vifs[0];
    assert_true(v->mac_set);
    assert_int_equal(v->mac[3], 0x0a);
    assert_string_equal(v->bridge, "xenbr1");
    assert_string_equal(v->ip, "10.0.0.2");
    assert_string_equal(v->ifname, "web0");
    assert_string_equal(v->model, "e1000");
    assert_int_equal(v->nictype, XK_NIC_TYPE_VIF_IOEMU);
    assert_int_equal(v->rate_interval_usecs, 20000);
    assert_int_equal(v->rate_bytes_per_interval, 25000);
    assert_string_equal(v->script, "vif-route");
    assert_string_equal(v->backend_domname, "nd");
    assert_string_equal(v->gatewaydev, "eth1");
    assert_int_equal(v->mtu, 9000);
    assert_int_equal(v->devid, 5);
    assert_int_equal(v->trusted, XK_DEFBOOL_TRUE);
    assert_int_equal(with("vif", ""), 0);
    assert_int_equal(cfg->num_vifs, 1);
    assert_false(cfg->vifs[0].mac_set);
    assert_int_equal(cfg->vifs[0].devid, 0);
    assert_int_equal(with("vif", "rate=1GB/s"), 0);
    assert_int_equal(cfg->vifs[0].rate_interval_usecs, 50000);
    assert_int_equal(cfg->vifs[0].rate_bytes_per_interval, 50000000);
}

static void vif_errors(void **state)
{
    (void)state;
    struct { const char *spec, *msg; } cases[] = {
        { "mac=00:16:3e:zz:00:00", "t.cfg:3:10: vif: found mac "
          "`00:16:3e:zz:00:00', expected six hex bytes like "
          "00:16:3e:12:34:56 (in the spec \"mac=00:16:3e:zz:00:00\")" },
        { "bridge=br0,rate=10Mb", "t.cfg:3:21: vif: found rate `10Mb', "
          "expected a rate like 10Mb/s or 1MB/s@50ms (digits, an optional K,"
          " M or G, b or B, /s, then an optional @ and interval in s, ms or "
          "us) (in the spec \"bridge=br0,rate=10Mb\")" },
        { "type=tap", "t.cfg:3:10: vif: found type `tap', expected vif or "
          "ioemu (in the spec \"type=tap\")" },
        { "colour=red", "t.cfg:3:10: vif: found an unknown key `colour', "
          "expected mac, bridge, ip, vifname, model, type, rate, script, "
          "backend, gatewaydev, mtu, devid, trusted or untrusted (in the "
          "spec \"colour=red\")" },
        { "xenbr0", "t.cfg:3:10: vif: found `xenbr0', expected KEY=VALUE "
          "(mac, bridge, ip, vifname, model, type, rate, script, backend, "
          "gatewaydev, mtu, devid) or trusted/untrusted (in the spec "
          "\"xenbr0\")" },
        { "mtu=big", "t.cfg:3:10: vif: found mtu `big', expected a decimal "
          "number from 0 to 65535 (in the spec \"mtu=big\")" },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_int_equal(with("vif", cases[i].spec), XK_ECONFIG);
        assert_string_equal(xk_ctx_last_error(ctx), cases[i].msg);
    }
}

static void lists_of_specs(void **state)
{
    (void)state;
    const char *text = "name='g'\nkernel='/k'\n"
        "disk=['/a,,xvda', '/b,,xvdb',]\nvif=['bridge=b0','bridge=b1']\n"
        "channel=['name=org.qemu.guest_agent.0,connection=pty',"
        "'name=s, connection=socket, path=/run/s']\n"
        "vfb=['vnc=1,vnclisten=127.0.0.1,vncdisplay=3']\n";
    xk_config_free(cfg);
    cfg = NULL;
    assert_int_equal(xk_config_parse_string(ctx, "t.cfg", text, strlen(text),
                                            NULL, 0, &cfg), 0);
    assert_int_equal(cfg->num_disks, 2);
    assert_int_equal(cfg->num_vifs, 2);
    assert_int_equal(cfg->vifs[1].devid, 1);
    assert_int_equal(cfg->num_channels, 2);
    assert_int_equal(cfg->channels[1].connection, XK_CHANNEL_SOCKET);
    assert_string_equal(cfg->channels[1].path, "/run/s");
    assert_int_equal(cfg->num_vfbs, 1);
    assert_int_equal(cfg->vfbs[0].vnc.display, 3);
    assert_int_equal(with("disk", "['nested']"), XK_ECONFIG);
    assert_int_equal(with("channel", "name=x"), XK_ECONFIG);
    assert_string_equal(xk_ctx_last_error(ctx), "t.cfg:3:13: channel: found "
                        "no connection, expected connection=pty or "
                        "connection=socket");
    assert_int_equal(with("vfb", "vnc=yes"), XK_ECONFIG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(disk_positional),
        cmocka_unit_test(disk_keyed_and_prefixes),
        cmocka_unit_test(disk_errors),
        cmocka_unit_test(vif_keys),
        cmocka_unit_test(vif_errors),
        cmocka_unit_test(lists_of_specs),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

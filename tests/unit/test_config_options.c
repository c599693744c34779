/* test_config_options.c: every option group of the model: values, xl's
 * defaults, type and range errors, warnings, locations. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

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

static int parse_ov(const char *text, const char *const *ov, size_t nov)
{
    xk_config_free(cfg);
    cfg = NULL;
    return xk_config_parse_string(ctx, "t.cfg", text, strlen(text), ov, nov,
                                  &cfg);
}

static int parse(const char *text)
{
    return parse_ov(text, NULL, 0);
}

#define PV "name='g'\nkernel='/k'\n"

static void defaults_as_xl(void **state)
{
    (void)state;
    assert_int_equal(parse(PV), 0);
    assert_string_equal(xk_config_name(cfg), "g");
    assert_int_equal(cfg->type, XK_DOMAIN_TYPE_PV);
    assert_true(cfg->target_memkb == XK_MEMKB_DEFAULT);
    assert_int_equal(cfg->memory_kb, 32 * 1024);
    assert_int_equal(cfg->maxmem_kb, 32 * 1024);
    assert_int_equal(cfg->vcpus, 1);
    assert_int_equal(cfg->max_vcpus, 1);
    assert_int_equal(cfg->vcpus_set, 0);
    assert_int_equal(cfg->on_poweroff, XK_ACTION_DESTROY);
    assert_int_equal(cfg->on_reboot, XK_ACTION_RESTART);
    assert_int_equal(cfg->on_watchdog, XK_ACTION_DESTROY);
    assert_int_equal(cfg->on_crash, XK_ACTION_DESTROY);
    assert_int_equal(cfg->on_soft_reset, XK_ACTION_SOFT_RESET);
    assert_int_equal(xk_config_action(cfg, XK_SHUTDOWN_REBOOT),
                     XK_ACTION_RESTART);
    assert_int_equal(xk_config_action(cfg, XK_SHUTDOWN_SUSPEND),
                     XK_ACTION_DESTROY);
    assert_false(cfg->uuid_set);
    assert_int_equal(cfg->uuid[6] >> 4, 4);   /* a random v4 UUID */
    assert_int_equal(xk_config_warning_count(cfg), 0);
}

static void memory_and_vcpus(void **state)
{
    (void)state;
    assert_int_equal(parse(PV "memory=0x80\nmaxmem=256\nvcpus=2\n"
                           "maxvcpus=4\n"), 0);
    assert_int_equal(cfg->target_memkb, 128 * 1024);
    assert_int_equal(cfg->max_memkb, 256 * 1024);
    assert_int_equal(cfg->memory_kb, 128 * 1024);
    assert_int_equal(cfg->vcpus, 2);
    assert_int_equal(cfg->max_vcpus, 4);
    assert_int_equal(parse(PV "memory='512'\n"), 0);  /* xl: atoms alike */
    assert_int_equal(cfg->max_memkb, 512 * 1024);     /* maxmem = memory */

    assert_int_equal(parse(PV "memory = \"lots\"\n"), XK_ECONFIG);
    assert_string_equal(xk_ctx_last_error(ctx), "t.cfg:3:10: memory: found "
                        "\"lots\", expected a number of MiB from 1 to 16777216");
    assert_int_equal(parse(PV "memory = 0\n"), XK_ECONFIG);
    assert_int_equal(parse(PV "memory = 08\n"), XK_ECONFIG);
    assert_int_equal(parse(PV "memory = [1]\n"), XK_ECONFIG);
    assert_string_equal(xk_ctx_last_error(ctx), "t.cfg:3:10: memory: found a "
                        "list, expected a number of MiB from 1 to 16777216");
    assert_int_equal(parse(PV "memory = 99999999999999999999\n"), XK_ECONFIG);
    assert_int_equal(parse(PV "vcpus=4\nmaxvcpus=2\n"), XK_ECONFIG);
    assert_string_equal(xk_ctx_last_error(ctx), "t.cfg:4:10: maxvcpus: found "
                        "2, expected a number >= vcpus (4)");
    assert_int_equal(parse(PV "memory=256\nmaxmem=128\n"), XK_ECONFIG);
    assert_int_equal(parse(PV "vcpus=0\n"), XK_ECONFIG);
}

static void type_and_builder(void **state)
{
    (void)state;
    assert_int_equal(parse(PV "type='pvh'\n"), 0);
    assert_int_equal(cfg->type, XK_DOMAIN_TYPE_PVH);
    assert_int_equal(parse("name='h'\ntype='hvm'\n"), 0);
    assert_int_equal(cfg->type, XK_DOMAIN_TYPE_HVM);
    assert_int_equal(parse("name='h'\nbuilder='hvm'\n"), 0);
    assert_int_equal(cfg->type, XK_DOMAIN_TYPE_HVM);
    assert_int_equal(parse(PV "builder='generic'\n"), 0);
    assert_int_equal(cfg->type, XK_DOMAIN_TYPE_PV);
    assert_int_equal(parse(PV "type='h'\n"), 0);   /* xl's prefix match */
    assert_int_equal(cfg->type, XK_DOMAIN_TYPE_HVM);
    assert_int_equal(xk_config_warning_count(cfg), 1);
    assert_int_equal(parse(PV "type='xen'\n"), XK_ECONFIG);
    assert_int_equal(parse(PV "type='pv'\nbuilder='hvm'\n"), XK_ECONFIG);
    assert_string_equal(xk_ctx_last_error(ctx), "t.cfg:4:1: builder: found a "
                        "builder that contradicts type=, expected the same "
                        "kind of guest (or only type=)");
}

static void name_uuid_kernel(void **state)
{
    (void)state;
    assert_int_equal(parse("kernel='/k'\n"), XK_ECONFIG);
    assert_string_equal(xk_ctx_last_error(ctx), "t.cfg: name: found no name,"
                        " expected name = \"...\" (every domain needs one)");
    assert_int_equal(parse("name='x'\n"), XK_ECONFIG);
    assert_string_equal(xk_ctx_last_error(ctx), "t.cfg: kernel: found neither"
                        " kernel nor bootloader, expected one of them for a "
                        "PV guest");
    assert_int_equal(parse(PV "uuid='00112233-4455-6677-8899-aabbccddeeff'\n"),
                     0);
    assert_true(cfg->uuid_set);
    assert_int_equal(cfg->uuid[15], 0xff);
    assert_int_equal(parse(PV "uuid='0011'\n"), XK_ECONFIG);
    assert_int_equal(parse("name='p'\nbootloader='pygrub'\n"
                           "bootloader_args=['-q','--x']\n"), 0);
    assert_string_equal(cfg->bootloader, "pygrub");
    assert_int_equal(cfg->bootloader_args.n, 2);
    assert_int_equal(parse("name='p'\nbootloader='pygrub'\n"
                           "bootloader_args='-q  --x'\n"), 0);
    assert_int_equal(cfg->bootloader_args.n, 2);
    assert_int_equal(xk_config_warning_count(cfg), 1);
    assert_int_equal(parse("name='p'\nfirmware='pvgrub64'\n"), 0);
    assert_string_equal(cfg->kernel, "/usr/lib/xen-4.17/boot/pvgrub64.bin");
    assert_int_equal(parse("name='p'\nfirmware='ovmf'\n"), XK_ECONFIG);
}

static void cmdline_root_extra(void **state)
{
    (void)state;
    assert_int_equal(parse(PV "root='/dev/xvda1'\nextra='console=hvc0'\n"), 0);
    assert_string_equal(cfg->cmdline, "root=/dev/xvda1 console=hvc0");
    assert_string_equal(cfg->root, "/dev/xvda1");
    assert_int_equal(parse(PV "extra='quiet'\n"), 0);
    assert_string_equal(cfg->cmdline, "quiet");
    assert_int_equal(parse(PV "cmdline='a'\nextra='b'\n"), 0);
    assert_string_equal(cfg->cmdline, "a");
    assert_int_equal(xk_config_warning_count(cfg), 1);
}

static void actions(void **state)
{
    (void)state;
    assert_int_equal(parse(PV "on_poweroff='preserve'\non_reboot='destroy'\n"
                           "on_crash='coredump-restart'\n"
                           "on_watchdog='rename-restart'\n"
                           "on_soft_reset='restart'\n"), 0);
    assert_int_equal(cfg->on_poweroff, XK_ACTION_PRESERVE);
    assert_int_equal(cfg->on_reboot, XK_ACTION_DESTROY);
    assert_int_equal(cfg->on_crash, XK_ACTION_COREDUMP_RESTART);
    assert_int_equal(cfg->on_watchdog, XK_ACTION_RESTART_RENAME);
    assert_int_equal(cfg->on_soft_reset, XK_ACTION_RESTART);
    assert_int_equal(parse(PV "on_crash='explode'\n"), XK_ECONFIG);
}

static void cpus(void **state)
{
    (void)state;
    assert_int_equal(parse(PV "vcpus=2\ncpus='0-3,^1'\n"), 0);
    assert_int_equal(cfg->num_vcpu_hard_affinity, 2);
    assert_int_equal(cfg->vcpu_hard_affinity[1].bits[0], 0x0d);
    assert_int_equal(parse(PV "vcpus=3\ncpus=['1','2-3']\n"), 0);
    assert_int_equal(cfg->num_vcpu_hard_affinity, 2);
    assert_int_equal(cfg->vcpu_hard_affinity[1].bits[0], 0x0c);
    assert_int_equal(cfg->numa_placement, XK_DEFBOOL_FALSE);
    assert_int_equal(parse(PV "vcpus=1\ncpus='nodes:0'\n"), 0);
    assert_int_equal(cfg->num_carried, 1);
    assert_string_equal(cfg->carried[0].key, "cpus");
    assert_int_equal(parse(PV "cpus='0-'\n"), XK_ECONFIG);
    assert_int_equal(parse(PV "cpus='9999'\n"), XK_ECONFIG);
}

static void hvm_options(void **state)
{
    (void)state;
    assert_int_equal(parse("name='h'\ntype='hvm'\nboot='dc'\nvnc=1\n"
                           "vnclisten='0.0.0.0'\nsdl=0\nserial='pty'\n"
                           "usb=1\nusbdevice=['tablet']\nvga='stdvga'\n"
                           "viridian=['defaults','!hcall_ipi']\n"
                           "hdtype='ahci'\nfirmware='uefi'\n"
                           "kernel='/usr/lib/xen/boot/hvmloader'\n"), 0);
    assert_string_equal(cfg->hvm.boot, "dc");
    assert_int_equal(cfg->hvm.vnc.enable, XK_DEFBOOL_TRUE);
    assert_string_equal(cfg->hvm.vnc.listen, "0.0.0.0");
    assert_int_equal(cfg->hvm.sdl.enable, XK_DEFBOOL_FALSE);
    assert_string_equal(cfg->hvm.serial, "pty");
    assert_int_equal(cfg->hvm.usbdevice_list.n, 1);
    assert_int_equal(cfg->hvm.vga_kind, 2);
    assert_int_equal(cfg->hvm.viridian, XK_DEFBOOL_TRUE);
    assert_int_equal(cfg->hvm.viridian_disable.n, 1);
    assert_int_equal(cfg->hvm.hdtype, 2);
    assert_int_equal(cfg->hvm.bios, 3);
    assert_null(cfg->kernel);        /* hvmloader is dropped, with a warning */
    assert_int_equal(xk_config_warning_count(cfg), 1);
    assert_int_equal(parse("name='h'\ntype='hvm'\nboot='x'\n"), XK_ECONFIG);
    assert_int_equal(parse("name='h'\ntype='hvm'\nvga='ega'\n"), XK_ECONFIG);
    assert_int_equal(parse("name='h'\ntype='hvm'\nviridian=['warp']\n"),
                     XK_ECONFIG);
    /* HVM-only options on a PV guest are said to be ignored */
    assert_int_equal(parse(PV "boot='c'\n"), 0);
    assert_int_equal(xk_config_warning_count(cfg), 1);
    assert_string_equal(xk_config_warning(cfg, 0), "t.cfg:3:1: warning: boot "
                        "applies only to HVM guests: ignored, as xl does");
}

static void pv_vnc_makes_a_vfb(void **state)
{
    (void)state;
    assert_int_equal(parse(PV "vnc=1\nvnclisten='0.0.0.0'\nkeymap='de'\n"), 0);
    assert_int_equal(cfg->num_vfbs, 1);
    assert_string_equal(cfg->vfbs[0].vnc.listen, "0.0.0.0");
    assert_string_equal(cfg->vfbs[0].keymap, "de");
    assert_int_equal(xk_config_warning_count(cfg), 0);
}

static void unknown_keys_warn(void **state)
{
    (void)state;
    assert_int_equal(parse(PV "colour='blue'\n"), 0);
    assert_int_equal(xk_config_warning_count(cfg), 1);
    assert_string_equal(xk_config_warning(cfg, 0), "t.cfg:3:1: warning: "
                        "unknown option `colour' ignored");
    assert_null(xk_config_warning(cfg, 1));
}

static void carried_options(void **state)
{
    (void)state;
    assert_int_equal(parse(PV "pci=['0000:01:00.0']\nvtpm=[]\n"
                           "passthrough='enabled'\n"), 0);
    assert_int_equal(cfg->num_carried, 2);
    assert_string_equal(cfg->carried[0].key, "pci");
    assert_int_equal(cfg->carried[0].loc.line, 3);
    assert_string_equal(cfg->carried[0].items.v[0], "0000:01:00.0");
    assert_int_equal(parse(PV "pci='0000:01:00.0'\n"), XK_ECONFIG);
    assert_int_equal(parse(PV "passthrough='maybe'\n"), XK_ECONFIG);
}

static void overrides(void **state)
{
    (void)state;
    const char *ov[] = { "memory=512", "name=\"other\"" };
    assert_int_equal(parse_ov(PV "memory=128\n", ov, 2), 0);
    assert_int_equal(cfg->target_memkb, 512 * 1024);
    assert_string_equal(cfg->name, "other");
    const struct xk_cfg_loc *loc = xk__config_loc(cfg, "memory");
    assert_non_null(loc);
    assert_string_equal(loc->file, "command line");
    assert_int_equal(loc->line, 1);
    const char *bad[] = { "memory=lots" };
    assert_int_equal(parse_ov(PV, bad, 1), XK_ECONFIG);
    assert_string_equal(xk_ctx_last_error(ctx), "command line:1:8: memory: "
                        "found `lots', expected a value (a number, a quoted "
                        "string or a [list]; words must be quoted)");
}

static void error_helpers_name_the_place(void **state)
{
    (void)state;
    assert_int_equal(parse(PV "memory = 64\n"), 0);
    assert_int_equal(xk__config_error_at(ctx, cfg, "kernel", XK_ENOENT,
                                         "no such file"), XK_ENOENT);
    assert_string_equal(xk_ctx_last_error(ctx), "t.cfg:2:1: kernel: no such "
                        "file");
    xk__config_error_at(ctx, cfg, "ramdisk", XK_EUNSUPPORTED, "x");
    assert_string_equal(xk_ctx_last_error(ctx), "t.cfg: ramdisk: x");
}

static void file_errors(void **state)
{
    (void)state;
    xk_domain_config *c = NULL;
    assert_int_equal(xk_config_parse_file(ctx, "/nonexistent/x.cfg", NULL, 0,
                                          &c), XK_ENOENT);
    assert_null(c);
    assert_string_equal(xk_ctx_last_error(ctx), "/nonexistent/x.cfg: cannot "
                        "read the configuration: No such file or directory");
    assert_int_equal(xk_config_parse_file(ctx, "/dev/null", NULL, 0, &c),
                     XK_ECONFIG);
    const char *ov[] = { "name='n'", "kernel='/k'" };
    assert_int_equal(xk_config_parse_file(ctx, "/dev/null", ov, 2, &c), 0);
    assert_string_equal(xk_config_name(c), "n");
    xk_config_free(c);
    xk_config_free(NULL);
}

static void xl_conf_defaults(void **state)
{
    (void)state;
    char path[] = "/tmp/xk-xlconf-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *conf = "# xl.conf\nrun_hotplug_scripts = 0\nclaim_mode = 0\n"
        "vif.default.bridge = \"br9\"\nvifscript = \"vif-old\"\n"
        "vif.default.script = \"vif-new\"\nmax_grant_frames = 48\n"
        "max_grant_frames = 40\nblkdev_start = \"xvdb\"\n";
    assert_int_equal(write(fd, conf, strlen(conf)), (ssize_t)strlen(conf));
    close(fd);
    assert_int_equal(parse(PV "vif=['', 'bridge=mine']\n"
                           "max_maptrack_frames=7\n"), 0);
    assert_int_equal(xk_config_apply_xl_conf(ctx, cfg, path), 0);
    assert_int_equal(cfg->run_hotplug_scripts, XK_DEFBOOL_FALSE);
    assert_int_equal(cfg->claim_mode, XK_DEFBOOL_FALSE);
    assert_string_equal(cfg->vifs[0].bridge, "br9");
    assert_string_equal(cfg->vifs[1].bridge, "mine");
    assert_string_equal(cfg->vifs[0].script, "vif-new");
    assert_int_equal(cfg->max_grant_frames, 40);
    assert_int_equal(cfg->max_maptrack_frames, 7);
    assert_string_equal(cfg->blkdev_start, "xvdb");
    assert_int_equal(xk_config_warning_count(cfg), 1);
    char want[256];
    snprintf(want, sizeof(want), "%s:5:1: warning: vifscript is deprecated; "
             "use vif.default.script", path);
    assert_string_equal(xk_config_warning(cfg, 0), want);
    /* a broken xl.conf is an error; a missing one changes nothing */
    fd = open(path, O_WRONLY | O_TRUNC);
    assert_int_equal(write(fd, "claim_mode = yes\n", 17), 17);
    close(fd);
    assert_int_equal(xk_config_apply_xl_conf(ctx, cfg, path), XK_ECONFIG);
    unlink(path);
    assert_int_equal(xk_config_apply_xl_conf(ctx, cfg, path), 0);
}

/* xl.conf is read whole whatever its size says: a pipe has none, so its
 * buffer grows; a megabyte or more is refused. */
static void xl_conf_sizes(void **state)
{
    (void)state;
    char dir[] = "/tmp/xk-xlconf-XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/fifo", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int w = open(path, O_WRONLY);
        char line[64];
        memset(line, '#', sizeof(line) - 1);
        line[sizeof(line) - 1] = '\n';
        for (int i = 0; i < 300; i++)       /* 19 KB of comments */
            if (write(w, line, sizeof(line)) != (ssize_t)sizeof(line))
                _exit(1);
        const char *last = "blkdev_start = \"xvdq\"\n";
        _exit(write(w, last, strlen(last)) == (ssize_t)strlen(last) ? 0 : 1);
    }
    assert_int_equal(parse(PV), 0);
    assert_int_equal(xk_config_apply_xl_conf(ctx, cfg, path), 0);
    assert_string_equal(cfg->blkdev_start, "xvdq");
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    unlink(path);

    snprintf(path, sizeof(path), "%s/big", dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, 1 << 20), 0);
    close(fd);
    assert_int_equal(xk_config_apply_xl_conf(ctx, cfg, path), XK_ECONFIG);
    char want[128];
    snprintf(want, sizeof(want), "%s: larger than 1048576 bytes", path);
    assert_string_equal(xk_ctx_last_error(ctx), want);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults_as_xl),
        cmocka_unit_test(memory_and_vcpus),
        cmocka_unit_test(type_and_builder),
        cmocka_unit_test(name_uuid_kernel),
        cmocka_unit_test(cmdline_root_extra),
        cmocka_unit_test(actions),
        cmocka_unit_test(cpus),
        cmocka_unit_test(hvm_options),
        cmocka_unit_test(pv_vnc_makes_a_vfb),
        cmocka_unit_test(unknown_keys_warn),
        cmocka_unit_test(carried_options),
        cmocka_unit_test(overrides),
        cmocka_unit_test(error_helpers_name_the_place),
        cmocka_unit_test(file_errors),
        cmocka_unit_test(xl_conf_defaults),
        cmocka_unit_test(xl_conf_sizes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

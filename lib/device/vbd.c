/*
 * vbd.c: adding a virtual block device to a PV guest: choosing the backend,
 * binding an image to a loop device, writing the nodes blkback reads, and
 * waiting until blkback holds the device.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "core/context.h"
#include "device/internal.h"
#include "device/sharing.h"

static const char *format_name(enum xk__disk_format f)
{
    switch (f) {
    case XK__DISK_RAW:   return "raw";
    case XK__DISK_QCOW:  return "qcow";
    case XK__DISK_QCOW2: return "qcow2";
    case XK__DISK_VHD:   return "vhd";
    case XK__DISK_QED:   return "qed";
    case XK__DISK_EMPTY: return "empty";
    }
    return "unknown";
}

/* What the kernel backend is given, once the target has been looked at. */
struct vbd_plan {
    int devid;
    bool use_loop;          /* an image file: bind it to a loop device */
    bool use_script;        /* a script= does the set-up */
    unsigned major, minor;  /* a block device given directly */
    char script[512];
};

static int plan(xk_ctx *ctx, uint32_t domid, const struct xk__vbd *d,
                struct vbd_plan *pl)
{
    memset(pl, 0, sizeof(*pl));
    const char *vdev = d->vdev ? d->vdev : "";
    pl->devid = xk__vdev_to_devid(vdev, NULL, NULL);
    if (pl->devid < 0)
        return xk__error(ctx, XK_ECONFIG, "invalid or unsupported virtual "
                         "disk identifier \"%s\"", vdev);
    bool empty = d->format == XK__DISK_EMPTY || !d->target || !d->target[0];
    if (empty && !d->cdrom)
        return xk__error(ctx, XK_ECONFIG, "disk %s has no target but is not "
                         "a cdrom", vdev);
    if (empty)
        return xk__error(ctx, XK_EUNSUPPORTED, "disk %s: an empty cdrom "
                         "drive needs QEMU's qdisk backend, which xenkit does "
                         "not run yet", vdev);
    if (d->backend_domid != 0)
        return xk__error(ctx, XK_EUNSUPPORTED, "disk %s: backends in driver "
                         "domains (backend=%u) are not supported yet", vdev,
                         d->backend_domid);
    if (d->backend == XK__BACKEND_TAP)
        return xk__error(ctx, XK_EUNSUPPORTED, "disk %s: blktap is not "
                         "supported", vdev);
    if (d->backend == XK__BACKEND_QDISK || d->format != XK__DISK_RAW)
        return xk__error(ctx, XK_EUNSUPPORTED, "disk %s: format %s needs "
                         "QEMU's qdisk backend, which xenkit does not run "
                         "yet; use a raw image (qemu-img convert -O raw)",
                         vdev, format_name(d->format));
    (void)domid;

    if (d->script && d->script[0]) {
        /* The script finds and claims the device itself, as with xl. */
        pl->use_script = true;
        return xk__hotplug_path(ctx, d->script, pl->script, sizeof(pl->script));
    }

    struct stat st;
    if (stat(d->target, &st) < 0)
        return xk__error(ctx, errno == ENOENT ? XK_ENOENT : XK_EIO,
                         "disk %s: cannot use %s: %s", vdev, d->target,
                         strerror(errno));
    if (S_ISBLK(st.st_mode)) {
        pl->major = major(st.st_rdev);
        pl->minor = minor(st.st_rdev);
    } else if (S_ISREG(st.st_mode)) {
        pl->use_loop = true;
    } else {
        return xk__error(ctx, XK_ECONFIG, "disk %s: %s is neither a block "
                         "device nor a regular file", vdev, d->target);
    }
    return 0;
}

/* Waiting for blkback: done once it has opened the device (its sysfs
 * "physical_device" appears then), failed if it gave up (Closing/Closed). */
struct held_wait {
    const struct xk__devpaths *p;
    uint32_t domid;
    int devid;
    const char *bkind;
};

static int blkback_holds(xk_ctx *ctx, void *arg)
{
    struct held_wait *w = arg;
    if (xk__backend_sysfs_exists(w->bkind, w->domid, w->devid,
                                 "physical_device"))
        return 1;
    long state = xk__read_num(ctx, w->p->backend, "state");
    if (state >= 5)
        return XK_EIO;
    return 0;
}

static int state_at_least(xk_ctx *ctx, void *arg)
{
    struct held_wait *w = arg;
    long state = xk__read_num(ctx, w->p->backend, "state");
    if (state >= 5)
        return XK_EIO;
    return state >= 2;
}

int xk__device_add_vbd(xk_ctx *ctx, uint32_t domid, const struct xk__vbd *d)
{
    struct vbd_plan pl;
    int rc = plan(ctx, domid, d, &pl);
    if (rc)
        return rc;
    const char *vdev = d->vdev;

    if (!pl.use_script) {
        rc = xk__disk_sharing_check(ctx, domid, d->target, vdev, d->readwrite);
        if (rc)
            return rc;
    }

    struct xk__loop lo = { .fd = -1 };
    if (pl.use_loop) {
        rc = xk__loop_attach(ctx, d->target, !d->readwrite, &lo);
        if (rc)
            return rc;
        pl.major = lo.major;
        pl.minor = lo.minor;
    }

    struct xk__devpaths p;
    xk__devpaths(&p, domid, d->backend_domid, "vbd", "vbd", pl.devid);

    char s_domid[16], s_backend[16], s_devid[16], physdev[32], loopinfo[96];
    snprintf(s_domid, sizeof(s_domid), "%u", domid);
    snprintf(s_backend, sizeof(s_backend), "%u", d->backend_domid);
    snprintf(s_devid, sizeof(s_devid), "%d", pl.devid);
    snprintf(physdev, sizeof(physdev), "%x:%x", pl.major, pl.minor);
    const char *devtype = d->cdrom ? "cdrom" : "disk";
    int discard = d->discard < 0 ? d->readwrite : d->discard;

    struct xk__kv back[24];
    size_t nb = 0;
#define BACK(k, v) (back[nb].name = (k), back[nb].value = (v), nb++)
    BACK("params", d->target);
    BACK("frontend-id", s_domid);
    BACK("online", "1");
    BACK("removable", d->cdrom ? "1" : "0");
    BACK("bootable", "1");
    BACK("state", "1");
    BACK("dev", vdev);
    BACK("type", "phy");
    BACK("mode", d->readwrite ? "w" : "r");
    BACK("device-type", devtype);
    BACK("discard-enable", discard ? "1" : "0");
    BACK("specification", "xen");
    if (d->direct_io_safe)
        BACK("direct-io-safe", "1");
    if (pl.use_script) {
        BACK("script", pl.script);
    } else {
        /* What a hotplug script would have written: blkback opens the
         * device as soon as physical-device is there. */
        BACK("physical-device", physdev);
        BACK("physical-device-path", pl.use_loop ? lo.path : d->target);
        if (pl.use_loop)
            BACK("node", lo.path);
    }
    back[nb].name = NULL;
#undef BACK

    struct xk__kv front[] = {
        { "backend-id", s_backend },
        { "state", "1" },
        { "virtual-device", s_devid },
        { "device-type", devtype },
        { "trusted", d->untrusted ? "0" : "1" },
        { NULL, NULL },
    };
    /* Enough to find and unbind our loop device at teardown, and only it:
     * the number alone could by then name someone else's. */
    snprintf(loopinfo, sizeof(loopinfo), "%s %llu %llu", lo.path,
             (unsigned long long)lo.backing_dev,
             (unsigned long long)lo.backing_ino);
    struct xk__kv extra[] = {
        { pl.use_loop ? "xenkit-loop" : NULL, loopinfo },
        { NULL, NULL },
    };

    rc = xk__device_write_nodes(ctx, domid, d->backend_domid, &p, back, front,
                                extra);
    if (rc) {
        xk__loop_release(&lo);
        return rc == XK_EEXIST
            ? xk__error(ctx, XK_EEXIST, "disk %s already exists in domain %u",
                        vdev, domid)
            : rc;
    }

    struct held_wait hw = { &p, domid, pl.devid, "vbd" };
    if (pl.use_script) {
        rc = xk__wait(ctx, p.backend, XK__DEVICE_INIT_TIMEOUT_MS, 100,
                      state_at_least, &hw);
        if (rc == 0)
            rc = xk__hotplug_run(ctx, pl.script, "add", "vbd", domid, pl.devid,
                                 p.backend);
        else if (rc == XK_ETIMEDOUT)
            rc = xk__error(ctx, XK_ETIMEDOUT, "disk %s: the block backend did "
                           "not start within %d s (is xen-blkback loaded?)",
                           vdev, XK__DEVICE_INIT_TIMEOUT_MS / 1000);
        else if (rc == XK_EIO)
            rc = xk__backend_failed(ctx, &p, "disk", vdev);
    } else {
        /* xl's budget: 10 s for blkback to take up the device, then what a
         * script would get (40 s) for it to open it: a loaded host is slow. */
        rc = xk__wait(ctx, p.backend, XK__DEVICE_INIT_TIMEOUT_MS, 20,
                      state_at_least, &hw);
        if (rc == XK_ETIMEDOUT)
            rc = xk__error(ctx, XK_ETIMEDOUT, "disk %s: the block backend did "
                           "not start within %d s (is xen-blkback loaded?)",
                           vdev, XK__DEVICE_INIT_TIMEOUT_MS / 1000);
        if (rc == 0) {
            rc = xk__wait(ctx, p.backend, XK__DEVICE_SCRIPT_TIMEOUT_MS, 20,
                          blkback_holds, &hw);
            if (rc == XK_ETIMEDOUT)
                rc = xk__error(ctx, XK_ETIMEDOUT, "disk %s: the block backend "
                               "did not open %s within %d s", vdev,
                               pl.use_loop ? lo.path : d->target,
                               XK__DEVICE_SCRIPT_TIMEOUT_MS / 1000);
        }
        if (rc == XK_EIO)
            rc = xk__backend_failed(ctx, &p, "disk", vdev);
        if (rc == 0) {
            char path[160];
            snprintf(path, sizeof(path), "%s/hotplug-status", p.backend);
            rc = xk__store_write(ctx, XK_STORE_NOTXN, path, "connected");
        }
    }

    /* blkback holds the loop device now (or we are undoing): from here the
     * kernel frees it when blkback lets go. */
    xk__loop_release(&lo);
    if (rc) {
        int saved = rc;
        char msg[sizeof(ctx->last_error)];
        memcpy(msg, ctx->last_error, sizeof(msg));
        xk__device_remove(ctx, domid, "vbd", pl.devid, XK__REMOVE_FORCE);
        ctx->last_code = saved;
        memcpy(ctx->last_error, msg, sizeof(msg));
        return saved;
    }
    return 0;
}

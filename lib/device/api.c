/* api.c: the public entry points of the device layer (xk_disk_*, xk_nic_*). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/build.h"
#include "core/context.h"
#include "device/internal.h"

/* Hot-plug specs come from xl's command line, parsed by the config layer
 * exactly as a config file's disk = [...] and vif = [...] entries. */
static const struct xk_cfg_loc cmdline_loc = { "command line", 1, 0 };

/* Whether the toolstack's record of a device exists. */
static bool have_record(xk_ctx *ctx, uint32_t domid, const char *kind,
                        int devid)
{
    char path[80];
    snprintf(path, sizeof(path), "/libxl/%u/device/%s/%d", domid, kind, devid);
    char *v = NULL;
    int rc = xk__store_read(ctx, XK_STORE_NOTXN, path, &v, NULL);
    free(v);
    return rc == 0;
}

/* A domain that is not there gets a clear message, not a xenstore one. */
static int check_domain(xk_ctx *ctx, uint32_t domid)
{
    char path[48];
    snprintf(path, sizeof(path), "/local/domain/%u", domid);
    char *v = NULL;
    int rc = xk__store_read(ctx, XK_STORE_NOTXN, path, &v, NULL);
    free(v);
    if (rc == XK_ENOENT)
        return xk__error(ctx, XK_ENOENT, "there is no domain %u", domid);
    return rc;
}

int xk_disk_attach(xk_ctx *ctx, uint32_t domid, const char *spec)
{
    if (!ctx || !spec)
        return XK_EINVAL;
    xk__clear_error(ctx);
    struct xk__build b = { .ctx = ctx };
    struct xk_disk_spec d;
    int rc = xk__disk_spec_parse(&b, spec, &cmdline_loc, &d);
    if (!rc)
        rc = check_domain(ctx, domid);
    if (!rc)
        rc = xk__device_add_disk(ctx, domid, &d);
    xk__disk_spec_dispose(&d);
    return rc;
}

int xk_disk_detach(xk_ctx *ctx, uint32_t domid, const char *vdev,
                   unsigned flags)
{
    if (!ctx || !vdev || (flags & ~XK_DEVICE_FORCE))
        return XK_EINVAL;
    xk__clear_error(ctx);
    int devid = xk__vdev_to_devid(vdev, NULL, NULL);
    if (devid < 0)
        return xk__error(ctx, XK_EINVAL, "invalid virtual disk identifier "
                         "\"%s\"", vdev);
    if (!have_record(ctx, domid, "vbd", devid))
        return xk__error(ctx, XK_ENOENT, "domain %u has no disk %s", domid,
                         vdev);
    return xk__device_remove(ctx, domid, "vbd", devid,
                             flags & XK_DEVICE_FORCE ? XK__REMOVE_FORCE
                                                     : XK__REMOVE_SAFE);
}

int xk_nic_attach(xk_ctx *ctx, uint32_t domid, const char *spec, int *devid_r)
{
    if (!ctx || !spec)
        return XK_EINVAL;
    xk__clear_error(ctx);
    struct xk__build b = { .ctx = ctx };
    struct xk_vif_spec v = { .devid = -1 };
    int rc = xk__vif_spec_parse(&b, spec, &cmdline_loc, &v);
    if (!rc)
        rc = check_domain(ctx, domid);
    if (!rc)
        rc = xk__device_add_nic(ctx, domid, &v);
    if (!rc && devid_r)
        *devid_r = v.devid;
    xk__vif_spec_dispose(&v);
    return rc;
}

int xk_nic_detach(xk_ctx *ctx, uint32_t domid, const char *devid_or_mac,
                  unsigned flags)
{
    if (!ctx || !devid_or_mac || (flags & ~XK_DEVICE_FORCE))
        return XK_EINVAL;
    xk__clear_error(ctx);
    int devid = -1;
    if (strchr(devid_or_mac, ':')) {
        uint8_t mac[6];
        if (xk__mac_parse(devid_or_mac, mac))
            return xk__error(ctx, XK_EINVAL, "invalid MAC address \"%s\"",
                             devid_or_mac);
        xk_nic_info *list;
        size_t n;
        int rc = xk_nic_list(ctx, domid, &list, &n);
        if (rc)
            return rc;
        for (size_t i = 0; i < n && devid < 0; i++)
            if (memcmp(list[i].mac, mac, 6) == 0)
                devid = list[i].devid;
        free(list);
    } else {
        char *end;
        long id = strtol(devid_or_mac, &end, 10);
        if (devid_or_mac[0] < '0' || devid_or_mac[0] > '9' || *end ||
            id > 0x7fffffffL)
            return xk__error(ctx, XK_EINVAL, "invalid NIC \"%s\": give its "
                             "index or MAC address", devid_or_mac);
        if (have_record(ctx, domid, "vif", (int)id))
            devid = (int)id;
    }
    if (devid < 0)
        return xk__error(ctx, XK_ENOENT, "domain %u has no NIC %s", domid,
                         devid_or_mac);
    return xk__device_remove(ctx, domid, "vif", devid,
                             flags & XK_DEVICE_FORCE ? XK__REMOVE_FORCE
                                                     : XK__REMOVE_AUTO);
}

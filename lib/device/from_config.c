/*
 * from_config.c: the entry points domain creation calls with the parsed
 * config's disk and vif specs (lib/config/domain_config.h), translated to
 * the device layer's descriptors.
 */
#include <string.h>

#include "config/domain_config.h"
#include "core/context.h"
#include "device/device.h"

/* backend= names a domain; 0 when absent. */
static int backend_domid(xk_ctx *ctx, const char *name, uint32_t *domid_r)
{
    *domid_r = 0;
    if (!name || !*name)
        return 0;
    if (xk_domain_lookup(ctx, name, domid_r) != 0)
        return xk__error(ctx, XK_ECONFIG, "backend domain %s does not exist",
                         name);
    return 0;
}

int xk__device_add_disk(xk_ctx *ctx, uint32_t domid,
                        const struct xk_disk_spec *s)
{
    struct xk__vbd d;
    memset(&d, 0, sizeof(d));
    const char *vdev = s->vdev ? s->vdev : "";
    if (s->specification == XK_DISK_SPEC_VIRTIO ||
        s->backend == XK_DISK_BACKEND_STANDALONE)
        return xk__error(ctx, XK_EUNSUPPORTED, "disk %s: virtio disks are "
                         "not supported", vdev);
    if (xk_defbool_val(s->colo_enable, false))
        return xk__error(ctx, XK_EUNSUPPORTED, "disk %s: COLO disks are not "
                         "supported", vdev);
    d.target = s->pdev_path;
    d.vdev = s->vdev;
    d.script = s->script;
    switch (s->format) {
    case XK_DISK_FORMAT_QCOW:  d.format = XK__DISK_QCOW; break;
    case XK_DISK_FORMAT_QCOW2: d.format = XK__DISK_QCOW2; break;
    case XK_DISK_FORMAT_VHD:   d.format = XK__DISK_VHD; break;
    case XK_DISK_FORMAT_QED:   d.format = XK__DISK_QED; break;
    case XK_DISK_FORMAT_EMPTY: d.format = XK__DISK_EMPTY; break;
    default:                   d.format = XK__DISK_RAW; break;
    }
    switch (s->backend) {
    case XK_DISK_BACKEND_PHY:   d.backend = XK__BACKEND_PHY; break;
    case XK_DISK_BACKEND_TAP:   d.backend = XK__BACKEND_TAP; break;
    case XK_DISK_BACKEND_QDISK: d.backend = XK__BACKEND_QDISK; break;
    default:                    d.backend = XK__BACKEND_AUTO; break;
    }
    d.readwrite = s->readwrite != 0;
    d.cdrom = s->is_cdrom != 0;
    d.direct_io_safe = s->direct_io_safe;
    d.discard = s->discard_enable == XK_DEFBOOL_DEFAULT ? -1
              : s->discard_enable > 0;
    d.untrusted = !xk_defbool_val(s->trusted, true);
    int rc = backend_domid(ctx, s->backend_domname, &d.backend_domid);
    if (rc)
        return rc;
    return xk__device_add_vbd(ctx, domid, &d);
}

int xk__device_add_nic(xk_ctx *ctx, uint32_t domid, struct xk_vif_spec *s)
{
    struct xk__vif v;
    memset(&v, 0, sizeof(v));
    if (s->nictype == XK_NIC_TYPE_VIF_IOEMU)
        return xk__error(ctx, XK_ECONFIG, "vif %d: type=ioemu is an emulated "
                         "NIC, which a PV guest cannot have", s->devid);
    v.devid = s->devid;
    v.has_mac = s->mac_set;
    memcpy(v.mac, s->mac, 6);
    v.bridge = s->bridge;
    v.ip = s->ip;
    v.vifname = s->ifname;
    v.script = s->script;
    v.gatewaydev = s->gatewaydev;
    v.mtu = s->mtu > 0 ? (unsigned)s->mtu : 0;
    v.rate_bytes_per_interval = s->rate_bytes_per_interval;
    v.rate_interval_usecs = s->rate_interval_usecs;
    v.untrusted = !xk_defbool_val(s->trusted, true);
    int rc = backend_domid(ctx, s->backend_domname, &v.backend_domid);
    if (rc)
        return rc;
    rc = xk__device_add_vif(ctx, domid, &v);
    /* The generated MAC stays the domain's for its whole life (reboots
     * included): hand it back for the saved config. */
    if (v.has_mac && !s->mac_set) {
        memcpy(s->mac, v.mac, 6);
        s->mac_set = true;
    }
    if (s->devid < 0)
        s->devid = v.devid;
    return rc;
}

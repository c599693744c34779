/*
 * json_devices.c: the device arrays of libxl's domain-configuration JSON
 * (disks, nics, vfbs with their vkbs, channels), in IDL field order with
 * libxl's defaults left out.
 */
#include <stdio.h>
#include <string.h>

#include "config/json_out.h"

static const char *const format_names[] = { "unknown", "qcow", "qcow2",
    "vhd", "raw", "empty", "qed" };
static const char *const backend_names[] = { "unknown", "phy", "tap",
    "qdisk", "standalone" };
static const char *const spec_names[] = { "unknown", "xen", "virtio" };

static json_t *disk(const struct xk_disk_spec *d)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    if (xk__jstr(o, "backend_domname", d->backend_domname) ||
        xk__jstr(o, "pdev_path", d->pdev_path) ||
        xk__jstr(o, "vdev", d->vdev) ||
        xk__jenum(o, "backend", d->backend, 0, backend_names, 0) ||
        xk__jenum(o, "format", d->format, 0, format_names, 0) ||
        xk__jstr(o, "script", d->script) ||
        xk__jint(o, "removable", d->removable, 0) ||
        xk__jint(o, "readwrite", d->readwrite, 0) ||
        xk__jint(o, "is_cdrom", d->is_cdrom, 0) ||
        (d->direct_io_safe && xk__jset(o, "direct_io_safe", json_true())) ||
        xk__jbool(o, "discard_enable", d->discard_enable) ||
        xk__jenum(o, "specification", d->specification, 0, spec_names, 0) ||
        (d->transport && xk__jstr(o, "transport", "mmio")) ||
        xk__jbool(o, "colo_enable", d->colo_enable) ||
        xk__jbool(o, "colo_restore_enable", d->colo_restore_enable) ||
        xk__jstr(o, "colo_host", d->colo_host) ||
        xk__jint(o, "colo_port", d->colo_port, 0) ||
        xk__jstr(o, "colo_export", d->colo_export) ||
        xk__jstr(o, "active_disk", d->active_disk) ||
        xk__jstr(o, "hidden_disk", d->hidden_disk) ||
        xk__jbool(o, "trusted", d->trusted)) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static const char *const nictype_names[] = { "unknown", "vif_ioemu", "vif" };

static json_t *nic(const struct xk_vif_spec *v)
{
    json_t *o = json_object();
    char mac[18];
    if (!o)
        return NULL;
    snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", v->mac[0],
             v->mac[1], v->mac[2], v->mac[3], v->mac[4], v->mac[5]);
    static const uint8_t zero[6];
    if (xk__jstr(o, "backend_domname", v->backend_domname) ||
        xk__jint(o, "devid", v->devid, -1) ||
        xk__jint(o, "mtu", v->mtu, 0) ||
        xk__jstr(o, "model", v->model) ||
        (memcmp(v->mac, zero, 6) && xk__jstr(o, "mac", mac)) ||
        xk__jstr(o, "ip", v->ip) ||
        xk__jstr(o, "bridge", v->bridge) ||
        xk__jstr(o, "ifname", v->ifname) ||
        xk__jstr(o, "script", v->script) ||
        xk__jenum(o, "nictype", v->nictype, 0, nictype_names, 0) ||
        xk__jint(o, "rate_bytes_per_interval",
                 (long long)v->rate_bytes_per_interval, 0) ||
        xk__jint(o, "rate_interval_usecs", v->rate_interval_usecs, 0) ||
        xk__jstr(o, "gatewaydev", v->gatewaydev) ||
        xk__jbool(o, "trusted", v->trusted)) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *vfb(const struct xk_vfb_spec *f)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    if (xk__jstr(o, "backend_domname", f->backend_domname) ||
        xk__jint(o, "devid", f->devid, -1) ||
        xk__jset(o, "vnc", xk__jvnc(&f->vnc)) ||
        xk__jset(o, "sdl", xk__jsdl(&f->sdl)) ||
        xk__jstr(o, "keymap", f->keymap)) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* xl adds a virtual keyboard beside each framebuffer. */
static json_t *vkb(const struct xk_vfb_spec *f)
{
    json_t *o = json_object();
    if (!o || xk__jint(o, "devid", f->devid, -1)) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *channel(const struct xk_channel_spec *ch)
{
    static const char *const conn[] = { "unknown", "pty", "socket" };
    json_t *o = json_object(), *u;
    char key[32];
    if (!o)
        return NULL;
    snprintf(key, sizeof(key), "connection.%s", conn[ch->connection]);
    if (xk__jstr(o, "backend_domname", ch->backend_domname) ||
        xk__jint(o, "devid", ch->devid, -1) ||
        xk__jstr(o, "name", ch->name) ||
        xk__jset(o, key, u = json_object()) ||
        (ch->connection == XK_CHANNEL_SOCKET &&
         xk__jstr(u, "path", ch->path))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* An option xenkit carries (pci, vtpm...), as xl's JSON prints it. */
static int carried(json_t *root, const struct xk_domain_config *c,
                   const char *key)
{
    json_t *a = xk__carried_json(c, key);
    return a ? xk__jset(root, key, a) : 0;
}

#define ARRAY(key, n, make)                                         \
    do {                                                            \
        if (n) {                                                    \
            json_t *a_ = json_array();                              \
            if (xk__jset(root, (key), a_))                          \
                return -1;                                          \
            for (size_t i = 0; i < (n); i++)                        \
                if (json_array_append_new(a_, (make)) < 0)          \
                    return -1;                                      \
        }                                                           \
    } while (0)

int xk__json_devices(json_t *root, const struct xk_domain_config *c)
{
    ARRAY("disks", c->num_disks, disk(&c->disks[i]));
    ARRAY("nics", c->num_vifs, nic(&c->vifs[i]));
    if (carried(root, c, "pcidevs") || carried(root, c, "dtdevs"))
        return -1;
    ARRAY("vfbs", c->num_vfbs, vfb(&c->vfbs[i]));
    ARRAY("vkbs", c->num_vfbs, vkb(&c->vfbs[i]));
    if (carried(root, c, "vtpms") || carried(root, c, "p9s"))
        return -1;
    ARRAY("channels", c->num_channels, channel(&c->channels[i]));
    if (carried(root, c, "usbctrls") || carried(root, c, "usbdevs"))
        return -1;
    return 0;
}

/*
 * info.c: what block-list and network-list show of a domain's devices.
 * The list comes from the toolstack's record; state, event channel and
 * ring references come from the guest's frontend area and are shown only,
 * as bounded numbers (-1 when absent or not a number).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "device/internal.h"

/* The device numbers under /libxl/D/device/KIND, in xenstore's order (which
 * is the order xl lists them in). */
static int record_ids(xk_ctx *ctx, uint32_t domid, const char *kind,
                      int **ids_r, size_t *n_r)
{
    char dir[64];
    snprintf(dir, sizeof(dir), "/libxl/%u/device/%s", domid, kind);
    char **e = NULL;
    unsigned ne = 0;
    *ids_r = NULL;
    *n_r = 0;
    int rc = xk__store_directory(ctx, XK_STORE_NOTXN, dir, &e, &ne);
    if (rc == XK_ENOENT)
        return 0;
    if (rc)
        return rc;
    int *ids = calloc(ne ? ne : 1, sizeof(*ids));
    if (!ids) {
        free(e);
        return xk__error(ctx, XK_ENOMEM, "out of memory listing devices");
    }
    size_t n = 0;
    for (unsigned i = 0; i < ne; i++) {
        char *end;
        long id = strtol(e[i], &end, 10);
        if (!*end && id >= 0 && id <= 0x7fffffffL)
            ids[n++] = (int)id;
    }
    free(e);
    *ids_r = ids;
    *n_r = n;
    return 0;
}

int xk_disk_list(xk_ctx *ctx, uint32_t domid, xk_disk_info **list_r,
                 size_t *n_r)
{
    if (!ctx || !list_r || !n_r)
        return XK_EINVAL;
    xk__clear_error(ctx);
    *list_r = NULL;
    *n_r = 0;
    int *ids;
    size_t n;
    int rc = record_ids(ctx, domid, "vbd", &ids, &n);
    if (rc)
        return rc;
    xk_disk_info *list = calloc(n ? n : 1, sizeof(*list));
    if (!list) {
        free(ids);
        return xk__error(ctx, XK_ENOMEM, "out of memory listing disks");
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        struct xk__devpaths p;
        uint32_t backend;
        if (xk__devpaths_from_record(ctx, domid, "vbd", ids[i], &p, &backend))
            continue; /* xl skips a device it cannot read, too */
        xk_disk_info *d = &list[k++];
        d->devid = ids[i];
        d->backend_id = backend;
        d->frontend_id = domid;
        snprintf(d->backend, sizeof(d->backend), "%s", p.backend);
        xk__read_opt(ctx, p.record, "dev", d->vdev, sizeof(d->vdev));
        xk__read_opt(ctx, p.record, "params", d->target, sizeof(d->target));
        char mode[8];
        xk__read_opt(ctx, p.record, "mode", mode, sizeof(mode));
        d->readwrite = strchr(mode, 'w') != NULL;
        d->state = (int)xk__read_num(ctx, p.frontend, "state");
        d->evtch = (int)xk__read_num(ctx, p.frontend, "event-channel");
        d->ring_ref = (int)xk__read_num(ctx, p.frontend, "ring-ref");
    }
    free(ids);
    *list_r = list;
    *n_r = k;
    return 0;
}

int xk_nic_list(xk_ctx *ctx, uint32_t domid, xk_nic_info **list_r,
                size_t *n_r)
{
    if (!ctx || !list_r || !n_r)
        return XK_EINVAL;
    xk__clear_error(ctx);
    *list_r = NULL;
    *n_r = 0;
    int *ids;
    size_t n;
    int rc = record_ids(ctx, domid, "vif", &ids, &n);
    if (rc)
        return rc;
    xk_nic_info *list = calloc(n ? n : 1, sizeof(*list));
    if (!list) {
        free(ids);
        return xk__error(ctx, XK_ENOMEM, "out of memory listing NICs");
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        struct xk__devpaths p;
        uint32_t backend;
        if (xk__devpaths_from_record(ctx, domid, "vif", ids[i], &p, &backend))
            continue;
        xk_nic_info *v = &list[k++];
        long handle = xk__read_num(ctx, p.record, "handle");
        v->devid = handle >= 0 ? (int)handle : ids[i];
        v->backend_id = backend;
        v->frontend_id = domid;
        snprintf(v->backend, sizeof(v->backend), "%s", p.backend);
        char mac[32];
        xk__read_opt(ctx, p.record, "mac", mac, sizeof(mac));
        if (xk__mac_parse(mac, v->mac))
            memset(v->mac, 0, sizeof(v->mac));
        xk__read_opt(ctx, p.record, "bridge", v->bridge, sizeof(v->bridge));
        xk__read_opt(ctx, p.record, "vifname", v->ifname, sizeof(v->ifname));
        if (!v->ifname[0])
            snprintf(v->ifname, sizeof(v->ifname), "vif%u.%d", domid, ids[i]);
        v->state = (int)xk__read_num(ctx, p.frontend, "state");
        v->evtch = (int)xk__read_num(ctx, p.frontend, "event-channel");
        v->tx_ring_ref = (int)xk__read_num(ctx, p.frontend, "tx-ring-ref");
        v->rx_ring_ref = (int)xk__read_num(ctx, p.frontend, "rx-ring-ref");
    }
    free(ids);
    *list_r = list;
    *n_r = k;
    return 0;
}

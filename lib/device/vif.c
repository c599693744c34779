/*
 * vif.c: adding a virtual NIC to a PV guest: the nodes netback reads, then
 * its vifD.N interface renamed if asked, put into the bridge and brought up
 * over netlink (or handed to a script=), then netback told to connect.
 */
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "device/internal.h"

#define DEFAULT_BRIDGE "xenbr0"
#define DEFAULT_MTU 1500

/* The next free NIC index: one past the highest the record knows. */
static int next_devid(xk_ctx *ctx, uint32_t domid)
{
    char path[64];
    snprintf(path, sizeof(path), "/libxl/%u/device/vif", domid);
    char **e = NULL;
    unsigned n = 0;
    int next = 0;
    if (xk__store_directory(ctx, XK_STORE_NOTXN, path, &e, &n) == 0) {
        for (unsigned i = 0; i < n; i++) {
            char *end;
            long id = strtol(e[i], &end, 10);
            if (!*end && id >= next && id < 0x7fffffff)
                next = (int)id + 1;
        }
    }
    free(e);
    return next;
}

struct vif_wait {
    const struct xk__devpaths *p;
    const char *ifname;
};

/* netback creates vifD.N right after it reaches InitWait. */
static int netback_ready(xk_ctx *ctx, void *arg)
{
    struct vif_wait *w = arg;
    long state = xk__read_num(ctx, w->p->backend, "state");
    if (state >= 5)
        return XK_EIO;
    return state >= 2 && xk__netif_exists(w->ifname);
}

int xk__device_add_vif(xk_ctx *ctx, uint32_t domid, struct xk__vif *v)
{
    int rc;
    const char *bridge = v->bridge && v->bridge[0] ? v->bridge : DEFAULT_BRIDGE;
    bool native = !(v->script && v->script[0]);
    char script[512] = "";

    if (v->backend_domid != 0)
        return xk__error(ctx, XK_EUNSUPPORTED, "vif: backends in driver "
                         "domains (backend=%u) are not supported yet",
                         v->backend_domid);
    if (v->devid < 0)
        v->devid = next_devid(ctx, domid);
    if (!v->has_mac) {
        rc = xk__mac_generate(ctx, v->mac);
        if (rc)
            return rc;
        v->has_mac = true;
    }
    if (v->vifname && v->vifname[0]) {
        if (strlen(v->vifname) >= IFNAMSIZ)
            return xk__error(ctx, XK_ECONFIG, "vifname %s is longer than %d "
                             "characters", v->vifname, IFNAMSIZ - 1);
        if (xk__netif_exists(v->vifname))
            return xk__error(ctx, XK_EEXIST, "vif %d: an interface named %s "
                             "already exists", v->devid, v->vifname);
    }
    if (native) {
        rc = xk__netif_bridge_check(ctx, bridge);
        if (rc)
            return rc;
    } else {
        rc = xk__hotplug_path(ctx, v->script, script, sizeof(script));
        if (rc)
            return rc;
    }

    struct xk__devpaths p;
    xk__devpaths(&p, domid, v->backend_domid, "vif", "vif", v->devid);

    char s_domid[16], s_backend[16], s_devid[16], mac[XK__MAC_STRLEN],
         rate[48], mtu[16];
    snprintf(s_domid, sizeof(s_domid), "%u", domid);
    snprintf(s_backend, sizeof(s_backend), "%u", v->backend_domid);
    snprintf(s_devid, sizeof(s_devid), "%d", v->devid);
    xk__mac_format(v->mac, mac);
    snprintf(rate, sizeof(rate), "%llu,%u",
             (unsigned long long)v->rate_bytes_per_interval,
             v->rate_interval_usecs);
    snprintf(mtu, sizeof(mtu), "%u", v->mtu ? v->mtu : DEFAULT_MTU);

    struct xk__kv back[20];
    size_t nb = 0;
#define BACK(k, val) (back[nb].name = (k), back[nb].value = (val), nb++)
    BACK("frontend-id", s_domid);
    BACK("online", "1");
    BACK("state", "1");
    /* netback refuses a device without a script node (it passes it on in
     * its uevent); an empty one means "set up natively" to us. */
    BACK("script", native ? "" : script);
    if (v->vifname && v->vifname[0])
        BACK("vifname", v->vifname);
    BACK("mac", mac);
    if (v->ip && v->ip[0])
        BACK("ip", v->ip);
    if (v->gatewaydev && v->gatewaydev[0])
        BACK("gatewaydev", v->gatewaydev);
    if (v->rate_interval_usecs > 0)
        BACK("rate", rate);
    if (v->mtu && v->mtu != DEFAULT_MTU)
        BACK("mtu", mtu);
    BACK("bridge", bridge);
    BACK("handle", s_devid);
    BACK("type", "vif");
    /* Empty: netback waits for "connected" here before it connects, so the
     * guest sees no link until the port is in its bridge. */
    BACK("hotplug-status", "");
    back[nb].name = NULL;
#undef BACK

    struct xk__kv front[] = {
        { "backend-id", s_backend },
        { "state", "1" },
        { "handle", s_devid },
        { "mac", mac },
        { "mtu", mtu },
        { "trusted", v->untrusted ? "0" : "1" },
        { NULL, NULL },
    };

    rc = xk__device_write_nodes(ctx, domid, v->backend_domid, &p, back, front,
                                NULL);
    if (rc)
        return rc == XK_EEXIST
            ? xk__error(ctx, XK_EEXIST, "vif %d already exists in domain %u",
                        v->devid, domid)
            : rc;

    char ifname[IFNAMSIZ];
    snprintf(ifname, sizeof(ifname), "vif%u.%d", domid, v->devid);
    struct vif_wait w = { &p, ifname };
    rc = xk__wait(ctx, p.backend, XK__DEVICE_INIT_TIMEOUT_MS, 20,
                  netback_ready, &w);
    if (rc == XK_ETIMEDOUT)
        rc = xk__error(ctx, XK_ETIMEDOUT, "vif %d: the network backend did not "
                       "create %s within %d s (is xen-netback loaded?)",
                       v->devid, ifname, XK__DEVICE_INIT_TIMEOUT_MS / 1000);
    else if (rc == XK_EIO)
        rc = xk__backend_failed(ctx, &p, "vif", s_devid);

    if (!rc && native) {
        rc = xk__netif_join_bridge(ctx, ifname, v->vifname, bridge, v->mtu);
        if (!rc) {
            char path[160];
            snprintf(path, sizeof(path), "%s/hotplug-status", p.backend);
            rc = xk__store_write(ctx, XK_STORE_NOTXN, path, "connected");
        }
    } else if (!rc) {
        rc = xk__hotplug_run(ctx, script, "online", "vif", domid, v->devid,
                             p.backend);
    }

    if (rc) {
        int saved = rc;
        char msg[sizeof(ctx->last_error)];
        memcpy(msg, ctx->last_error, sizeof(msg));
        xk__device_remove(ctx, domid, "vif", v->devid, XK__REMOVE_FORCE);
        ctx->last_code = saved;
        memcpy(ctx->last_error, msg, sizeof(msg));
        return saved;
    }
    return 0;
}

/*
 * remove.c: taking devices away from a guest, one (block-detach,
 * network-detach) or all of them (destroy, shutdown, a failed create).
 * What gets released is found from the toolstack's record and the
 * dom0-owned backend area only: the guest can write its frontend area,
 * so nothing there decides what dom0 closes, unbinds or deletes.
 */
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "device/internal.h"

#define MAX_DEVICES 256
#define RELEASE_TIMEOUT_MS 5000

struct dev_rm {
    struct xk__devpaths p;
    char kind[8], bkind[8];  /* frontend and backend kinds */
    uint32_t domid, backend;
    int devid;
    char script[512];      /* from the backend or record: run on removal */
    char ifname[IFNAMSIZ]; /* a vif's dom0 interface */
    bool have_loop;
    char loop_path[32];
    unsigned long long loop_dev, loop_ino;
    bool closed;           /* the backend let go */
};

static void fill_from_dom0(xk_ctx *ctx, struct dev_rm *d)
{
    char buf[128];
    xk__read_opt(ctx, d->p.backend, "script", d->script, sizeof(d->script));
    if (!d->script[0])
        xk__read_opt(ctx, d->p.record, "script", d->script, sizeof(d->script));
    if (strcmp(d->bkind, "vif") == 0) {
        xk__read_opt(ctx, d->p.record, "vifname", buf, sizeof(buf));
        if (!buf[0])
            xk__read_opt(ctx, d->p.backend, "vifname", buf, sizeof(buf));
        if (buf[0] && strlen(buf) < IFNAMSIZ)
            snprintf(d->ifname, sizeof(d->ifname), "%s", buf);
        else
            snprintf(d->ifname, sizeof(d->ifname), "vif%u.%d", d->domid,
                     d->devid);
    }
    xk__read_opt(ctx, d->p.record, "xenkit-loop", buf, sizeof(buf));
    if (buf[0] && sscanf(buf, "%31s %llu %llu", d->loop_path, &d->loop_dev,
                         &d->loop_ino) == 3 &&
        strncmp(d->loop_path, "/dev/loop", 9) == 0)
        d->have_loop = true;
}

/* A device known by its record (or, lacking one, by a dom0 backend). */
static int collect_one(xk_ctx *ctx, uint32_t domid, const char *kind, int devid,
                       const char *bkind_hint, struct dev_rm *d)
{
    memset(d, 0, sizeof(*d));
    d->domid = domid;
    d->devid = devid;
    snprintf(d->kind, sizeof(d->kind), "%s", kind);
    uint32_t backend = 0;
    if (xk__devpaths_from_record(ctx, domid, kind, devid, &d->p, &backend) == 0) {
        const char *k = strstr(d->p.backend, "/backend/") + 9;
        snprintf(d->bkind, sizeof(d->bkind), "%.*s",
                 (int)(strchr(k, '/') - k), k);
    } else {
        const char *bk = bkind_hint ? bkind_hint : kind;
        char probe[128];
        snprintf(probe, sizeof(probe), "/local/domain/0/backend/%s/%u/%d", bk,
                 domid, devid);
        char *v = NULL;
        int rc = xk__store_read(ctx, XK_STORE_NOTXN, probe, &v, NULL);
        free(v);
        if (rc)
            return XK_ENOENT;
        xk__devpaths(&d->p, domid, 0, kind, bk, devid);
        snprintf(d->bkind, sizeof(d->bkind), "%s", bk);
    }
    d->backend = backend;
    fill_from_dom0(ctx, d);
    return 0;
}

/* Asks the backend to close: online=0 and state Closing, unless Closed. */
static void start_close(xk_ctx *ctx, struct dev_rm *d, bool force)
{
    char path[160];
    if (force)
        xk__store_rm(ctx, XK_STORE_NOTXN, d->p.frontend);
    long state = xk__read_num(ctx, d->p.backend, "state");
    if (state < 0)
        return;
    snprintf(path, sizeof(path), "%s/online", d->p.backend);
    xk__store_write(ctx, XK_STORE_NOTXN, path, "0");
    if (state != 6) {
        snprintf(path, sizeof(path), "%s/state", d->p.backend);
        xk__store_write(ctx, XK_STORE_NOTXN, path, "5");
    }
}

struct set_wait {
    struct dev_rm *devs;
    size_t n;
};

static bool kernel_has(const struct dev_rm *d)
{
    return d->backend == 0 &&
           xk__backend_sysfs_exists(d->bkind, d->domid, d->devid, NULL);
}

static int all_closed(xk_ctx *ctx, void *arg)
{
    struct set_wait *w = arg;
    int done = 1;
    for (size_t i = 0; i < w->n; i++) {
        struct dev_rm *d = &w->devs[i];
        if (d->closed)
            continue;
        long state = xk__read_num(ctx, d->p.backend, "state");
        d->closed = state < 0 || state == 6 || !kernel_has(d);
        if (!d->closed)
            done = 0;
    }
    return done;
}

/* After the nodes are gone: the kernel drops the backend, its vif and its
 * hold on the loop device. */
static int all_released(xk_ctx *ctx, void *arg)
{
    (void)ctx;
    struct set_wait *w = arg;
    for (size_t i = 0; i < w->n; i++) {
        struct dev_rm *d = &w->devs[i];
        if (kernel_has(d))
            return 0;
        if (d->ifname[0] && xk__netif_exists(d->ifname))
            return 0;
        if (d->have_loop &&
            xk__loop_bound_to(d->loop_path, d->loop_dev, d->loop_ino))
            return 0;
    }
    return 1;
}

static int remove_set(xk_ctx *ctx, struct dev_rm *devs, size_t n,
                      enum xk__remove_mode mode)
{
    int first = 0;
    struct set_wait w = { devs, n };
    if (!n)
        return 0;

    for (size_t i = 0; i < n; i++)
        start_close(ctx, &devs[i], mode == XK__REMOVE_FORCE);
    int rc = xk__wait(ctx, NULL, XK__DEVICE_REMOVE_TIMEOUT_MS, 20, all_closed, &w);
    if (rc == XK_ETIMEDOUT && mode == XK__REMOVE_SAFE) {
        return xk__error(ctx, XK_ETIMEDOUT, "the guest did not release the "
                         "device %s within %d s", devs[0].p.backend,
                         XK__DEVICE_REMOVE_TIMEOUT_MS / 1000);
    }
    if (rc == XK_ETIMEDOUT) {
        /* The guest ignored us: pull its frontend away, which makes the
         * kernel backend let go without it. */
        for (size_t i = 0; i < n; i++)
            if (!devs[i].closed)
                start_close(ctx, &devs[i], true);
        xk__wait(ctx, NULL, XK__DEVICE_REMOVE_TIMEOUT_MS, 20, all_closed, &w);
    }

    for (size_t i = 0; i < n; i++) {
        struct dev_rm *d = &devs[i];
        if (d->script[0]) {
            const char *action = strcmp(d->bkind, "vif") ? "remove" : "offline";
            rc = xk__hotplug_run(ctx, d->script, action, d->bkind, d->domid,
                                 d->devid, d->p.backend);
            if (rc && !first)
                first = rc;
        }
        rc = xk__device_remove_nodes(ctx, &d->p);
        if (rc && !first)
            first = rc;
    }

    rc = xk__wait(ctx, NULL, RELEASE_TIMEOUT_MS, 20, all_released, &w);
    /* Whatever the kernel still holds now, we release by hand. */
    for (size_t i = 0; i < n; i++) {
        struct dev_rm *d = &devs[i];
        if (d->have_loop)
            xk__loop_detach_if_ours(d->loop_path, d->loop_dev, d->loop_ino);
        if (rc && d->ifname[0] && xk__netif_exists(d->ifname))
            xk__netif_unplug(d->ifname);
    }
    if (rc == XK_ETIMEDOUT && !first) {
        for (size_t i = 0; i < n; i++)
            if (kernel_has(&devs[i]))
                return xk__error(ctx, XK_ETIMEDOUT, "the kernel still has "
                                 "backend %s-%u-%d after %d s", devs[i].bkind,
                                 devs[i].domid, devs[i].devid,
                                 RELEASE_TIMEOUT_MS / 1000);
    }
    return first;
}

int xk__device_remove(xk_ctx *ctx, uint32_t domid, const char *kind,
                      int devid, enum xk__remove_mode mode)
{
    struct dev_rm d;
    int rc = collect_one(ctx, domid, kind, devid, NULL, &d);
    if (rc == XK_ENOENT && strcmp(kind, "vbd") == 0)
        rc = collect_one(ctx, domid, kind, devid, "qdisk", &d);
    if (rc)
        return xk__error(ctx, XK_ENOENT, "domain %u has no %s device %d",
                         domid, kind, devid);
    return remove_set(ctx, &d, 1, mode);
}

/* Adds every device under dir (a record or backend area) not yet listed. */
static int collect_dir(xk_ctx *ctx, uint32_t domid, const char *dir,
                       const char *kind, const char *bkind,
                       struct dev_rm *devs, size_t *n)
{
    char **e = NULL;
    unsigned ne = 0;
    if (xk__store_directory(ctx, XK_STORE_NOTXN, dir, &e, &ne))
        return 0;
    for (unsigned i = 0; i < ne && *n < MAX_DEVICES; i++) {
        char *end;
        long id = strtol(e[i], &end, 10);
        if (*end || id < 0 || id > 0x7fffffffL)
            continue;
        bool seen = false;
        for (size_t j = 0; j < *n && !seen; j++)
            seen = devs[j].devid == id && strcmp(devs[j].kind, kind) == 0;
        if (seen)
            continue;
        if (collect_one(ctx, domid, kind, (int)id, bkind, &devs[*n]) == 0)
            (*n)++;
    }
    free(e);
    return 0;
}

int xk__device_remove_all(xk_ctx *ctx, uint32_t domid)
{
    struct dev_rm *devs = calloc(MAX_DEVICES, sizeof(*devs));
    if (!devs)
        return xk__error(ctx, XK_ENOMEM, "out of memory removing devices");
    size_t n = 0;
    char dir[96];
    static const char *const kinds[][2] = {
        { "vbd", "vbd" }, { "vif", "vif" }, { "vbd", "qdisk" },
    };
    for (size_t k = 0; k < 2; k++) {
        snprintf(dir, sizeof(dir), "/libxl/%u/device/%s", domid, kinds[k][0]);
        collect_dir(ctx, domid, dir, kinds[k][0], NULL, devs, &n);
    }
    /* Backends without a record: a create that died half-way. */
    for (size_t k = 0; k < 3; k++) {
        snprintf(dir, sizeof(dir), "/local/domain/0/backend/%s/%u",
                 kinds[k][1], domid);
        collect_dir(ctx, domid, dir, kinds[k][0], kinds[k][1], devs, &n);
    }
    int rc = remove_set(ctx, devs, n, XK__REMOVE_FORCE);
    free(devs);

    /* Nothing of the domain's devices may outlive it in xenstore. */
    for (size_t k = 0; k < 3; k++) {
        snprintf(dir, sizeof(dir), "/local/domain/0/backend/%s/%u",
                 kinds[k][1], domid);
        xk__store_rm(ctx, XK_STORE_NOTXN, dir);
    }
    snprintf(dir, sizeof(dir), "/libxl/%u/device", domid);
    xk__store_rm(ctx, XK_STORE_NOTXN, dir);
    return rc;
}

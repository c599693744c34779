/*
 * destroy.c: xk_domain_destroy and the teardown every failed create uses.
 * Works on domains made by xenkit, by libxl (Debian's xl) and on half-built
 * ones: every step tolerates what is missing.
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/context.h"
#include "device/device.h"
#include "domain/create.h"
#include "domain/name_index.h"
#include "hv/dom.h"
#include "store/fan.h"
#include "store/store.h"

#include <xen/io/xs_wire.h>

/* libxl keeps per-domain files here, named userdata-d.DOMID.UUID.KEY. */
#define XK__USERDATA_DIR "/var/lib/xen"

static void remove_userdata(uint32_t domid)
{
    char prefix[48];
    int plen = snprintf(prefix, sizeof(prefix), "userdata-d.%u.", domid);
    DIR *d = opendir(XK__USERDATA_DIR);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, prefix, (size_t)plen) == 0)
            unlinkat(dirfd(d), e->d_name, 0);
    }
    closedir(d);
}

/* Whether vm is a /vm path a toolstack writes (see remove_nodes). */
static bool vm_path_ok(const char *vm)
{
    return strncmp(vm, "/vm/", 4) == 0 && strlen(vm) > 4 &&
           !strchr(vm + 4, '/');
}

/* Every backend directory of the domain under dom0's backend area, of any
 * kind (console, vkbd, ...), including ones left by a half-built create. */
static void remove_backends(xk_ctx *ctx, xk_store_txn t, uint32_t domid)
{
    char **kinds = NULL;
    unsigned n = 0;
    if (xk__store_directory(ctx, t, "/local/domain/0/backend", &kinds, &n))
        return;
    for (unsigned i = 0; i < n; i++) {
        char path[XK_STORE_PATH_MAX];
        snprintf(path, sizeof(path), "/local/domain/0/backend/%s/%u",
                 kinds[i], domid);
        xk__store_rm(ctx, t, path);
    }
    free(kinds);
}

/* The console's backend directory when it lies under another domain than
 * dom0 (xenconsoled in a domain of its own), from libxl's record of the
 * console (val): accepted only in the shape create writes, for domid. */
static bool console_backend_elsewhere(uint32_t domid, const char *val,
                                      char *dir, size_t size)
{
    unsigned be, d;
    char zero[3];
    int end = 0;
    if (sscanf(val, "/local/domain/%u/backend/console/%u/%2[0-9]%n", &be, &d,
               zero, &end) != 3 || val[end] || strcmp(zero, "0") != 0 ||
        d != domid || be == 0)
        return false;
    return snprintf(dir, size, "/local/domain/%u/backend/console/%u", be,
                    domid) < (int)size;
}

/* The domain's xenstore nodes, in one transaction. The /vm path is read
 * from the home and accepted only if it looks like what a toolstack writes:
 * the guest cannot write it, but a corrupt value must not make us remove
 * something else. */
static int remove_nodes(xk_ctx *ctx, uint32_t domid)
{
    char path[96], vm[128];
    for (int tries = 0; tries < 16; tries++) {
        xk_store_txn t;
        int rc = xk__store_txn_start(ctx, &t);
        if (rc)
            return rc;
        snprintf(path, sizeof(path), "/local/domain/%u/vm", domid);
        if (xk__store_read_buf(ctx, t, path, vm, sizeof(vm)) == 0 &&
            vm_path_ok(vm)) {
            xk__store_rm(ctx, t, vm);
            char entry[96];
            if (xk__indexed_path_from_vm(domid, vm, entry, sizeof(entry)))
                xk__store_rm(ctx, t, entry);
        }
        remove_backends(ctx, t, domid);
        char cons[128], dir[96];
        snprintf(path, sizeof(path), "/libxl/%u/device/console/0/backend",
                 domid);
        if (xk__store_read_buf(ctx, t, path, cons, sizeof(cons)) == 0 &&
            console_backend_elsewhere(domid, cons, dir, sizeof(dir)))
            xk__store_rm(ctx, t, dir);
        snprintf(path, sizeof(path), "/local/domain/%u", domid);
        xk__store_rm(ctx, t, path);
        snprintf(path, sizeof(path), "/libxl/%u", domid);
        xk__store_rm(ctx, t, path);
        rc = xk__store_txn_end(ctx, t, false);
        if (rc != XK_EBUSY)
            return rc;
    }
    return xk__error(ctx, XK_ESTORE, "removing the xenstore nodes of domain "
                     "%u: too many conflicting transactions", domid);
}

/*
 * The xenstore part of a teardown in two exchanges over several xenstored
 * connections (store/fan.h says why that is faster): first everything to
 * look at side by side, then every removal side by side, sent here and
 * received by removals_done, so that the hypervisor can destroy the
 * domain meanwhile. A domain with devices goes the careful way
 * (device/remove.c), as does a host where xenstored has no socket:
 * XK_EUNSUPPORTED, nothing done. Leftovers of killed creates are seen in
 * the first exchange; *reap_r says so.
 */
struct removals {
    struct xk__fan f;
    size_t n;                   /* removals sent */
};

static int remove_nodes_fast(xk_ctx *ctx, uint32_t domid, bool *reap_r,
                             struct removals *rm)
{
    /* Four connections: xenstored accepts one per pass of its loop, and
     * each exchange here has only a handful of requests. */
    rm->n = 0;
    if (xk__fan_open(ctx, &rm->f, 4) != 0)
        return XK_EUNSUPPORTED;
    enum { DEVS = 5, VM = DEVS, BACKENDS, CREATING, CONSOLE, NLOOK };
    char look[NLOOK][96];
    snprintf(look[0], 96, "/libxl/%u/device/vbd", domid);
    snprintf(look[1], 96, "/libxl/%u/device/vif", domid);
    snprintf(look[2], 96, "/local/domain/0/backend/vbd/%u", domid);
    snprintf(look[3], 96, "/local/domain/0/backend/vif/%u", domid);
    snprintf(look[4], 96, "/local/domain/0/backend/qdisk/%u", domid);
    snprintf(look[VM], 96, "/local/domain/%u/vm", domid);
    snprintf(look[BACKENDS], 96, "/local/domain/0/backend");
    snprintf(look[CREATING], 96, XK__PENDING_DIR);
    snprintf(look[CONSOLE], 96, "/libxl/%u/device/console/0/backend", domid);
    struct xk__pipe_reply r[NLOOK];
    memset(r, 0, sizeof(r));
    int rc = 0;
    for (int i = 0; !rc && i < NLOOK; i++)
        rc = xk__fan_queue(ctx, &rm->f, (size_t)i,
                           i == VM || i == CONSOLE ? XS_READ : XS_DIRECTORY,
                           0, look[i],
                           strlen(look[i]) + 1, NULL, 0);
    if (!rc)
        rc = xk__fan_exchange(ctx, &rm->f, r);
    xk__timing(ctx, "destroy: %zu connections open, nodes looked at",
               rm->f.n);
    for (int i = 0; !rc && i < DEVS; i++)
        if (r[i].err == 0 && r[i].len > 0)
            rc = XK_EUNSUPPORTED;       /* devices: the careful way */
    *reap_r = !rc && r[CREATING].err == 0 && r[CREATING].len > 0;

    /* Then the removals, none of which depends on another. */
    size_t nrm = 0;
    char home[48], lib[48];
    snprintf(home, sizeof(home), "/local/domain/%u", domid);
    snprintf(lib, sizeof(lib), "/libxl/%u", domid);
    bool vm_ok = !rc && r[VM].err == 0 && vm_path_ok(r[VM].data);
    char entry[96];
    bool indexed = vm_ok && xk__indexed_path_from_vm(domid, r[VM].data, entry,
                                                     sizeof(entry));
    char cons[96];
    bool cons_ok = !rc && r[CONSOLE].err == 0 &&
                   console_backend_elsewhere(domid, r[CONSOLE].data, cons,
                                             sizeof(cons));
    const char *fixed[] = { home, lib, vm_ok ? r[VM].data : NULL,
                            indexed ? entry : NULL, cons_ok ? cons : NULL };
    for (size_t i = 0; !rc && i < 5; i++)
        if (fixed[i])
            rc = xk__fan_queue(ctx, &rm->f, nrm++, XS_RM, 0, fixed[i],
                               strlen(fixed[i]) + 1, NULL, 0);
    const struct xk__pipe_reply *kinds = &r[BACKENDS];
    for (const char *k = kinds->err ? NULL : kinds->data;
         !rc && k && k < kinds->data + kinds->len; k += strlen(k) + 1) {
        char path[XK_STORE_PATH_MAX];
        int len = snprintf(path, sizeof(path), "/local/domain/0/backend/%s/%u",
                           k, domid);
        if (k[0] && len > 0 && (size_t)len < sizeof(path))
            rc = xk__fan_queue(ctx, &rm->f, nrm++, XS_RM, 0, path,
                               (size_t)len + 1, NULL, 0);
    }
    if (!rc)
        rc = xk__fan_send(ctx, &rm->f);
    rm->n = rc ? 0 : nrm;
    xk__pipe_replies_free(r, NLOOK);
    if (rc)
        xk__fan_close(&rm->f);
    return rc;
}

static int removals_done(xk_ctx *ctx, uint32_t domid, struct removals *rm)
{
    struct xk__pipe_reply *rr = calloc(rm->n ? rm->n : 1, sizeof(*rr));
    int rc = rr ? xk__fan_receive(ctx, &rm->f, rr)
                : xk__error(ctx, XK_ENOMEM, "out of memory");
    bool got = rc == 0;
    for (size_t i = 0; !rc && i < rm->n; i++)
        if (rr[i].err && rr[i].err != ENOENT)
            rc = xk__error(ctx, XK_ESTORE, "removing the xenstore nodes of "
                           "domain %u: %s", domid, strerror(rr[i].err));
    if (got)
        xk__pipe_replies_free(rr, rm->n);
    free(rr);
    xk__fan_close(&rm->f);
    xk__timing(ctx, "destroy: xenstore nodes removed");
    return rc;
}

static int teardown(xk_ctx *ctx, uint32_t domid, bool must_exist,
                    bool *reap_r)
{
    /* Stop the guest first so it sees no half-removed devices. */
    int rc = xk__hv_domain_pause(ctx, domid);
    if (rc == XK_ENOENT && must_exist)
        return xk__error(ctx, XK_ENOENT, "no domain with id %u", domid);
    if (rc == XK_ENOENT)
        xk__clear_error(ctx);   /* gone already: still clean xenstore */
    else if (rc)
        return rc;

    xk__timing(ctx, "destroy: paused");
    int first = 0;
    bool reap = false;
    struct removals rm;
    rc = remove_nodes_fast(ctx, domid, &reap, &rm);
    bool sent = rc == 0;
    if (rc == XK_EUNSUPPORTED) {
        xk__clear_error(ctx);
        first = xk__device_remove_all(ctx, domid);
        rc = remove_nodes(ctx, domid);
        reap = true;            /* not looked at: the reaper looks */
    }
    if (rc && !first)
        first = rc;
    if (reap_r)
        *reap_r = reap;
    remove_userdata(domid);

    rc = xk__hv_domain_destroy(ctx, domid);
    xk__timing(ctx, "destroy: destroyed");
    if (rc == XK_ENOENT)
        rc = 0;
    if (sent) {
        /* After the hypervisor's error, if any: it is the one reported. */
        struct xk__kept_error k;
        xk__error_keep(ctx, &k);
        int removed = removals_done(ctx, domid, &rm);
        if (rc) {
            xk__error_put_back(ctx, &k);
        } else if (removed && !first) {
            first = removed;
        }
    }
    return rc ? rc : first;
}

int xk__domain_teardown(xk_ctx *ctx, uint32_t domid)
{
    return teardown(ctx, domid, false, NULL);
}

int xk_domain_destroy(xk_ctx *ctx, uint32_t domid)
{
    if (!ctx)
        return XK_EINVAL;
    xk__clear_error(ctx);
    if (domid == 0)
        return xk__error(ctx, XK_EINVAL, "not destroying domain 0");
    bool reap = true;           /* unless the teardown looked: none */
    int rc = teardown(ctx, domid, true, &reap);
    if (reap) {
        /* Leftovers of killed creates, after our own work so that its
         * error (if any) is the one reported. */
        struct xk__kept_error k;
        xk__error_keep(ctx, &k);
        xk__pending_reap(ctx);
        xk__error_put_back(ctx, &k);
    }
    return rc;
}

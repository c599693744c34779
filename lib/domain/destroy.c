/*
 * destroy.c: xk_domain_destroy and the teardown every failed create uses.
 * Works on domains made by xenkit, by libxl (Debian's xl) and on half-built
 * ones: every step tolerates what is missing.
 */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/context.h"
#include "device/device.h"
#include "domain/create.h"
#include "hv/dom.h"
#include "store/store.h"

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
            strncmp(vm, "/vm/", 4) == 0 && strlen(vm) > 4 &&
            !strchr(vm + 4, '/'))
            xk__store_rm(ctx, t, vm);
        remove_backends(ctx, t, domid);
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

static int teardown(xk_ctx *ctx, uint32_t domid, bool must_exist)
{
    /* Stop the guest first so it sees no half-removed devices. */
    int rc = xk__hv_domain_pause(ctx, domid);
    if (rc == XK_ENOENT && must_exist)
        return xk__error(ctx, XK_ENOENT, "no domain with id %u", domid);
    if (rc == XK_ENOENT)
        xk__clear_error(ctx);   /* gone already: still clean xenstore */
    else if (rc)
        return rc;

    int first = xk__device_remove_all(ctx, domid);
    rc = remove_nodes(ctx, domid);
    if (rc && !first)
        first = rc;
    remove_userdata(domid);

    rc = xk__hv_domain_destroy(ctx, domid);
    if (rc == XK_ENOENT)
        rc = 0;
    return rc ? rc : first;
}

int xk__domain_teardown(xk_ctx *ctx, uint32_t domid)
{
    return teardown(ctx, domid, false);
}

int xk_domain_destroy(xk_ctx *ctx, uint32_t domid)
{
    if (!ctx)
        return XK_EINVAL;
    xk__clear_error(ctx);
    if (domid == 0)
        return xk__error(ctx, XK_EINVAL, "not destroying domain 0");
    xk__pending_reap(ctx);
    xk__clear_error(ctx);
    return teardown(ctx, domid, true);
}

/*
 * nodes.c: writing and removing the xenstore nodes of one device, in a
 * transaction, with the permissions that keep the guest out of the backend
 * area and let the backend read the frontend's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "device/internal.h"
#include "store/watch.h"

static int write_kvs(xk_ctx *ctx, xk_store_txn t, const char *dir,
                     const struct xk__kv *kv)
{
    char path[XK_STORE_PATH_MAX];
    for (; kv && kv->name; kv++) {
        int rc = xk__store_path(ctx, path, sizeof(path), "%s/%s", dir, kv->name);
        if (!rc)
            rc = xk__store_write(ctx, t, path, kv->value);
        if (rc)
            return rc;
    }
    return 0;
}

static int write_one(xk_ctx *ctx, xk_store_txn t, const char *dir,
                     const char *name, const char *value)
{
    struct xk__kv kv[2] = { { name, value }, { NULL, NULL } };
    return write_kvs(ctx, t, dir, kv);
}

int xk__device_write_nodes(xk_ctx *ctx, uint32_t domid, uint32_t backend,
                           const struct xk__devpaths *p,
                           const struct xk__kv *back,
                           const struct xk__kv *front,
                           const struct xk__kv *record_extra)
{
    for (int attempt = 0; attempt < 16; attempt++) {
        xk_store_txn t;
        int rc = xk__store_txn_start(ctx, &t);
        if (rc)
            return rc;

        char *v = NULL;
        rc = xk__store_read(ctx, t, p->record, &v, NULL);
        free(v);
        if (rc == 0) {
            xk__store_txn_end(ctx, t, true);
            return xk__error(ctx, XK_EEXIST, "device %s already exists",
                             p->record);
        }
        if (rc != XK_ENOENT)
            goto abort;

        /* The toolstack's record: a copy of the backend's entries plus the
         * two paths, all dom0-only, which is what teardown trusts. */
        rc = xk__store_mkdir(ctx, t, p->record);
        if (!rc) rc = write_one(ctx, t, p->record, "frontend", p->frontend);
        if (!rc) rc = write_one(ctx, t, p->record, "backend", p->backend);
        if (!rc) rc = write_kvs(ctx, t, p->record, back);
        if (!rc) rc = write_kvs(ctx, t, p->record, record_extra);
        if (rc)
            goto abort;

        /* A stale frontend or backend (a crashed toolstack) is replaced. */
        rc = xk__store_rm(ctx, t, p->frontend);
        if (!rc) rc = xk__store_mkdir(ctx, t, p->frontend);
        if (!rc) rc = xk__store_set_perms(ctx, t, p->frontend, domid, backend);
        if (!rc) rc = write_one(ctx, t, p->frontend, "backend", p->backend);
        if (!rc) rc = write_kvs(ctx, t, p->frontend, front);
        if (rc)
            goto abort;

        rc = xk__store_rm(ctx, t, p->backend);
        if (!rc) rc = xk__store_mkdir(ctx, t, p->backend);
        if (!rc) rc = xk__store_set_perms(ctx, t, p->backend, backend, domid);
        if (!rc) rc = write_one(ctx, t, p->backend, "frontend", p->frontend);
        if (!rc) rc = write_kvs(ctx, t, p->backend, back);
        if (rc)
            goto abort;

        rc = xk__store_txn_end(ctx, t, false);
        if (rc == XK_EBUSY)
            continue;
        return rc;
abort:
        xk__store_txn_end(ctx, t, true);
        return rc;
    }
    return xk__error(ctx, XK_EBUSY, "xenstore kept conflicting while adding "
                     "%s", p->record);
}

/* Removes path, then its parent directories up to `stop` while empty. */
static void rm_with_empty_parents(xk_ctx *ctx, xk_store_txn t, char *path,
                                  size_t stop_len)
{
    xk__store_rm(ctx, t, path);
    char *slash;
    while ((slash = strrchr(path, '/')) && (size_t)(slash - path) > stop_len) {
        *slash = '\0';
        char **e = NULL;
        unsigned n = 0;
        if (xk__store_directory(ctx, t, path, &e, &n) == 0 && n == 0)
            xk__store_rm(ctx, t, path);
        free(e);
        if (n)
            break;
    }
}

int xk__device_remove_nodes(xk_ctx *ctx, const struct xk__devpaths *p)
{
    for (int attempt = 0; attempt < 16; attempt++) {
        xk_store_txn t;
        int rc = xk__store_txn_start(ctx, &t);
        if (rc)
            return rc;
        char buf[XK_STORE_PATH_MAX];
        /* Stop at /local/domain/B/backend, at /local/domain/D/device, at
         * /libxl/D: those belong to the domain, not to this device. */
        snprintf(buf, sizeof(buf), "%s", p->backend);
        rm_with_empty_parents(ctx, t, buf,
                              strstr(p->backend, "/backend/") - p->backend + 8);
        snprintf(buf, sizeof(buf), "%s", p->frontend);
        rm_with_empty_parents(ctx, t, buf,
                              strstr(p->frontend, "/device/") - p->frontend + 7);
        snprintf(buf, sizeof(buf), "%s", p->record);
        rm_with_empty_parents(ctx, t, buf,
                              strstr(p->record, "/device/") - p->record + 7);
        rc = xk__store_txn_end(ctx, t, false);
        if (rc == XK_EBUSY)
            continue;
        return rc;
    }
    return xk__error(ctx, XK_EBUSY, "xenstore kept conflicting while removing "
                     "%s", p->record);
}

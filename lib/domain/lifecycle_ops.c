/*
 * lifecycle_ops.c: the two steps of the on_* actions that are more than
 * destroy and create: keeping a stopped domain aside under a new name and
 * UUID (rename-restart), and dumping a domain's memory (coredump-*).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <xenctrl.h>

#include "core/context.h"
#include "hv/hv.h"
#include "store/store.h"
#include "store/watch.h"

static void uuid_string(const uint8_t u[16], char out[37])
{
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
             "%02x%02x%02x%02x%02x%02x", u[0], u[1], u[2], u[3], u[4], u[5],
             u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
}

/* The renaming, in one transaction: the name, a fresh /vm/UUID node (the
 * new identity) with the start time carried over. */
static int preserve_txn(xk_ctx *ctx, xk_store_txn t, uint32_t domid,
                        const char *newname, const char *uuid)
{
    char path[XK_STORE_PATH_MAX], vm[64], oldvm[256];
    int rc;
    snprintf(vm, sizeof(vm), "/vm/%s", uuid);

    rc = xk__store_path(ctx, path, sizeof(path), "/local/domain/%u/vm", domid);
    if (rc)
        return rc;
    rc = xk__store_read_buf(ctx, t, path, oldvm, sizeof(oldvm));
    if (rc && rc != XK_ENOENT)
        return rc;
    char *start = NULL;
    if (rc == 0 && strncmp(oldvm, "/vm/", 4) == 0) {
        char sp[XK_STORE_PATH_MAX];
        if (xk__store_path(ctx, sp, sizeof(sp), "%s/start_time", oldvm) == 0 &&
            xk__store_read(ctx, t, sp, &start, NULL) != 0)
            start = NULL;
    }

    if ((rc = xk__store_mkdir(ctx, t, vm)) ||
        (rc = xk__store_set_perms(ctx, t, vm, 0, domid)) ||
        (rc = xk__store_write(ctx, t, path, vm)))
        goto out;
    char p2[XK_STORE_PATH_MAX];
    if ((rc = xk__store_path(ctx, p2, sizeof(p2), "%s/uuid", vm)) ||
        (rc = xk__store_write(ctx, t, p2, uuid)) ||
        (rc = xk__store_path(ctx, p2, sizeof(p2), "%s/name", vm)) ||
        (rc = xk__store_write(ctx, t, p2, newname)))
        goto out;
    if (start && ((rc = xk__store_path(ctx, p2, sizeof(p2), "%s/start_time",
                                       vm)) ||
                  (rc = xk__store_write(ctx, t, p2, start))))
        goto out;
    if ((rc = xk__store_path(ctx, p2, sizeof(p2), "/local/domain/%u/name",
                             domid)) ||
        (rc = xk__store_write(ctx, t, p2, newname)))
        goto out;
out:
    free(start);
    return rc;
}

int xk_domain_preserve(xk_ctx *ctx, uint32_t domid, const char *suffix)
{
    if (!ctx || !suffix)
        return XK_EINVAL;
    xk__clear_error(ctx);

    char name[256], path[64];
    int rc = xk__store_path(ctx, path, sizeof(path), "/local/domain/%u/name",
                            domid);
    if (rc)
        return rc;
    rc = xk__store_read_buf(ctx, XK_STORE_NOTXN, path, name, sizeof(name));
    if (rc == XK_ENOENT)
        return xk__error(ctx, XK_ENOENT, "domain %u has no name to keep",
                         domid);
    if (rc)
        return rc;
    char newname[300];
    if ((size_t)snprintf(newname, sizeof(newname), "%s%s", name, suffix) >=
        sizeof(newname) - 44)
        return xk__error(ctx, XK_EINVAL, "preserved name too long");

    uint8_t u[16];
    if (getrandom(u, sizeof(u), 0) != (ssize_t)sizeof(u))
        return xk__error(ctx, XK_EIO, "no random bytes for a UUID: %s",
                         strerror(errno));
    u[6] = (u[6] & 0x0f) | 0x40;   /* version 4 */
    u[8] = (u[8] & 0x3f) | 0x80;   /* RFC 4122 variant */
    char uuid[37];
    uuid_string(u, uuid);

    for (int tries = 0;; tries++) {
        xk_store_txn t;
        if ((rc = xk__store_txn_start(ctx, &t)))
            return rc;
        rc = preserve_txn(ctx, t, domid, newname, uuid);
        if (rc) {
            xk__store_txn_end(ctx, t, true);
            return rc;
        }
        rc = xk__store_txn_end(ctx, t, false);
        if (rc != XK_EBUSY)
            break;
        if (tries == 10)
            return xk__error(ctx, XK_EBUSY, "renaming domain %u kept "
                             "conflicting", domid);
    }
    if (rc)
        return rc;

    /* The hypervisor's handle too, so the restarted domain, which takes
     * the config's UUID, is not confused with this one. */
    if ((rc = xk__hv_open(ctx)))
        return rc;
    xk__hv_clear_log(ctx);
    if (xc_domain_sethandle(ctx->xc, domid, u))
        return xk__hv_fail(ctx, XK_EXEN, errno, "setting the domain's UUID");
    return 0;
}

int xk_domain_core_dump(xk_ctx *ctx, uint32_t domid, const char *file)
{
    if (!ctx || !file || !*file)
        return XK_EINVAL;
    xk__clear_error(ctx);
    int rc = xk__hv_open(ctx);
    if (rc)
        return rc;
    xk__hv_clear_log(ctx);
    if (xc_domain_dumpcore(ctx->xc, domid, file))
        return xk__hv_fail(ctx, XK_EXEN, errno, "dumping the domain's core");
    return 0;
}

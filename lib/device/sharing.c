/* sharing.c: is this disk image or block device already another guest's? */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/context.h"
#include "device/internal.h"
#include "device/sharing.h"

static int same_target(const struct stat *a, const char *other)
{
    struct stat b;
    if (stat(other, &b) < 0)
        return 0;
    if (S_ISBLK(a->st_mode))
        return S_ISBLK(b.st_mode) && a->st_rdev == b.st_rdev;
    return S_ISREG(b.st_mode) && a->st_dev == b.st_dev && a->st_ino == b.st_ino;
}

int xk__disk_sharing_check(xk_ctx *ctx, uint32_t domid, const char *target,
                           const char *vdev, bool readwrite)
{
    struct stat st;
    if (stat(target, &st) < 0)
        return 0;
    const char *base = "/local/domain/0/backend/vbd";
    char **doms = NULL;
    unsigned ndoms = 0;
    if (xk__store_directory(ctx, XK_STORE_NOTXN, base, &doms, &ndoms))
        return 0;
    int rc = 0;
    for (unsigned i = 0; i < ndoms && !rc; i++) {
        char *end;
        unsigned long other = strtoul(doms[i], &end, 10);
        if (*end || other == domid)
            continue;
        char dir[96];
        snprintf(dir, sizeof(dir), "%s/%s", base, doms[i]);
        char **devs = NULL;
        unsigned ndevs = 0;
        if (xk__store_directory(ctx, XK_STORE_NOTXN, dir, &devs, &ndevs))
            continue;
        for (unsigned j = 0; j < ndevs && !rc; j++) {
            char be[160], params[512], mode[8];
            snprintf(be, sizeof(be), "%s/%s", dir, devs[j]);
            xk__read_opt(ctx, be, "params", params, sizeof(params));
            xk__read_opt(ctx, be, "mode", mode, sizeof(mode));
            /* Readers may share; a writer may not share with anyone. */
            bool theirs_rw = strchr(mode, 'w') != NULL;
            if ((readwrite || theirs_rw) && params[0] &&
                same_target(&st, params))
                rc = xk__error(ctx, XK_EBUSY, "disk %s: %s is already a "
                               "%s disk of domain %lu, and so cannot be given "
                               "%s to domain %u", vdev, target,
                               theirs_rw ? "read-write" : "read-only", other,
                               readwrite ? "read-write" : "read-only", domid);
        }
        free(devs);
    }
    free(doms);
    return rc;
}

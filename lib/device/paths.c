/*
 * paths.c: where a device's nodes are in xenstore, and careful reading of
 * them: the record and backend areas are dom0's, the frontend area is the
 * guest's and nothing read from it is trusted beyond a bounded number.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/context.h"
#include "device/internal.h"

void xk__devpaths(struct xk__devpaths *p, uint32_t domid, uint32_t backend,
                  const char *kind, const char *bkind, int devid)
{
    snprintf(p->frontend, sizeof(p->frontend), "/local/domain/%u/device/%s/%d",
             domid, kind, devid);
    snprintf(p->backend, sizeof(p->backend), "/local/domain/%u/backend/%s/%u/%d",
             backend, bkind, domid, devid);
    snprintf(p->record, sizeof(p->record), "/libxl/%u/device/%s/%d", domid,
             kind, devid);
}

int xk__devpaths_from_record(xk_ctx *ctx, uint32_t domid, const char *kind,
                             int devid, struct xk__devpaths *p,
                             uint32_t *backend_r)
{
    char path[128], be[160];
    snprintf(path, sizeof(path), "/libxl/%u/device/%s/%d/backend", domid, kind,
             devid);
    int rc = xk__store_read_buf(ctx, XK_STORE_NOTXN, path, be, sizeof(be));
    if (rc)
        return rc;

    unsigned b, d;
    int n, consumed = 0;
    char bkind[8];
    if (sscanf(be, "/local/domain/%u/backend/%7[a-z]/%u/%d%n", &b, bkind, &d,
               &n, &consumed) != 4 || be[consumed] || d != domid || n != devid)
        return xk__error(ctx, XK_EINVAL, "device record %s names an "
                         "unexpected backend %s", path, be);
    if (strcmp(bkind, "vbd") && strcmp(bkind, "qdisk") && strcmp(bkind, "vif"))
        return xk__error(ctx, XK_EINVAL, "device record %s names an unknown "
                         "backend kind %s", path, bkind);
    xk__devpaths(p, domid, b, kind, bkind, devid);
    *backend_r = b;
    return 0;
}

void xk__read_opt(xk_ctx *ctx, const char *dir, const char *name,
                  char *buf, size_t size)
{
    char path[XK_STORE_PATH_MAX];
    buf[0] = '\0';
    if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
        return;
    int saved = ctx->last_code;
    char msg[sizeof(ctx->last_error)];
    memcpy(msg, ctx->last_error, sizeof(msg));
    if (xk__store_read_buf(ctx, XK_STORE_NOTXN, path, buf, size))
        buf[0] = '\0';
    /* An optional node must not overwrite an earlier, real error. */
    ctx->last_code = saved;
    memcpy(ctx->last_error, msg, sizeof(msg));
}

long xk__read_num(xk_ctx *ctx, const char *dir, const char *name)
{
    char buf[24];
    xk__read_opt(ctx, dir, name, buf, sizeof(buf));
    if (buf[0] < '0' || buf[0] > '9')
        return -1;
    char *end;
    errno = 0;
    long v = strtol(buf, &end, 10);
    if (errno || *end || v > 0x7fffffffL)
        return -1;
    return v;
}

int xk__backend_sysfs_exists(const char *bkind, uint32_t domid, int devid,
                             const char *attr)
{
    char path[160];
    struct stat st;
    snprintf(path, sizeof(path), "/sys/bus/xen-backend/devices/%s-%u-%d%s%s",
             bkind, domid, devid, attr ? "/" : "", attr ? attr : "");
    return stat(path, &st) == 0;
}

int xk__backend_failed(xk_ctx *ctx, const struct xk__devpaths *p,
                       const char *what, const char *name)
{
    /* The kernel's xenbus_dev_fatal() leaves its reason under
     * /local/domain/B/error/backend/... */
    char errpath[192], msg[256];
    const char *rel = strstr(p->backend, "/backend/");
    size_t head = rel ? (size_t)(rel - p->backend) : 0;
    snprintf(errpath, sizeof(errpath), "%.*s/error%s", (int)head, p->backend,
             rel ? rel : "");
    xk__read_opt(ctx, errpath, "error", msg, sizeof(msg));
    return xk__error(ctx, XK_EIO, "%s %s: the %s backend refused the device%s%s",
                     what, name, strcmp(what, "vif") ? "block" : "network",
                     msg[0] ? ": " : "", msg);
}

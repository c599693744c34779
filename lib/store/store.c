/* store.c: opening xenstore lazily and the basic node operations on it. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenstore.h>

#include "core/context.h"
#include "store/store.h"

int xk__store_open(xk_ctx *ctx)
{
    if (ctx->xs)
        return 0;
    ctx->xs = xs_open(0);
    if (!ctx->xs)
        return xk__error(ctx, XK_ESTORE, "cannot connect to xenstore: %s",
                         strerror(errno));
    return 0;
}

int xk__store_path(xk_ctx *ctx, char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= size)
        return xk__error(ctx, XK_EINVAL, "xenstore path too long");
    return 0;
}

/* errno from a failed libxenstore call, as an XK_E* code and message. */
static int store_failed(xk_ctx *ctx, const char *what, const char *path)
{
    int e = errno;
    if (e == ENOENT)
        return XK_ENOENT;
    int code = (e == EACCES || e == EPERM) ? XK_EPERM
             : (e == ENOMEM) ? XK_ENOMEM : XK_ESTORE;
    return xk__error(ctx, code, "xenstore %s %s: %s", what, path, strerror(e));
}

int xk__store_read(xk_ctx *ctx, xk_store_txn t, const char *path,
                   char **value_r, size_t *len_r)
{
    *value_r = NULL;
    int rc = xk__store_open(ctx);
    if (rc)
        return rc;
    unsigned len = 0;
    char *v = xs_read(ctx->xs, t, path, &len);
    if (!v)
        return store_failed(ctx, "read", path);
    /* libxenstore NUL-terminates what it returns, so v is a C string. */
    *value_r = v;
    if (len_r)
        *len_r = len;
    return 0;
}

int xk__store_read_buf(xk_ctx *ctx, xk_store_txn t, const char *path,
                       char *buf, size_t size)
{
    char *v;
    size_t len;
    int rc = xk__store_read(ctx, t, path, &v, &len);
    if (rc)
        return rc;
    if (size) {
        if (len >= size)
            len = size - 1;
        memcpy(buf, v, len);
        buf[len] = '\0';
    }
    free(v);
    return 0;
}

int xk__store_read_u64(xk_ctx *ctx, xk_store_txn t, const char *path,
                       uint64_t *value_r)
{
    char buf[32];
    int rc = xk__store_read_buf(ctx, t, path, buf, sizeof(buf));
    if (rc)
        return rc;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(buf, &end, 10);
    if (buf[0] < '0' || buf[0] > '9' || *end || errno)
        return xk__error(ctx, XK_EINVAL, "xenstore %s: not a number: \"%s\"",
                         path, buf);
    *value_r = v;
    return 0;
}

int xk__store_directory(xk_ctx *ctx, xk_store_txn t, const char *path,
                        char ***entries_r, unsigned *n_r)
{
    *entries_r = NULL;
    *n_r = 0;
    int rc = xk__store_open(ctx);
    if (rc)
        return rc;
    unsigned n = 0;
    char **e = xs_directory(ctx->xs, t, path, &n);
    if (!e)
        return store_failed(ctx, "directory", path);
    *entries_r = e;
    *n_r = n;
    return 0;
}

int xk__store_write(xk_ctx *ctx, xk_store_txn t, const char *path,
                    const char *value)
{
    int rc = xk__store_open(ctx);
    if (rc)
        return rc;
    if (!xs_write(ctx->xs, t, path, value, strlen(value))) {
        rc = store_failed(ctx, "write", path);
        /* A missing parent is not "absent" for a write: report it. */
        return rc == XK_ENOENT
            ? xk__error(ctx, XK_ESTORE, "xenstore write %s: %s", path,
                        strerror(ENOENT))
            : rc;
    }
    return 0;
}

int xk__store_mkdir(xk_ctx *ctx, xk_store_txn t, const char *path)
{
    int rc = xk__store_open(ctx);
    if (rc)
        return rc;
    if (!xs_mkdir(ctx->xs, t, path)) {
        rc = store_failed(ctx, "mkdir", path);
        return rc == XK_ENOENT
            ? xk__error(ctx, XK_ESTORE, "xenstore mkdir %s: %s", path,
                        strerror(ENOENT))
            : rc;
    }
    return 0;
}

int xk__store_rm(xk_ctx *ctx, xk_store_txn t, const char *path)
{
    int rc = xk__store_open(ctx);
    if (rc)
        return rc;
    if (!xs_rm(ctx->xs, t, path)) {
        rc = store_failed(ctx, "rm", path);
        return rc == XK_ENOENT ? 0 : rc;
    }
    return 0;
}

int xk__store_txn_start(xk_ctx *ctx, xk_store_txn *t_r)
{
    *t_r = XK_STORE_NOTXN;
    int rc = xk__store_open(ctx);
    if (rc)
        return rc;
    xs_transaction_t t = xs_transaction_start(ctx->xs);
    if (t == XBT_NULL)
        return xk__error(ctx, XK_ESTORE, "xenstore transaction start: %s",
                         strerror(errno));
    *t_r = t;
    return 0;
}

int xk__store_txn_end(xk_ctx *ctx, xk_store_txn t, bool abort)
{
    int rc = xk__store_open(ctx);
    if (rc)
        return rc;
    if (!xs_transaction_end(ctx->xs, t, abort)) {
        if (errno == EAGAIN && !abort)
            return XK_EBUSY;
        return xk__error(ctx, XK_ESTORE, "xenstore transaction end: %s",
                         strerror(errno));
    }
    return 0;
}

void xk__store_chomp(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' ||
                 s[n - 1] == '\r'))
        s[--n] = '\0';
}

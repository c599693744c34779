/*
 * console_tty.c: finding and opening the dom0 end of a domain's console,
 * the pty xenconsoled publishes in the guest's xenstore home.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <xenctrl.h>

#include "core/context.h"
#include "domain/control.h"
#include "store/store.h"
#include "store/watch.h"

/* The xenstore node holding the pty of one console (as xenconsole finds
 * it: an HVM guest's primary console is its emulated serial port, and a
 * serial console nobody published falls back to the PV one). */
static int tty_node(xk_ctx *ctx, uint32_t domid, unsigned type, unsigned num,
                    char *path, size_t size)
{
    int rc;
    if (type == XK_CONSOLE_PRIMARY) {
        xc_domaininfo_t info;
        rc = xk__domain_xcinfo(ctx, domid, &info);
        if (rc)
            return rc;
        type = XK_CONSOLE_PV;
        if (info.flags & XEN_DOMINF_hvm_guest) {
            char tpath[64], t[16];
            rc = xk__store_path(ctx, tpath, sizeof(tpath), "/libxl/%u/type",
                                domid);
            if (rc)
                return rc;
            if (xk__store_read_buf(ctx, XK_STORE_NOTXN, tpath, t, sizeof(t))
                || strcmp(t, "pvh") != 0)
                type = XK_CONSOLE_SERIAL;
        }
        num = 0;
    }
    switch (type) {
    case XK_CONSOLE_SERIAL: {
        rc = xk__store_path(ctx, path, size, "/local/domain/%u/serial/%u/tty",
                            domid, num);
        if (rc)
            return rc;
        char *v = NULL;
        rc = xk__store_read(ctx, XK_STORE_NOTXN, path, &v, NULL);
        free(v);
        if (rc != XK_ENOENT)
            return rc;
        /* fall back to the PV console of the same number */
    }
    /* fall through */
    case XK_CONSOLE_PV:
        if (num == 0)
            return xk__store_path(ctx, path, size,
                                  "/local/domain/%u/console/tty", domid);
        return xk__store_path(ctx, path, size,
                              "/local/domain/%u/device/console/%u/tty",
                              domid, num);
    case XK_CONSOLE_VUART:
        return xk__store_path(ctx, path, size, "/local/domain/%u/vuart/0/tty",
                              domid);
    default:
        return xk__error(ctx, XK_EINVAL, "unknown console type %u", type);
    }
}

/* xenconsoled names a pty under /dev; anything else in a node a guest's
 * toolstack wrote is not something we open. */
static int plausible_pty(const char *p)
{
    return strncmp(p, "/dev/pts/", 9) == 0 && !strstr(p, "..");
}

int xk_console_tty(xk_ctx *ctx, uint32_t domid, unsigned type, unsigned num,
                   char *path, size_t size)
{
    if (!ctx || !path || !size)
        return XK_EINVAL;
    xk__clear_error(ctx);
    return tty_node(ctx, domid, type, num, path, size);
}

int xk_console_open(xk_ctx *ctx, uint32_t domid, unsigned type, unsigned num,
                    int timeout_ms, int *fd_r)
{
    if (!ctx || !fd_r)
        return XK_EINVAL;
    *fd_r = -1;
    xk__clear_error(ctx);
    if (domid == 0)
        return xk__error(ctx, XK_EINVAL, "domain 0 has no console to attach "
                         "to");

    char node[XK_STORE_PATH_MAX];
    int rc = tty_node(ctx, domid, type, num, node, sizeof(node));
    if (rc)
        return rc;

    /* xenconsoled publishes the pty a moment after the domain appears
     * (xl create -c attaches before that): wait for the node. */
    struct xk_store_watch w;
    rc = xk__store_watch(ctx, &w, node);
    if (rc)
        return rc;
    int64_t deadline = xk__now_ms() + (timeout_ms < 0 ? 0 : timeout_ms);
    char pty[256];
    for (;;) {
        rc = xk__store_read_buf(ctx, XK_STORE_NOTXN, node, pty, sizeof(pty));
        if (rc == 0 && pty[0])
            break;
        if (rc && rc != XK_ENOENT)
            goto out;
        int64_t left = deadline - xk__now_ms();
        if (left <= 0) {
            rc = xk__error(ctx, XK_ENOENT, "domain %u has no console at %s",
                           domid, node);
            goto out;
        }
        rc = xk__store_wait_event(ctx, (int)left);
        if (rc < 0)
            goto out;
    }
    if (!plausible_pty(pty)) {
        rc = xk__error(ctx, XK_EGUEST, "console node %s names \"%s\", not a "
                       "pty", node, pty);
        goto out;
    }
    int fd = open(pty, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        rc = xk__error(ctx, errno == ENOENT ? XK_ENOENT : XK_EIO,
                       "cannot open console %s: %s", pty, strerror(errno));
        goto out;
    }
    /* Bytes pass through untouched: no echo, no CR/LF mapping, no signals. */
    struct termios t;
    if (tcgetattr(fd, &t) == 0) {
        cfmakeraw(&t);
        tcsetattr(fd, TCSANOW, &t);
    }
    *fd_r = fd;
    rc = 0;
out:
    xk__store_unwatch(ctx, &w);
    return rc;
}

/*
 * watch.c: xenstore watches used as wake-ups, and node permissions.
 *
 * Watches get a xenstored connection of their own, spoken to directly: on
 * a connection with a watch, xenstored's events arrive between replies,
 * and only libxenstore's reader thread sorts them out. The static
 * libxenstore Debian ships has no thread, so a request after a watch read
 * the watch's event as its reply and failed. Here a request is only ever
 * sent to register or drop a watch, and every event just marks the
 * connection as woken. Without xenstored's socket, libxenstore's own
 * watches are used.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <xenstore.h>
#include <xen/io/xs_wire.h>

#include "core/context.h"
#include "store/pipe.h"
#include "store/watch.h"

#define WATCH_REPLY_MS 30000

struct xk__watch_conn {
    int fd;
    bool woken;                 /* an event arrived, not yet reported */
    bool interrupted;           /* a signal cut the last wait short */
    size_t len;                 /* bytes of a partial message in buf */
    char buf[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];
};

void xk__store_watch_close(xk_ctx *ctx)
{
    if (!ctx->watch)
        return;
    if (ctx->watch->fd >= 0)
        close(ctx->watch->fd);
    free(ctx->watch);
    ctx->watch = NULL;
}

/* The context's watch connection; NULL (no error) when xenstored has no
 * socket to connect to. */
static struct xk__watch_conn *conn(xk_ctx *ctx)
{
    if (ctx->watch)
        return ctx->watch;
    int fd = xk__store_socket_connect();
    if (fd < 0)
        return NULL;
    struct xk__watch_conn *c = calloc(1, sizeof(*c));
    if (!c) {
        close(fd);
        return NULL;
    }
    c->fd = fd;
    ctx->watch = c;
    return c;
}

static int conn_failed(xk_ctx *ctx, const char *what, int e)
{
    xk__store_watch_close(ctx);
    return xk__error(ctx, XK_ESTORE, "xenstore watch connection: %s: %s",
                     what, e ? strerror(e) : "closed");
}

/* Consumes the whole messages in buf: events set woken; a reply (its
 * type, and the errno of an XS_ERROR) ends the parsing. Returns 1 when a
 * reply was consumed, 0 when more bytes are needed, or an error. */
static int parse(xk_ctx *ctx, struct xk__watch_conn *c, uint32_t *reply_type,
                 int *reply_err)
{
    for (;;) {
        struct xsd_sockmsg m;
        if (c->len < sizeof(m))
            return 0;
        memcpy(&m, c->buf, sizeof(m));
        if (m.len > XENSTORE_PAYLOAD_MAX)
            return conn_failed(ctx, "message too long", 0);
        size_t whole = sizeof(m) + m.len;
        if (c->len < whole)
            return 0;
        int is_reply = m.type != XS_WATCH_EVENT;
        if (is_reply) {
            const char *e = c->buf + sizeof(m);
            *reply_type = m.type;
            *reply_err = m.type != XS_ERROR ? 0
                       : m.len >= 7 && strncmp(e, "ENOENT", 6) == 0 ? ENOENT
                       : m.len >= 7 && strncmp(e, "EEXIST", 6) == 0 ? EEXIST
                       : EIO;
        } else {
            c->woken = true;
        }
        memmove(c->buf, c->buf + whole, c->len - whole);
        c->len -= whole;
        if (is_reply)
            return 1;
    }
}

/* Parses what is buffered, then, if that held no reply, waits up to
 * timeout_ms for more bytes and parses those. Same returns as parse. */
static int pump(xk_ctx *ctx, struct xk__watch_conn *c, int timeout_ms,
                uint32_t *reply_type, int *reply_err)
{
    int r = parse(ctx, c, reply_type, reply_err);
    if (r)
        return r;
    struct pollfd pf = { .fd = c->fd, .events = POLLIN };
    int n = poll(&pf, 1, timeout_ms);
    if (n < 0 && errno == EINTR) {
        c->interrupted = true;
        return 0;
    }
    if (n < 0)
        return conn_failed(ctx, "poll", errno);
    if (n == 0)
        return 0;
    ssize_t k = recv(c->fd, c->buf + c->len, sizeof(c->buf) - c->len,
                     MSG_DONTWAIT);
    if (k < 0 && (errno == EAGAIN || errno == EINTR))
        return 0;
    if (k <= 0)
        return conn_failed(ctx, "receive", k < 0 ? errno : 0);
    c->len += (size_t)k;
    return parse(ctx, c, reply_type, reply_err);
}

/* Sends type with "a\0b\0" and waits for its reply, noting events. */
static int request(xk_ctx *ctx, struct xk__watch_conn *c, uint32_t type,
                   const char *a, const char *b)
{
    size_t la = strlen(a) + 1, lb = strlen(b) + 1;
    char msg[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];
    struct xsd_sockmsg m = { .type = type, .req_id = 1, .tx_id = 0,
                             .len = (uint32_t)(la + lb) };
    if (la + lb > XENSTORE_PAYLOAD_MAX)
        return xk__error(ctx, XK_EINVAL, "xenstore path too long");
    memcpy(msg, &m, sizeof(m));
    memcpy(msg + sizeof(m), a, la);
    memcpy(msg + sizeof(m) + la, b, lb);
    size_t n = sizeof(m) + la + lb, off = 0;
    while (off < n) {
        ssize_t k = send(c->fd, msg + off, n - off, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return conn_failed(ctx, "send", errno);
        off += (size_t)k;
    }
    uint32_t rtype = 0;
    int rerr = 0;
    int64_t t0 = xk__now_ms();
    for (;;) {
        int r = pump(ctx, c, 1000, &rtype, &rerr);
        if (r < 0)
            return r;
        if (r == 1)
            break;
        if (xk__now_ms() - t0 > WATCH_REPLY_MS)
            return conn_failed(ctx, "no reply", ETIMEDOUT);
    }
    if (rerr)
        return xk__error(ctx, XK_ESTORE, "xenstore %s %s: %s",
                         type == XS_WATCH ? "watch" : "unwatch", a,
                         strerror(rerr));
    return 0;
}

int xk__store_watch(xk_ctx *ctx, struct xk_store_watch *w, const char *path)
{
    w->active = false;
    if (strlen(path) >= sizeof(w->path))
        return xk__error(ctx, XK_EINVAL, "xenstore path too long");
    strcpy(w->path, path);
    /* The object's address makes the token unique within the process. */
    snprintf(w->token, sizeof(w->token), "xk-%p", (void *)w);
    struct xk__watch_conn *c = conn(ctx);
    w->own = c != NULL;
    if (c) {
        int rc = request(ctx, c, XS_WATCH, w->path, w->token);
        if (rc)
            return rc;
        w->active = true;
        return 0;
    }
    int rc = xk__store_open(ctx);
    if (rc)
        return rc;
    if (!xs_watch(ctx->xs, w->path, w->token))
        return xk__error(ctx, XK_ESTORE, "xenstore watch %s: %s", path,
                         strerror(errno));
    w->active = true;
    return 0;
}

void xk__store_unwatch(xk_ctx *ctx, struct xk_store_watch *w)
{
    if (!w->active)
        return;
    w->active = false;
    if (w->own) {
        if (!ctx->watch)
            return;            /* the connection, and its watches, are gone */
        /* A failure here is not the caller's: keep its error. */
        struct xk__kept_error k;
        xk__error_keep(ctx, &k);
        request(ctx, ctx->watch, XS_UNWATCH, w->path, w->token);
        xk__error_put_back(ctx, &k);
        return;
    }
    if (ctx->xs)
        xs_unwatch(ctx->xs, w->path, w->token);
}

int xk__store_wait_event(xk_ctx *ctx, int timeout_ms)
{
    struct xk__watch_conn *c = ctx->watch;
    if (c) {
        uint32_t type;
        int err, r;
        int64_t spent = 0, t0 = xk__now_ms();
        /* Until an event is whole or the time is up: an event can come
         * in pieces, and a piece alone wakes nobody. A signal ends the
         * wait too, so that a daemon sees the flag its handler set. */
        c->interrupted = false;
        do {
            int64_t left = timeout_ms - spent;
            r = pump(ctx, c, c->woken || left < 0 ? 0 : (int)left, &type,
                     &err);
            if (r < 0)
                return r;
            spent = xk__now_ms() - t0;
        } while (!c->woken && !c->interrupted && spent < timeout_ms);
        /* Then whatever else is already there, without waiting. */
        while (r >= 0 && c->len < sizeof(c->buf)) {
            struct pollfd pf = { .fd = c->fd, .events = POLLIN };
            if (poll(&pf, 1, 0) <= 0)
                break;
            r = pump(ctx, c, 0, &type, &err);
        }
        if (r < 0)
            return r;
        int got = c->woken;
        c->woken = false;
        return got;
    }
    int rc = xk__store_open(ctx);
    if (rc)
        return rc;
    int fd = xs_fileno(ctx->xs);
    if (fd < 0)
        return xk__error(ctx, XK_ESTORE, "xenstore watch fd: %s",
                         strerror(errno));
    struct pollfd p = { .fd = fd, .events = POLLIN };
    int n = poll(&p, 1, timeout_ms < 0 ? 0 : timeout_ms);
    if (n < 0 && errno != EINTR)
        return xk__error(ctx, XK_ESTORE, "poll on xenstore: %s",
                         strerror(errno));
    int got = 0;
    char **ev;
    while ((ev = xs_check_watch(ctx->xs)) != NULL) {
        free(ev);
        got = 1;
    }
    return got;
}

int xk__store_set_perms(xk_ctx *ctx, xk_store_txn t, const char *path,
                        uint32_t owner, uint32_t reader)
{
    int rc = xk__store_open(ctx);
    if (rc)
        return rc;
    struct xs_permissions perms[2] = {
        { .id = owner, .perms = XS_PERM_NONE },
        { .id = reader, .perms = XS_PERM_READ },
    };
    unsigned n = owner == reader ? 1 : 2;
    if (!xs_set_permissions(ctx->xs, t, path, perms, n))
        return xk__error(ctx, XK_ESTORE, "xenstore set permissions %s: %s",
                         path, strerror(errno));
    return 0;
}

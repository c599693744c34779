/*
 * pipe.c: pipelined xenstore requests. libxenstore waits for each reply
 * before sending the next request, so a domain's ~90 nodes cost ~90 round
 * trips through xenstored, and in a busy dom0 each is a pair of context
 * switches (measured in the lab: 30-90 ms apiece under load). On its own
 * socket connection xenstored answers requests strictly in order, so we
 * send a whole batch at once and then read every reply: one round trip.
 *
 * Used only where dom0 reaches xenstored over its Unix socket; everything
 * else (and any surprise here) falls back to libxenstore, request by
 * request. Dom0's connection has no outstanding-request quota.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <xenstore_lib.h>
#include <xen/io/xs_wire.h>

#include "core/context.h"
#include "store/pipe.h"

#define PIPE_TIMEOUT_MS 30000

/* A connection to xenstored's socket: the fd, -1 when there is none to
 * connect to, or (without wait) -2 when xenstored has yet to accept the
 * ones before: it listens with a backlog of one and accepts one
 * connection per pass of its loop. Without wait the fd is non-blocking,
 * which the pipe takes (it polls before each read and write). */
static int socket_connect(bool wait)
{
    const char *path = xs_daemon_socket();
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    if (!path || strlen(path) >= sizeof(sa.sun_path))
        return -1;
    strcpy(sa.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC |
                    (wait ? 0 : SOCK_NONBLOCK), 0);
    if (fd < 0)
        return -1;
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
        int busy = !wait && errno == EAGAIN;
        close(fd);
        return busy ? -2 : -1;
    }
    return fd;
}

int xk__store_socket_connect(void)
{
    return socket_connect(true);
}

int xk__pipe_open(xk_ctx *ctx, struct xk__pipe *p)
{
    memset(p, 0, sizeof(*p));
    p->next_req = 1;
    (void)ctx;
    p->fd = socket_connect(true);
    return p->fd < 0 ? XK_EUNSUPPORTED : 0;
}

int xk__pipe_open_now(struct xk__pipe *p)
{
    memset(p, 0, sizeof(*p));
    p->next_req = 1;
    p->fd = socket_connect(false);
    return p->fd >= 0 ? 0 : p->fd == -2 ? XK_EBUSY : XK_EUNSUPPORTED;
}

void xk__pipe_close(struct xk__pipe *p)
{
    if (p->fd >= 0)
        close(p->fd);
    p->fd = -1;
    free(p->out);
    p->out = NULL;
    p->out_len = p->out_cap = 0;
    free(p->in);
    p->in = NULL;
    p->in_off = p->in_len = 0;
}

static int fail(xk_ctx *ctx, const char *what, int e)
{
    return xk__error(ctx, XK_ESTORE, "xenstore %s: %s", what, strerror(e));
}

static int out_of_step(xk_ctx *ctx)
{
    return xk__error(ctx, XK_ESTORE, "xenstore connection out of step "
                     "after an earlier failure");
}

void xk__pipe_unqueue(struct xk__pipe *p)
{
    p->out_len = 0;
    p->queued = 0;
}

int xk__pipe_queue(xk_ctx *ctx, struct xk__pipe *p, uint32_t type,
                   uint32_t tx, const char *a, size_t alen, const char *b,
                   size_t blen)
{
    if (p->broken)
        return out_of_step(ctx);
    size_t len = alen + blen;
    if (len > XENSTORE_PAYLOAD_MAX)
        return xk__error(ctx, XK_EINVAL, "xenstore request too long");
    size_t need = p->out_len + sizeof(struct xsd_sockmsg) + len;
    if (need > p->out_cap) {
        size_t cap = p->out_cap ? p->out_cap : 8192;
        while (cap < need)
            cap *= 2;
        char *o = realloc(p->out, cap);
        if (!o)
            return xk__error(ctx, XK_ENOMEM, "out of memory");
        p->out = o;
        p->out_cap = cap;
    }
    if (type == XS_TRANSACTION_START)
        p->txns++;
    struct xsd_sockmsg m = {
        .type = type, .req_id = p->next_req++, .tx_id = tx,
        .len = (uint32_t)len,
    };
    memcpy(p->out + p->out_len, &m, sizeof(m));
    p->out_len += sizeof(m);
    if (alen)
        memcpy(p->out + p->out_len, a, alen);
    p->out_len += alen;
    if (blen)
        memcpy(p->out + p->out_len, b, blen);
    p->out_len += blen;
    p->queued++;
    return 0;
}

/* Writes first and polls only when the socket is full: a poll before
 * every write was one more system call per exchange. */
static int send_all(xk_ctx *ctx, int fd, const char *buf, size_t n)
{
    while (n) {
        ssize_t k = send(fd, buf, n, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd pf = { .fd = fd, .events = POLLOUT };
            int r = poll(&pf, 1, PIPE_TIMEOUT_MS);
            if (r == 0)
                return xk__error(ctx, XK_ETIMEDOUT,
                                 "xenstore did not answer");
            if (r < 0 && errno != EINTR)
                return fail(ctx, "poll", errno);
            continue;
        }
        if (k < 0)
            return fail(ctx, "send", errno);
        buf += k;
        n -= (size_t)k;
    }
    return 0;
}

/* Replies are read in large chunks and taken from there: a read (and a
 * poll) per header and per payload made the system calls, not xenstored,
 * the cost of a few hundred pipelined reads. */
#define PIPE_IN_SIZE 65536

static int take(xk_ctx *ctx, struct xk__pipe *p, char *dst, size_t n)
{
    while (n) {
        if (p->in_off == p->in_len) {
            if (!p->in && !(p->in = malloc(PIPE_IN_SIZE)))
                return xk__error(ctx, XK_ENOMEM, "out of memory");
            struct pollfd pf = { .fd = p->fd, .events = POLLIN };
            int r = poll(&pf, 1, PIPE_TIMEOUT_MS);
            if (r == 0)
                return xk__error(ctx, XK_ETIMEDOUT, "xenstore did not answer");
            if (r < 0 && errno == EINTR)
                continue;
            if (r < 0)
                return fail(ctx, "poll", errno);
            ssize_t k = read(p->fd, p->in, PIPE_IN_SIZE);
            if (k < 0 && (errno == EINTR || errno == EAGAIN))
                continue;
            if (k < 0)
                return fail(ctx, "receive", errno);
            if (k == 0)
                return xk__error(ctx, XK_ESTORE,
                                 "xenstore closed the connection");
            p->in_off = 0;
            p->in_len = (size_t)k;
        }
        size_t c = p->in_len - p->in_off;
        if (c > n)
            c = n;
        memcpy(dst, p->in + p->in_off, c);
        p->in_off += c;
        dst += c;
        n -= c;
    }
    return 0;
}

/* The errno of an XS_ERROR reply's name ("ENOENT"). */
static int wire_errno(const char *name)
{
    static const struct { const char *n; int e; } t[] = {
        { "ENOENT", ENOENT }, { "EAGAIN", EAGAIN }, { "EACCES", EACCES },
        { "EEXIST", EEXIST }, { "EINVAL", EINVAL }, { "ENOSPC", ENOSPC },
        { "EBUSY", EBUSY }, { "E2BIG", E2BIG }, { "EPERM", EPERM },
        { "ENOMEM", ENOMEM }, { "EQUOTA", EDQUOT },
    };
    for (size_t i = 0; i < sizeof(t) / sizeof(*t); i++)
        if (strcmp(name, t[i].n) == 0)
            return t[i].e;
    return EIO;
}

int xk__pipe_send(xk_ctx *ctx, struct xk__pipe *p)
{
    if (p->broken)
        return out_of_step(ctx);
    int rc = send_all(ctx, p->fd, p->out, p->out_len);
    p->awaited += p->queued;
    p->out_len = 0;
    p->queued = 0;
    p->broken = rc != 0;
    return rc;
}

static int receive(xk_ctx *ctx, struct xk__pipe *p,
                   struct xk__pipe_reply *replies, size_t n)
{
    if (n > p->awaited)
        return out_of_step(ctx);
    p->awaited -= n;
    for (size_t i = 0; i < n; i++) {
        struct xsd_sockmsg m;
        int rc = take(ctx, p, (char *)&m, sizeof(m));
        if (rc)
            return rc;
        if (m.len > XENSTORE_PAYLOAD_MAX || m.type == XS_WATCH_EVENT)
            return xk__error(ctx, XK_ESTORE, "unexpected xenstore reply");
        char *data = malloc(m.len + 1);
        if (!data)
            return xk__error(ctx, XK_ENOMEM, "out of memory");
        rc = take(ctx, p, data, m.len);
        if (rc) {
            free(data);
            return rc;
        }
        data[m.len] = '\0';
        struct xk__pipe_reply *r = &replies[i];
        r->err = m.type == XS_ERROR ? wire_errno(data) : 0;
        r->data = data;
        r->len = m.len;
    }
    return 0;
}

int xk__pipe_receive(xk_ctx *ctx, struct xk__pipe *p,
                     struct xk__pipe_reply *replies, size_t n)
{
    if (p->broken)
        return out_of_step(ctx);
    int rc = receive(ctx, p, replies, n);
    p->broken = rc != 0;
    return rc;
}

int xk__pipe_exchange(xk_ctx *ctx, struct xk__pipe *p,
                      struct xk__pipe_reply *replies, size_t n)
{
    if (p->awaited)
        return out_of_step(ctx);   /* the replies would be others' */
    int rc = xk__pipe_send(ctx, p);
    return rc ? rc : xk__pipe_receive(ctx, p, replies, n);
}

void xk__pipe_replies_free(struct xk__pipe_reply *r, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(r[i].data);
        r[i].data = NULL;
    }
}

/*
 * conns.c: the name service's watch connections (service.h). They are
 * spoken to directly, as in store/watch.c: events arrive between replies,
 * and xenstored answers a connection's requests in order, so each reply
 * is matched with the oldest request waiting on that connection.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/context.h"
#include "names/service.h"
#include "store/pipe.h"

/* How long an exchange waits for xenstored before giving up on it. */
#define STORE_REPLY_MS 10000
#define TOKEN_PREFIX "xkn-"
#define RELEASE_TOKEN "xkn-release"

struct xk__names_entry *xk__names_entry(struct xk_name_service *s,
                                        uint32_t domid)
{
    if (!s->e[domid])
        s->e[domid] = calloc(1, sizeof(*s->e[domid]));
    return s->e[domid];
}

void xk__names_entry_free(struct xk_name_service *s, uint32_t domid)
{
    struct xk__names_entry *e = s->e[domid];
    if (!e)
        return;
    if (e->state == XK__E_WATCHED || e->pending)
        s->c[e->conn].watches--;
    free(e->name);
    free(e);
    s->e[domid] = NULL;
}

int xk__names_entry_take(struct xk__names_entry *e, int err,
                         const char *data, size_t len)
{
    e->dirty = false;
    if (err == ENOENT) {
        free(e->name);
        e->name = NULL;
        e->absent = true;
        return 0;
    }
    char *name = err || len > XK__NAMES_NAME_MAX ? NULL : strndup(data, len);
    if (!name) {
        e->dirty = true;
        return err || len > XK__NAMES_NAME_MAX ? 0 : -1;
    }
    free(e->name);
    e->name = name;
    e->absent = false;
    return 0;
}

void xk__names_reset(struct xk_name_service *s)
{
    for (size_t i = 0; i < XK__NAMES_CONNS; i++) {
        struct xk__names_conn *c = &s->c[i];
        if (c->fd >= 0)
            close(c->fd);
        c->fd = -1;
        c->in_len = 0;
        c->out.len = 0;
        c->q_head = c->q_len = 0;
    }
    for (uint32_t id = 0; id < XK__NAMES_DOMID_LIMIT; id++)
        xk__names_entry_free(s, id);
    for (size_t i = 0; i < XK__NAMES_CONNS; i++)
        s->c[i].watches = 0;
}

static int queue(struct xk__names_conn *c, unsigned char kind,
                 uint32_t domid, uint32_t type, const char *a, const char *b);

int xk__names_assign(struct xk_name_service *s, uint32_t domid)
{
    size_t total = 0;
    for (size_t i = 0; i < XK__NAMES_CONNS; i++)
        total += s->c[i].watches;
    size_t k = total / XK__NAMES_PER_CONN + 1, best = 0;
    if (k > XK__NAMES_CONNS)
        k = XK__NAMES_CONNS;
    for (size_t i = 1; i < k; i++)
        if (s->c[i].watches < s->c[best].watches)
            best = i;
    struct xk__names_conn *c = &s->c[best];
    if (c->fd < 0) {
        if ((c->fd = xk__store_socket_connect()) < 0)
            return -1;
        /* Its reply is a sync's: nothing to take from it. */
        if (best == 0 && queue(c, XK__R_SYNC, 0, XS_WATCH, "@releaseDomain",
                               RELEASE_TOKEN))
            return -1;
    }
    c->watches++;
    s->e[domid]->conn = (unsigned char)best;
    return 0;
}

static int queue(struct xk__names_conn *c, unsigned char kind,
                 uint32_t domid, uint32_t type, const char *a, const char *b)
{
    size_t la = strlen(a) + 1, lb = b ? strlen(b) + 1 : 0;
    struct xsd_sockmsg m = { .type = type, .req_id = 0, .tx_id = 0,
                             .len = (uint32_t)(la + lb) };
    if (c->q_len == c->q_cap) {
        size_t cap = c->q_cap ? c->q_cap * 2 : 64;
        struct xk__names_req *q = realloc(c->q, cap * sizeof(*q));
        if (!q)
            return XK_ENOMEM;
        c->q = q;
        c->q_cap = cap;
    }
    size_t mark = c->out.len;
    if (xk__names_buf_append(&c->out, &m, sizeof(m)) ||
        xk__names_buf_append(&c->out, a, la) ||
        (lb && xk__names_buf_append(&c->out, b, lb))) {
        c->out.len = mark;
        return XK_ENOMEM;
    }
    c->q[c->q_len++] = (struct xk__names_req){ .kind = kind,
                                                .domid = domid };
    return 0;
}

int xk__names_queue_on_name(struct xk_name_service *s, unsigned char kind,
                            uint32_t domid, uint32_t type)
{
    char path[48], token[24];
    snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
    snprintf(token, sizeof(token), TOKEN_PREFIX "%u", domid);
    return queue(&s->c[s->e[domid]->conn], kind, domid, type, path,
                 type == XS_READ ? NULL : token);
}

int xk__names_queue_syncs(struct xk_name_service *s)
{
    for (size_t i = 0; i < XK__NAMES_CONNS; i++)
        if (s->c[i].fd >= 0 && s->c[i].watches &&
            queue(&s->c[i], XK__R_SYNC, 0, XS_GET_DOMAIN_PATH, "0", NULL))
            return -1;
    return 0;
}

int xk__names_send(struct xk_name_service *s)
{
    for (size_t i = 0; i < XK__NAMES_CONNS; i++) {
        struct xk__names_conn *c = &s->c[i];
        for (size_t off = 0; off < c->out.len;) {
            ssize_t k = send(c->fd, c->out.data + off, c->out.len - off,
                             MSG_NOSIGNAL);
            if (k < 0 && errno == EINTR)
                continue;
            if (k < 0)
                return -1;
            off += (size_t)k;
        }
        c->out.len = 0;
    }
    return 0;
}

bool xk__names_busy(const struct xk_name_service *s)
{
    for (size_t i = 0; i < XK__NAMES_CONNS; i++)
        if (s->c[i].q_len)
            return true;
    return false;
}

/* An event: "PATH\0TOKEN\0", the token ours with the domain's id. */
static void on_event(struct xk_name_service *s, const char *p, size_t len)
{
    const char *path_end = memchr(p, '\0', len);
    if (!path_end)
        return;
    const char *token = path_end + 1;
    size_t left = len - (size_t)(token - p);
    char copy[24];
    const char *token_end = memchr(token, '\0', left);
    if (!token_end || (size_t)(token_end - token) >= sizeof(copy))
        return;
    memcpy(copy, token, (size_t)(token_end - token) + 1);
    if (strcmp(copy, RELEASE_TOKEN) == 0) {
        s->released = true;
        return;
    }
    if (strncmp(copy, TOKEN_PREFIX, strlen(TOKEN_PREFIX)) != 0)
        return;
    char *end;
    const char *num = copy + strlen(TOKEN_PREFIX);
    unsigned long id = strtoul(num, &end, 10);
    if (end == num || *end || id >= XK__NAMES_DOMID_LIMIT || !s->e[id])
        return;
    if (!s->e[id]->reading)
        s->e[id]->dirty = true;
}

static bool error_is(const char *p, size_t len, const char *what)
{
    return len >= strlen(what) && strncmp(p, what, strlen(what)) == 0;
}

static int on_reply(struct xk_name_service *s, struct xk__names_conn *c,
                    uint32_t type, const char *p, size_t len)
{
    if (c->q_head == c->q_len)
        return -1;              /* a reply nobody asked for */
    struct xk__names_req r = c->q[c->q_head++];
    if (c->q_head == c->q_len)
        c->q_head = c->q_len = 0;
    struct xk__names_entry *e = r.domid < XK__NAMES_DOMID_LIMIT
                              ? s->e[r.domid] : NULL;
    bool failed = type == XS_ERROR;
    if (!e || r.kind == XK__R_UNWATCH || r.kind == XK__R_SYNC)
        return 0;
    if (r.kind == XK__R_WATCH) {
        /* EEXIST: the watch is there all the same. */
        bool there = !failed || error_is(p, len, "EEXIST");
        e->state = there ? XK__E_WATCHED : XK__E_FAILED;
        e->pending = false;
        if (!there)
            c->watches--;
        if (!e->reading)
            e->dirty = true;    /* never read */
        return 0;
    }
    e->reading = false;
    int err = !failed ? 0 : error_is(p, len, "ENOENT") ? ENOENT : EIO;
    return xk__names_entry_take(e, err, p, len);
}

/* Takes every whole message buffered on c. */
static int parse(struct xk_name_service *s, struct xk__names_conn *c)
{
    for (;;) {
        struct xsd_sockmsg m;
        if (c->in_len < sizeof(m))
            return 0;
        memcpy(&m, c->in, sizeof(m));
        if (m.len > XENSTORE_PAYLOAD_MAX)
            return -1;
        size_t whole = sizeof(m) + m.len;
        if (c->in_len < whole)
            return 0;
        const char *p = c->in + sizeof(m);
        if (m.type == XS_WATCH_EVENT)
            on_event(s, p, m.len);
        else if (on_reply(s, c, m.type, p, m.len))
            return -1;
        memmove(c->in, c->in + whole, c->in_len - whole);
        c->in_len -= whole;
    }
}

int xk__names_pump(struct xk_name_service *s, int timeout_ms)
{
    struct pollfd pf[XK__NAMES_CONNS];
    size_t n = 0;
    for (size_t i = 0; i < XK__NAMES_CONNS; i++)
        if (s->c[i].fd >= 0)
            pf[n++] = (struct pollfd){ .fd = s->c[i].fd, .events = POLLIN };
    int got = poll(pf, n, timeout_ms);
    if (got <= 0)
        return got < 0 && errno != EINTR ? -1 : 0;
    for (size_t i = 0, j = 0; i < XK__NAMES_CONNS; i++) {
        struct xk__names_conn *c = &s->c[i];
        if (c->fd < 0 || !pf[j++].revents)
            continue;
        ssize_t k = recv(c->fd, c->in + c->in_len,
                         sizeof(c->in) - c->in_len, MSG_DONTWAIT);
        if (k < 0 && (errno == EAGAIN || errno == EINTR))
            continue;
        if (k <= 0)
            return -1;
        c->in_len += (size_t)k;
        if (parse(s, c))
            return -1;
    }
    return 0;
}

int xk__names_exchange(struct xk_name_service *s)
{
    if (xk__names_send(s))
        return -1;
    int64_t deadline = xk__now_ms() + STORE_REPLY_MS;
    while (xk__names_busy(s)) {
        int64_t left = deadline - xk__now_ms();
        if (left <= 0 || xk__names_pump(s, (int)left))
            return -1;
    }
    return 0;
}

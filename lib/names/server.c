/*
 * server.c: the name service (names.h). A watch on every domain's name,
 * registered when a question first finds the domain and dropped when a
 * question finds it gone; a name is read again only after its watch fired.
 * Each question costs xenstored one request (the round trip that flushes
 * the events before it) plus a read per name that changed.
 *
 * The watch connection is spoken to directly, as in store/watch.c: events
 * arrive between replies, and xenstored answers a connection's requests
 * in order, so each reply is matched with the oldest request waiting.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <xen/io/xs_wire.h>

#include "core/context.h"
#include "names/names.h"
#include "store/fan.h"
#include "store/pipe.h"

#define DOMID_LIMIT 0x7FF0
/* How long one question waits for xenstored before giving up on the
 * connection (and answering with no names). */
#define STORE_REPLY_MS 10000
/* Changed names up to this many are read on the watch connection; more
 * are spread over several (store/fan.h says why). */
#define FEW_READS 12
#define CLIENTS_MAX 64
#define ANSWER_SEND_MS 1000
#define TOKEN_PREFIX "xkn-"

enum entry_state { E_NEW, E_WATCHED, E_FAILED };

struct entry {
    unsigned char state;    /* E_NEW until xenstored took the watch */
    bool dirty;             /* fired (or never read) since the last read */
    bool reading;           /* a read of it awaits its reply on the watch
                             * connection: events before that reply are
                             * of writes the read already sees */
    bool pending;           /* its watch awaits xenstored's reply */
    bool seen;              /* in this question's hypervisor list */
    bool absent;            /* read: the domain has no name node */
    char *name;             /* read: its name */
};

enum req_kind { R_WATCH, R_UNWATCH, R_SYNC, R_READ };

struct req {
    unsigned char kind;
    uint32_t domid;
};

struct xk_name_service {
    int listen_fd;
    char *path;
    int xs_fd;              /* the watch connection; -1 until a question */
    char in[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];
    size_t in_len;
    struct xk__names_buf out;      /* requests not yet sent */
    struct req *q;                 /* requests awaiting their replies */
    size_t q_head, q_len, q_cap;
    struct entry *e[DOMID_LIMIT];
};

static void entry_free(struct xk_name_service *s, uint32_t id)
{
    if (!s->e[id])
        return;
    free(s->e[id]->name);
    free(s->e[id]);
    s->e[id] = NULL;
}

/* Forgets the connection and, with it, every watch and name. */
static void store_reset(struct xk_name_service *s)
{
    if (s->xs_fd >= 0)
        close(s->xs_fd);
    s->xs_fd = -1;
    s->in_len = 0;
    s->out.len = 0;
    s->q_head = s->q_len = 0;
    for (uint32_t id = 0; id < DOMID_LIMIT; id++)
        entry_free(s, id);
}

static int queue(struct xk_name_service *s, unsigned char kind,
                 uint32_t domid, uint32_t type, const char *a, const char *b)
{
    size_t la = strlen(a) + 1, lb = b ? strlen(b) + 1 : 0;
    struct xsd_sockmsg m = { .type = type, .req_id = 0, .tx_id = 0,
                             .len = (uint32_t)(la + lb) };
    if (s->q_len == s->q_cap) {
        size_t cap = s->q_cap ? s->q_cap * 2 : 256;
        struct req *q = realloc(s->q, cap * sizeof(*q));
        if (!q)
            return XK_ENOMEM;
        s->q = q;
        s->q_cap = cap;
    }
    struct xk__names_buf *o = &s->out;
    if (o->cap - o->len < sizeof(m) + la + lb) {
        size_t cap = o->cap ? o->cap : 16384;
        while (cap - o->len < sizeof(m) + la + lb)
            cap *= 2;
        char *d = realloc(o->data, cap);
        if (!d)
            return XK_ENOMEM;
        o->data = d;
        o->cap = cap;
    }
    memcpy(o->data + o->len, &m, sizeof(m));
    memcpy(o->data + o->len + sizeof(m), a, la);
    if (lb)
        memcpy(o->data + o->len + sizeof(m) + la, b, lb);
    o->len += sizeof(m) + la + lb;
    s->q[s->q_len++] = (struct req){ .kind = kind, .domid = domid };
    return 0;
}

static int queue_on_name(struct xk_name_service *s, unsigned char kind,
                         uint32_t domid, uint32_t type)
{
    char path[48], token[24];
    snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
    snprintf(token, sizeof(token), TOKEN_PREFIX "%u", domid);
    return queue(s, kind, domid, type, path, type == XS_READ ? NULL : token);
}

static int send_queued(struct xk_name_service *s)
{
    for (size_t off = 0; off < s->out.len;) {
        ssize_t k = send(s->xs_fd, s->out.data + off, s->out.len - off,
                         MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return -1;
        off += (size_t)k;
    }
    s->out.len = 0;
    return 0;
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
    if (strncmp(copy, TOKEN_PREFIX, strlen(TOKEN_PREFIX)) != 0)
        return;
    char *end;
    const char *num = copy + strlen(TOKEN_PREFIX);
    unsigned long id = strtoul(num, &end, 10);
    if (end == num || *end || id >= DOMID_LIMIT || !s->e[id])
        return;
    if (!s->e[id]->reading)
        s->e[id]->dirty = true;
}

static int on_reply(struct xk_name_service *s, uint32_t type, const char *p,
                    size_t len)
{
    if (s->q_head == s->q_len)
        return -1;              /* a reply nobody asked for */
    struct req r = s->q[s->q_head++];
    if (s->q_head == s->q_len)
        s->q_head = s->q_len = 0;
    struct entry *e = r.domid < DOMID_LIMIT ? s->e[r.domid] : NULL;
    bool failed = type == XS_ERROR;
    if (!e || r.kind == R_UNWATCH || r.kind == R_SYNC)
        return 0;
    if (r.kind == R_WATCH) {
        /* EEXIST: the watch is there all the same. */
        bool there = !failed || (len >= 6 && strncmp(p, "EEXIST", 6) == 0);
        e->state = there ? E_WATCHED : E_FAILED;
        e->pending = false;
        if (!e->reading)
            e->dirty = true;    /* never read */
        return 0;
    }
    e->reading = false;
    e->dirty = false;
    if (failed && len >= 6 && strncmp(p, "ENOENT", 6) == 0) {
        free(e->name);
        e->name = NULL;
        e->absent = true;
    } else if (failed || len > XK__NAMES_NAME_MAX) {
        e->dirty = true;        /* not known: the list reads it itself */
    } else {
        char *name = strndup(p, len);
        if (!name)
            return -1;
        free(e->name);
        e->name = name;
        e->absent = false;
    }
    return 0;
}

/* Takes every whole message buffered: 0, or -1 when the connection makes
 * no sense any more. */
static int parse(struct xk_name_service *s)
{
    for (;;) {
        struct xsd_sockmsg m;
        if (s->in_len < sizeof(m))
            return 0;
        memcpy(&m, s->in, sizeof(m));
        if (m.len > XENSTORE_PAYLOAD_MAX)
            return -1;
        size_t whole = sizeof(m) + m.len;
        if (s->in_len < whole)
            return 0;
        const char *p = s->in + sizeof(m);
        if (m.type == XS_WATCH_EVENT)
            on_event(s, p, m.len);
        else if (on_reply(s, m.type, p, m.len))
            return -1;
        memmove(s->in, s->in + whole, s->in_len - whole);
        s->in_len -= whole;
    }
}

/* Reads what xenstored sent, waiting up to timeout_ms for it. */
static int pump(struct xk_name_service *s, int timeout_ms)
{
    struct pollfd pf = { .fd = s->xs_fd, .events = POLLIN };
    int n = poll(&pf, 1, timeout_ms);
    if (n <= 0)
        return n < 0 && errno != EINTR ? -1 : 0;
    ssize_t k = recv(s->xs_fd, s->in + s->in_len, sizeof(s->in) - s->in_len,
                     MSG_DONTWAIT);
    if (k < 0 && (errno == EAGAIN || errno == EINTR))
        return 0;
    if (k <= 0)
        return -1;
    s->in_len += (size_t)k;
    return parse(s);
}

static long ms_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - t0->tv_sec) * 1000 +
           (now.tv_nsec - t0->tv_nsec) / 1000000;
}

/* Sends what is queued and takes every reply to it. */
static int exchange(struct xk_name_service *s)
{
    if (send_queued(s))
        return -1;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (s->q_head < s->q_len) {
        long left = STORE_REPLY_MS - ms_since(&t0);
        if (left <= 0 || pump(s, (int)left))
            return -1;
    }
    s->q_head = s->q_len = 0;
    return 0;
}

/* The entry of list[i] when its name is to be read: watched (or about
 * to be) and changed or never read, and no read of it awaiting a reply. */
static struct entry *to_read(struct xk_name_service *s,
                             const xk_dominfo *list, size_t i)
{
    struct entry *e = list[i].domid < DOMID_LIMIT ? s->e[list[i].domid]
                                                  : NULL;
    return e && e->state != E_FAILED && e->dirty && !e->reading ? e : NULL;
}

static size_t count_to_read(struct xk_name_service *s,
                            const xk_dominfo *list, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += to_read(s, list, i) != NULL;
    return k;
}

/* Queues a read on the watch connection of every name to read. */
static int queue_reads(struct xk_name_service *s, const xk_dominfo *list,
                       size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct entry *e = to_read(s, list, i);
        if (!e)
            continue;
        e->reading = true;
        if (queue_on_name(s, R_READ, list[i].domid, XS_READ))
            return -1;
    }
    return 0;
}

/* Reads the changed names of the domains listed: on the watch
 * connection when few, else spread over a fan. A fan that fails leaves
 * them unread (the list reads them itself). */
static int read_changed(xk_ctx *ctx, struct xk_name_service *s,
                        const xk_dominfo *list, size_t n)
{
    size_t k = count_to_read(s, list, n);
    if (k == 0)
        return 0;
    if (k <= FEW_READS)
        return queue_reads(s, list, n) || exchange(s) ? -1 : 0;
    char **paths = calloc(k, sizeof(*paths));
    char (*buf)[48] = calloc(k, sizeof(*buf));
    uint32_t *ids = calloc(k, sizeof(*ids));
    struct xk__pipe_reply *r = calloc(k, sizeof(*r));
    struct xk__fan fan;
    bool fan_open = false;
    int rc = paths && buf && ids && r ? 0 : -1;
    for (size_t i = 0, j = 0; !rc && i < n; i++) {
        if (!to_read(s, list, i))
            continue;
        ids[j] = list[i].domid;
        snprintf(buf[j], sizeof(buf[j]), "/local/domain/%u/name", ids[j]);
        paths[j] = buf[j];
        j++;
    }
    if (!rc)
        fan_open = xk__fan_open(ctx, &fan, 1) == 0;
    if (fan_open && xk__fan_read_many(ctx, &fan, (k + 11) / 12, paths, k,
                                      r) == 0) {
        for (size_t j = 0; j < k; j++) {
            struct entry *e = s->e[ids[j]];
            e->dirty = false;
            bool gone = r[j].err == ENOENT;
            if (r[j].err && !gone) {
                e->dirty = true;
                continue;
            }
            char *name = gone ? NULL : strdup(r[j].data);
            if (!gone && (!name || strlen(name) > XK__NAMES_NAME_MAX)) {
                free(name);
                e->dirty = true;
                continue;
            }
            free(e->name);
            e->name = name;
            e->absent = gone;
        }
    }
    xk__clear_error(ctx);
    if (fan_open)
        xk__fan_close(&fan);
    if (r)
        xk__pipe_replies_free(r, k);
    free(r);
    free(ids);
    free(buf);
    free(paths);
    return rc;
}

/* Queues a watch on the name of every listed domain without one. */
static int queue_watches(struct xk_name_service *s, const xk_dominfo *list,
                         size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t id = list[i].domid;
        struct entry *e = id < DOMID_LIMIT ? s->e[id] : NULL;
        if (!e || e->state != E_NEW || e->pending)
            continue;
        e->dirty = true;
        e->pending = true;
        if (queue_on_name(s, R_WATCH, id, XS_WATCH))
            return -1;
    }
    return 0;
}

/* Brings the watches up to the hypervisor's list, flushes the events
 * before now and reads the names that changed: 0, and the names known
 * are current. A few new domains' watches, and reads, go in the same
 * exchange as the flush; many (the first question with 200 domains up)
 * would keep this question waiting a second or two on xenstored, so
 * their watches are registered after the answer, while the service
 * waits for the next question, which gets them if they are all in by
 * then. 1 when nothing can be known now (registrations under way); -1
 * when xenstored could not be asked: the connection and what it knew
 * are dropped. */
static int refresh(xk_ctx *ctx, struct xk_name_service *s,
                   const xk_dominfo *list, size_t n)
{
    if (s->xs_fd < 0 && (s->xs_fd = xk__store_socket_connect()) < 0)
        return -1;
    for (uint32_t id = 0; id < DOMID_LIMIT; id++)
        if (s->e[id])
            s->e[id]->seen = false;
    size_t fresh = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t id = list[i].domid;
        if (id >= DOMID_LIMIT)
            continue;
        if (!s->e[id] && !(s->e[id] = calloc(1, sizeof(struct entry))))
            goto fail;
        s->e[id]->seen = true;
        fresh += s->e[id]->state == E_NEW && !s->e[id]->pending;
    }
    bool busy = s->q_len > 0;   /* registrations still under way */
    bool with_flush = !busy && fresh <= FEW_READS;
    /* A read after the watch sees every write the watch does not. */
    if (with_flush && (queue_watches(s, list, n) ||
                       (count_to_read(s, list, n) <= FEW_READS &&
                        queue_reads(s, list, n))))
        goto fail;
    for (uint32_t id = 0; id < DOMID_LIMIT; id++) {
        struct entry *e = s->e[id];
        if (!e || e->seen || e->pending)
            continue;
        if (e->state == E_WATCHED &&
            queue_on_name(s, R_UNWATCH, id, XS_UNWATCH))
            goto fail;
        entry_free(s, id);
    }
    if (busy) {
        if (queue_watches(s, list, n) || send_queued(s))
            goto fail;
        return 1;
    }
    /* Its reply comes after every event xenstored queued before it. */
    if (queue(s, R_SYNC, 0, XS_GET_DOMAIN_PATH, "0", NULL) ||
        exchange(s) || read_changed(ctx, s, list, n))
        goto fail;
    if (!with_flush && (queue_watches(s, list, n) || send_queued(s)))
        goto fail;
    return 0;
fail:
    store_reset(s);
    return -1;
}

/* The answer for the domains listed: those whose name is known. */
static int answer(struct xk_name_service *s, const xk_dominfo *list,
                  size_t n, bool known, struct xk__names_buf *b)
{
    int rc = xk__names_put_start(b);
    for (size_t i = 0; !rc && known && i < n; i++) {
        const struct entry *e = list[i].domid < DOMID_LIMIT
                              ? s->e[list[i].domid] : NULL;
        if (e && e->state == E_WATCHED && !e->dirty &&
            (e->absent || e->name))
            rc = xk__names_put(b, list[i].domid, e->absent ? NULL : e->name);
    }
    return rc ? rc : xk__names_put_end(b);
}

static void send_answer(int fd, const struct xk__names_buf *b)
{
    struct timeval tv = { .tv_sec = ANSWER_SEND_MS / 1000,
                          .tv_usec = ANSWER_SEND_MS % 1000 * 1000 };
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    for (size_t off = 0; off < b->len;) {
        ssize_t k = send(fd, b->data + off, b->len - off, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;              /* gone or stuck: it reads names itself */
        off += (size_t)k;
    }
    close(fd);
}

int xk_name_service_open(xk_ctx *ctx, xk_name_service **s_r)
{
    if (!ctx || !s_r)
        return XK_EINVAL;
    *s_r = NULL;
    xk__clear_error(ctx);
    const char *path = xk__names_socket();
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    if (strlen(path) >= sizeof(sa.sun_path))
        return xk__error(ctx, XK_EINVAL, "name service socket %s: path too "
                         "long", path);
    strcpy(sa.sun_path, path);
    xk_name_service *s = calloc(1, sizeof(*s));
    if (!s || !(s->path = strdup(path))) {
        free(s);
        return xk__error(ctx, XK_ENOMEM, "cannot allocate the name service");
    }
    s->xs_fd = -1;
    char *slash = strrchr(s->path, '/');
    if (slash && slash != s->path) {
        *slash = '\0';
        mkdir(s->path, 0700);
        *slash = '/';
    }
    /* The caller is the only server (xenkit-monitord holds its lock): a
     * socket left by one that died answers nobody. */
    unlink(path);
    s->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC |
                          SOCK_NONBLOCK, 0);
    mode_t old = umask(0077);
    int rc = s->listen_fd < 0 ||
             bind(s->listen_fd, (struct sockaddr *)&sa, sizeof(sa)) ||
             listen(s->listen_fd, CLIENTS_MAX);
    umask(old);
    if (rc) {
        rc = xk__error(ctx, XK_EIO, "name service socket %s: %s", path,
                       strerror(errno));
        if (s->listen_fd >= 0)
            close(s->listen_fd);
        free(s->path);
        free(s);
        return rc;
    }
    *s_r = s;
    return 0;
}

int xk_name_service_step(xk_ctx *ctx, xk_name_service *s, int timeout_ms)
{
    if (!ctx || !s)
        return XK_EINVAL;
    xk__clear_error(ctx);
    struct pollfd pf[2] = {
        { .fd = s->listen_fd, .events = POLLIN },
        { .fd = s->xs_fd, .events = POLLIN },
    };
    int got = poll(pf, s->xs_fd >= 0 ? 2 : 1, timeout_ms);
    if (got < 0 && errno != EINTR)
        return xk__error(ctx, XK_EIO, "name service: poll: %s",
                         strerror(errno));
    /* Events between questions, and replies to watches registered after
     * an answer: taken now, so none piles up. */
    if (got > 0 && s->xs_fd >= 0 && pf[1].revents && pump(s, 0))
        store_reset(s);
    if (got <= 0 || !pf[0].revents)
        return 0;
    int clients[CLIENTS_MAX];
    size_t nc = 0;
    while (nc < CLIENTS_MAX) {
        int fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC);
        if (fd < 0)
            break;
        clients[nc++] = fd;
    }
    if (nc == 0)
        return 0;
    /* One refresh answers every question asked before it. */
    xk_dominfo *list = NULL;
    size_t n = 0;
    int listed = xk_domain_list_states(ctx, &list, &n);
    int fresh = listed ? -1 : refresh(ctx, s, list, n);
    bool known = fresh == 0;
    struct xk__names_buf b = { 0 };
    int rc = answer(s, list, n, known, &b);
    for (size_t i = 0; i < nc; i++) {
        if (rc)
            close(clients[i]);  /* no answer: it reads names itself */
        else
            send_answer(clients[i], &b);
    }
    xk__names_buf_dispose(&b);
    free(list);
    if (rc)
        return xk__error(ctx, rc, "name service: out of memory");
    if (listed)
        return listed;          /* the hypervisor's message stands */
    return fresh >= 0 ? 0 : xk__error(ctx, XK_ESTORE, "name service: xenstored "
                                 "did not answer; lists read names "
                                 "themselves until it does");
}

void xk_name_service_close(xk_ctx *ctx, xk_name_service *s)
{
    (void)ctx;
    if (!s)
        return;
    store_reset(s);
    close(s->listen_fd);
    unlink(s->path);
    xk__names_buf_dispose(&s->out);
    free(s->q);
    free(s->path);
    free(s);
}

/*
 * server.c: the name service (names.h). A watch on every domain's name,
 * registered when a question first finds the domain and dropped when a
 * question finds it gone; a name is read again only after its watch fired.
 * Each question costs xenstored a request per watch connection (the round
 * trip that flushes the events before it; conns.c) plus a read per name
 * that changed.
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

#include "core/context.h"
#include "names/service.h"
#include "store/fan.h"
#include "store/pipe.h"

/* Changed names up to this many are read on the watch connections; more
 * are spread over several others (store/fan.h says why). */
#define FEW_READS 12
#define CLIENTS_MAX 64
#define ANSWER_SEND_MS 1000
#define LIMIT XK__NAMES_DOMID_LIMIT

/* The entry of list[i] when its name is to be read: watched (or about
 * to be) and changed or never read, and no read of it awaiting a reply. */
static struct xk__names_entry *to_read(struct xk_name_service *s,
                                       const xk_dominfo *list, size_t i)
{
    struct xk__names_entry *e = list[i].domid < LIMIT ? s->e[list[i].domid]
                                                      : NULL;
    return e && e->state != XK__E_FAILED && e->dirty && !e->reading ? e : NULL;
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
        struct xk__names_entry *e = to_read(s, list, i);
        if (!e)
            continue;
        e->reading = true;
        if (xk__names_queue_on_name(s, XK__R_READ, list[i].domid, XS_READ))
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
        return queue_reads(s, list, n) || xk__names_exchange(s) ? -1 : 0;
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
        for (size_t j = 0; j < k; j++)
            xk__names_entry_take(s->e[ids[j]], r[j].err, r[j].data,
                                 r[j].len);
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
        struct xk__names_entry *e = id < LIMIT ? s->e[id] : NULL;
        if (!e || e->state != XK__E_NEW || e->pending)
            continue;
        if (xk__names_assign(s, id))
            return -1;
        e->dirty = true;
        e->pending = true;
        if (xk__names_queue_on_name(s, XK__R_WATCH, id, XS_WATCH))
            return -1;
    }
    return 0;
}

/* Drops the entries, and watches, of domains not seen in the last list
 * (but those whose watch is still being registered). */
static int drop_unseen(struct xk_name_service *s)
{
    for (uint32_t id = 0; id < LIMIT; id++) {
        struct xk__names_entry *e = s->e[id];
        if (!e || e->seen || e->pending)
            continue;
        if (e->state == XK__E_WATCHED &&
            xk__names_queue_on_name(s, XK__R_UNWATCH, id, XS_UNWATCH))
            return -1;
        xk__names_entry_free(s, id);
    }
    return 0;
}

/* After @releaseDomain: the watches of the domains gone are dropped,
 * their replies taken as they come. */
static void forget_gone(xk_ctx *ctx, struct xk_name_service *s)
{
    s->released = false;
    xk_dominfo *list;
    size_t n;
    if (xk_domain_list_states(ctx, &list, &n))
        return;                 /* the next question tries again */
    for (uint32_t id = 0; id < LIMIT; id++)
        if (s->e[id])
            s->e[id]->seen = false;
    for (size_t i = 0; i < n; i++)
        if (list[i].domid < LIMIT && s->e[list[i].domid])
            s->e[list[i].domid]->seen = true;
    free(list);
    if (drop_unseen(s) || xk__names_send(s))
        xk__names_reset(s);
}

/* Brings the watches up to the hypervisor's list, flushes the events
 * before now and reads the names that changed: 0, and the names known
 * are current. A few new domains' watches, and reads, go in the same
 * exchange as the flush; many (the first question with 200 domains up)
 * would keep this question waiting on xenstored, so their watches are
 * registered after the answer, while the service waits for the next
 * question, which gets them if they are all in by then. 1 when nothing
 * can be known now (registrations under way); -1 when xenstored could
 * not be asked: the connections and what they knew are dropped. */
static int refresh(xk_ctx *ctx, struct xk_name_service *s,
                   const xk_dominfo *list, size_t n)
{
    s->released = false;        /* the list below says who went */
    for (uint32_t id = 0; id < LIMIT; id++)
        if (s->e[id])
            s->e[id]->seen = false;
    size_t fresh = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t id = list[i].domid;
        if (id >= LIMIT)
            continue;
        if (!xk__names_entry(s, id))
            goto fail;
        s->e[id]->seen = true;
        fresh += s->e[id]->state == XK__E_NEW && !s->e[id]->pending;
    }
    bool busy = xk__names_busy(s);  /* registrations still under way */
    bool with_flush = !busy && fresh <= FEW_READS;
    /* A read after the watch sees every write the watch does not. */
    if (with_flush && (queue_watches(s, list, n) ||
                       (count_to_read(s, list, n) <= FEW_READS &&
                        queue_reads(s, list, n))))
        goto fail;
    if (drop_unseen(s))
        goto fail;
    if (busy) {
        if (queue_watches(s, list, n) || xk__names_send(s))
            goto fail;
        return 1;
    }
    /* Its reply comes after every event xenstored queued before it. */
    if (xk__names_queue_syncs(s) ||
        xk__names_exchange(s) || read_changed(ctx, s, list, n))
        goto fail;
    if (!with_flush && (queue_watches(s, list, n) || xk__names_send(s)))
        goto fail;
    return 0;
fail:
    xk__names_reset(s);
    return -1;
}

/* The answer for the domains listed: those whose name is known. */
static int answer(struct xk_name_service *s, const xk_dominfo *list,
                  size_t n, bool known, struct xk__names_buf *b)
{
    int rc = xk__names_put_start(b);
    for (size_t i = 0; !rc && known && i < n; i++) {
        const struct xk__names_entry *e = list[i].domid < LIMIT
                                        ? s->e[list[i].domid] : NULL;
        if (e && e->state == XK__E_WATCHED && !e->dirty &&
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
    for (size_t i = 0; i < XK__NAMES_CONNS; i++)
        s->c[i].fd = -1;
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
    struct pollfd pf[1 + XK__NAMES_CONNS] = {
        { .fd = s->listen_fd, .events = POLLIN },
    };
    size_t npf = 1;
    for (size_t i = 0; i < XK__NAMES_CONNS; i++)
        if (s->c[i].fd >= 0)
            pf[npf++] = (struct pollfd){ .fd = s->c[i].fd, .events = POLLIN };
    int got = poll(pf, npf, timeout_ms);
    if (got < 0 && errno != EINTR)
        return xk__error(ctx, XK_EIO, "name service: poll: %s",
                         strerror(errno));
    /* Events between questions, and replies to watches registered after
     * an answer: taken now, so none piles up. */
    bool store_ready = false;
    for (size_t i = 1; got > 0 && i < npf; i++)
        store_ready |= pf[i].revents != 0;
    if (store_ready && xk__names_pump(s, 0))
        xk__names_reset(s);
    if (s->released)
        forget_gone(ctx, s);
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
    if (fresh >= 0)
        return 0;
    return xk__error(ctx, XK_ESTORE, "name service: xenstored did not "
                     "answer; lists read names themselves until it does");
}

void xk_name_service_close(xk_ctx *ctx, xk_name_service *s)
{
    (void)ctx;
    if (!s)
        return;
    xk__names_reset(s);
    close(s->listen_fd);
    unlink(s->path);
    for (size_t i = 0; i < XK__NAMES_CONNS; i++) {
        xk__names_buf_dispose(&s->c[i].out);
        free(s->c[i].q);
    }
    free(s->path);
    free(s);
}

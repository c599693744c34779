/*
 * test_domain_pipe.c: the pipelined xenstore client create uses for a
 * domain's home, against a fake xenstored on a Unix socket: the wire
 * format of writes, permissions and removals, in-order replies, errors and
 * transactions; and the same spread over several connections (fan.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <xen/io/xs_wire.h>

#include "core/context.h"
#include "store/fan.h"
#include "store/pipe.h"
#include "store/watch.h"

/* What the fake daemon saw: one line per request, "TYPE tx payload" with
 * NULs shown as '|'. */
struct fake {
    int lfd;
    char path[108];
    char log[16384];
    size_t loglen;
};

static int read_all(int fd, void *buf, size_t n)
{
    char *p = buf;
    while (n) {
        ssize_t k = read(fd, p, n);
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

static void reply(int fd, uint32_t type, uint32_t req, const char *data,
                  size_t len)
{
    struct xsd_sockmsg m = { .type = type, .req_id = req, .len = (uint32_t)len };
    if (write(fd, &m, sizeof(m)) != sizeof(m) ||
        write(fd, data, len) != (ssize_t)len)
        abort();
}

/* "/many" has MANY children, child-000 to child-999: too many for one
 * reply, so it is listed a page at a time, as xenstored pages. */
#define MANY 1000
static void many_page(int fd, uint32_t req, size_t off)
{
    static char all[MANY * 10];
    for (int i = 0; i < MANY; i++)
        snprintf(all + i * 10, 10, "child-%03d", i);
    char page[4096];
    size_t glen = (size_t)snprintf(page, sizeof(page), "42") + 1, len = 0;
    while (off + len < sizeof(all) && glen + len + 10 < sizeof(page) - 1)
        len += 10;
    memcpy(page + glen, all + off, len);
    if (off + len == sizeof(all))
        page[glen + len++] = '\0';     /* the end: an empty name */
    reply(fd, XS_DIRECTORY_PART, req, page, glen + len);
}

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

static void serve_fd(struct fake *f, int fd)
{
    struct xsd_sockmsg m;
    char data[4200];
    while (fd >= 0 && read_all(fd, &m, sizeof(m)) == 0) {
        if (m.len > 4096 || read_all(fd, data, m.len))
            break;
        pthread_mutex_lock(&log_lock);
        int n = snprintf(f->log + f->loglen, sizeof(f->log) - f->loglen,
                         "%u %u ", m.type, m.tx_id);
        f->loglen += (size_t)n;
        if (f->loglen > sizeof(f->log) - 64)
            f->loglen = sizeof(f->log) - 64;    /* a long run: keep going */
        for (uint32_t i = 0; i < m.len && f->loglen < sizeof(f->log) - 2; i++)
            f->log[f->loglen++] = data[i] ? data[i] : '|';
        f->log[f->loglen++] = '\n';
        f->log[f->loglen] = '\0';
        pthread_mutex_unlock(&log_lock);
        data[m.len] = '\0';
        if (m.type == XS_TRANSACTION_START)
            reply(fd, m.type, m.req_id, "7", 2);
        else if (m.type == XS_TRANSACTION_END)
            reply(fd, data[0] == 'T' ? XS_ERROR : m.type, m.req_id,
                  data[0] == 'T' ? "EAGAIN" : "OK",
                  data[0] == 'T' ? sizeof("EAGAIN") : sizeof("OK"));
        else if (m.type == XS_DIRECTORY && strcmp(data, "/many") == 0)
            reply(fd, XS_ERROR, m.req_id, "E2BIG", 6);
        else if (m.type == XS_DIRECTORY_PART && strcmp(data, "/many") == 0)
            many_page(fd, m.req_id, (size_t)atol(data + 6));
        else if (m.type == XS_DIRECTORY)
            reply(fd, m.type, m.req_id, "0\0" "3\0" "5\0", 6);
        else if (m.type == XS_READ && strcmp(data, "/local/domain/3/name") == 0)
            reply(fd, m.type, m.req_id, "taken", 5);
        else if (m.type == XS_READ && strncmp(data, "/big/", 5) == 0) {
            /* A 1000-byte value naming its path, so every reply differs. */
            char big[1000];
            memset(big, 'x', sizeof(big));
            memcpy(big, data, strlen(data));
            reply(fd, m.type, m.req_id, big, sizeof(big));
        }
        else if (m.type == XS_READ)
            reply(fd, XS_ERROR, m.req_id, "ENOENT", 7);
        else if (m.type == XS_WATCH) {
            /* The reply, then the event every new watch fires. */
            reply(fd, m.type, m.req_id, "OK", 3);
            reply(fd, XS_WATCH_EVENT, 0, data, m.len);
        } else if (m.type == XS_UNWATCH) {
            /* An event that slipped in ahead of the reply. */
            reply(fd, XS_WATCH_EVENT, 0, data, m.len);
            reply(fd, m.type, m.req_id, "OK", 3);
        } else if (m.type == XS_WRITE && strstr(data, "forbidden"))
            reply(fd, XS_ERROR, m.req_id, "EACCES", 7);
        else
            reply(fd, m.type, m.req_id, "OK", 3);
    }
    if (fd >= 0)
        close(fd);
}

static void *serve(void *arg)
{
    struct fake *f = arg;
    serve_fd(f, accept(f->lfd, NULL, NULL));
    return NULL;
}

struct conn_arg {
    struct fake *f;
    int fd;
};

static void *serve_conn(void *arg)
{
    struct conn_arg *c = arg;
    serve_fd(c->f, c->fd);
    return NULL;
}

/* FAN_CONNS connections at once, each served by its own thread; in turn,
 * each accepted only once the one before has sent a request. */
#define FAN_CONNS 4
static void serve_fan_conns(struct fake *f, bool in_turn)
{
    pthread_t th[FAN_CONNS];
    struct conn_arg c[FAN_CONNS];
    for (int i = 0; i < FAN_CONNS; i++) {
        c[i].f = f;
        c[i].fd = accept(f->lfd, NULL, NULL);
        char byte;
        if (in_turn && recv(c[i].fd, &byte, 1, MSG_PEEK) != 1)
            abort();
        pthread_create(&th[i], NULL, serve_conn, &c[i]);
    }
    for (int i = 0; i < FAN_CONNS; i++)
        pthread_join(th[i], NULL);
}

static void *serve_fan(void *arg)
{
    serve_fan_conns(arg, false);
    return NULL;
}

static int setup(void **state)
{
    struct fake *f = calloc(1, sizeof(*f));
    snprintf(f->path, sizeof(f->path), "/tmp/xk-fake-xs.%ld", (long)getpid());
    unlink(f->path);
    f->lfd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    strcpy(sa.sun_path, f->path);
    if (bind(f->lfd, (struct sockaddr *)&sa, sizeof(sa)) || listen(f->lfd, 8))
        return -1;
    setenv("XENSTORED_PATH", f->path, 1);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fake *f = *state;
    close(f->lfd);
    unlink(f->path);
    free(f);
    return 0;
}

/* Starts the fake daemon's thread (fn: serve or serve_fan) and opens a
 * context; stop_fake waits for the daemon to see every connection close. */
static xk_ctx *start_fake(struct fake *f, void *(*fn)(void *), pthread_t *th)
{
    pthread_create(th, NULL, fn, f);
    xk_ctx *ctx;
    assert_int_equal(xk_ctx_open(&ctx, 0), 0);
    return ctx;
}

static void stop_fake(xk_ctx *ctx, pthread_t th)
{
    pthread_join(th, NULL);
    xk_ctx_close(ctx);
}

static void batch_goes_out_in_order_with_perms(void **state)
{
    struct fake *f = *state;
    pthread_t th;
    xk_ctx *ctx = start_fake(f, serve, &th);
    struct xk__pipe p;
    assert_int_equal(xk__pipe_open(ctx, &p), 0);

    uint32_t tx = 0;
    assert_int_equal(xk__pipe_txn_start(ctx, &p, &tx), 0);
    assert_int_equal(tx, 7);

    struct xk__store_batch b;
    xk__batch_init(&b);
    xk__batch_rm(&b, "/local/domain/%u", 9);
    xk__batch_put(&b, XK__PERM_READ, 9, "", "/local/domain/%u", 9);
    xk__batch_put(&b, XK__PERM_INHERIT, 0, "guest", "/local/domain/9/name");
    xk__batch_put(&b, XK__PERM_OWNED, 9, "", "/local/domain/9/data");
    xk__batch_put(&b, XK__PERM_OWNED_R0, 9, "0", "/x/backend-id");
    assert_int_equal(xk__pipe_batch_apply(ctx, &p, tx, &b), 0);

    /* A refused write is reported with its path. */
    xk__batch_dispose(&b);
    xk__batch_init(&b);
    xk__batch_put(&b, XK__PERM_INHERIT, 0, "v", "/forbidden");
    assert_int_equal(xk__pipe_batch_apply(ctx, &p, tx, &b), XK_EPERM);
    assert_non_null(strstr(xk_ctx_last_error(ctx), "write /forbidden"));

    /* EAGAIN on commit means "redo", an abort is fine. */
    assert_int_equal(xk__pipe_txn_end(ctx, &p, tx, false), XK_EBUSY);
    assert_int_equal(xk__pipe_txn_end(ctx, &p, tx, true), 0);
    xk__pipe_close(&p);
    pthread_join(th, NULL);
    xk__batch_dispose(&b);
    xk_ctx_close(ctx);

    char want[2048];
    snprintf(want, sizeof(want),
             "%u 0 |\n"
             "%u 7 /local/domain/9|\n"
             "%u 7 /local/domain/9|\n"
             "%u 7 /local/domain/9|n0|r9|\n"
             "%u 7 /local/domain/9/name|guest\n"
             "%u 7 /local/domain/9/data|\n"
             "%u 7 /local/domain/9/data|n9|\n"
             "%u 7 /x/backend-id|0\n"
             "%u 7 /x/backend-id|n9|r0|\n",
             XS_TRANSACTION_START, XS_RM, XS_WRITE, XS_SET_PERMS, XS_WRITE,
             XS_WRITE, XS_SET_PERMS, XS_WRITE, XS_SET_PERMS);
    assert_int_equal(strncmp(f->log, want, strlen(want)), 0);
}

/* N paths to read: every 7th names nothing, the others a big value. */
enum { N = 300 };
static void make_paths(char *paths[N])
{
    for (int i = 0; i < N; i++) {
        paths[i] = malloc(32);
        snprintf(paths[i], 32, i % 7 == 3 ? "/none/%d" : "/big/%d", i);
    }
}

/* Each reply is its own path's, whole, with the errors in place. */
static void check_reads(char *paths[N], struct xk__pipe_reply r[N])
{
    for (int i = 0; i < N; i++) {
        if (i % 7 == 3) {
            assert_int_equal(r[i].err, ENOENT);
            continue;
        }
        assert_int_equal(r[i].err, 0);
        assert_int_equal(r[i].len, 1000);
        assert_memory_equal(r[i].data, paths[i], strlen(paths[i]));
        assert_int_equal(r[i].data[strlen(paths[i])], 'x');
        assert_int_equal(r[i].data[999], 'x');
    }
}

/* Hundreds of replies arrive in chunks that split headers and payloads
 * anywhere: each still comes back whole, in order, errors in place. */
static void many_reads_in_one_round_trip(void **state)
{
    struct fake *f = *state;
    pthread_t th;
    xk_ctx *ctx = start_fake(f, serve, &th);
    struct xk__pipe p;
    assert_int_equal(xk__pipe_open(ctx, &p), 0);

    char *paths[N];
    struct xk__pipe_reply r[N];
    memset(r, 0, sizeof(r));
    make_paths(paths);
    assert_int_equal(xk__pipe_read_many(ctx, &p, 0, paths, N, r), 0);
    check_reads(paths, r);
    xk__pipe_replies_free(r, N);
    for (int i = 0; i < N; i++)
        free(paths[i]);
    xk__pipe_close(&p);
    stop_fake(ctx, th);
}

/* A directory too big for one reply is read page by page, whole. */
static void big_directory_in_pages(void **state)
{
    struct fake *f = *state;
    pthread_t th;
    xk_ctx *ctx = start_fake(f, serve, &th);
    struct xk__pipe p;
    assert_int_equal(xk__pipe_open(ctx, &p), 0);
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(xk__pipe_directory_all(ctx, &p, 0, "/many", &data, &len),
                     0);
    assert_int_equal(len, MANY * 10);
    for (int i = 0; i < MANY; i++) {
        char want[10];
        snprintf(want, sizeof(want), "child-%03d", i);
        assert_string_equal(data + i * 10, want);
    }
    free(data);
    xk__pipe_close(&p);
    stop_fake(ctx, th);
    /* Several pages were asked for, at the offsets that follow. */
    char first[64];
    snprintf(first, sizeof(first), "%u 0 /many|0|\n", XS_DIRECTORY_PART);
    assert_non_null(strstr(f->log, first));
    assert_true(strstr(strstr(f->log, first) + 1, "/many|") != NULL);
}

/* Reads spread over several connections come back in the order they were
 * asked for, errors in place. */
static void fan_reads_come_back_in_order(void **state)
{
    struct fake *f = *state;
    pthread_t th;
    xk_ctx *ctx = start_fake(f, serve_fan, &th);
    struct xk__fan fan;
    assert_int_equal(xk__fan_open(ctx, &fan, FAN_CONNS), 0);
    assert_int_equal(fan.n, FAN_CONNS);

    char *paths[N];
    struct xk__pipe_reply r[N];
    memset(r, 0, sizeof(r));
    make_paths(paths);
    /* Twice: the connections stay in step from one exchange to the next. */
    for (int round = 0; round < 2; round++) {
        assert_int_equal(xk__fan_read_many(ctx, &fan, FAN_CONNS, paths, N, r),
                         0);
        check_reads(paths, r);
        xk__pipe_replies_free(r, N);
    }
    for (int i = 0; i < N; i++)
        free(paths[i]);
    xk__fan_close(&fan);
    stop_fake(ctx, th);
}

/* A second exchange goes out before the first's replies are read: each
 * receive gets its own exchange's replies, the oldest first; a third, or
 * a whole exchange, must wait. */
static void two_exchanges_in_flight(void **state)
{
    struct fake *f = *state;
    pthread_t th;
    xk_ctx *ctx = start_fake(f, serve_fan, &th);
    struct xk__fan fan;
    assert_int_equal(xk__fan_open(ctx, &fan, FAN_CONNS), 0);
    char *paths[N];
    make_paths(paths);
    enum { A = 5, B = 9 };     /* the first 5 paths, then the next 9 */
    for (size_t i = 0; i < A; i++)
        assert_int_equal(xk__fan_queue(ctx, &fan, i, XS_READ, 0, paths[i],
                                       strlen(paths[i]) + 1, NULL, 0), 0);
    assert_int_equal(xk__fan_send(ctx, &fan), 0);
    for (size_t i = A; i < A + B; i++)
        assert_int_equal(xk__fan_queue(ctx, &fan, i * 3, XS_READ, 0,
                                       paths[i], strlen(paths[i]) + 1,
                                       NULL, 0), 0);
    assert_int_equal(xk__fan_send(ctx, &fan), 0);
    assert_int_equal(fan.nflight, 2);
    assert_int_equal(fan.sent, A + B);

    struct xk__pipe_reply one;
    assert_int_equal(xk__fan_send(ctx, &fan), XK_ESTORE);
    assert_int_equal(xk__fan_exchange(ctx, &fan, &one), XK_ESTORE);

    struct xk__pipe_reply r[N];
    memset(r, 0, sizeof(r));
    assert_int_equal(xk__fan_receive(ctx, &fan, r), 0);
    assert_int_equal(xk__fan_receive(ctx, &fan, r + A), 0);
    assert_int_equal(fan.nflight, 0);
    assert_int_equal(fan.sent, 0);
    for (int i = 0; i < A + B; i++) {
        assert_int_equal(r[i].err, i % 7 == 3 ? ENOENT : 0);
        if (!r[i].err)
            assert_memory_equal(r[i].data, paths[i], strlen(paths[i]));
    }
    xk__pipe_replies_free(r, A + B);
    for (int i = 0; i < N; i++)
        free(paths[i]);
    xk__fan_close(&fan);
    stop_fake(ctx, th);
}

/* A client that connects them all before it sends waits for ever on a
 * listen backlog of one. */
static void *serve_in_turn(void *arg)
{
    serve_fan_conns(arg, true);
    return NULL;
}

/* Reads over connections the fan opens as it goes: each share goes out
 * before the next connection is asked for, as xenstored accepts one a
 * pass; they come back in order all the same. */
static void fan_reads_go_out_as_connections_open(void **state)
{
    struct fake *f = *state;
    alarm(20);        /* connecting all before sending would hang here */
    assert_int_equal(listen(f->lfd, 1), 0);
    pthread_t th;
    xk_ctx *ctx = start_fake(f, serve_in_turn, &th);
    struct xk__fan fan;
    assert_int_equal(xk__fan_open(ctx, &fan, 1), 0);
    assert_int_equal(fan.n, 1);

    char *paths[N];
    struct xk__pipe_reply r[N];
    memset(r, 0, sizeof(r));
    make_paths(paths);
    assert_int_equal(xk__fan_read_many(ctx, &fan, FAN_CONNS, paths, N, r), 0);
    assert_int_equal(fan.n, FAN_CONNS);
    check_reads(paths, r);
    xk__pipe_replies_free(r, N);
    for (int i = 0; i < N; i++)
        free(paths[i]);
    xk__fan_close(&fan);
    stop_fake(ctx, th);
    alarm(0);
    /* The fake saw each read once. */
    size_t reads = 0;
    for (const char *s = f->log; (s = strstr(s, "/big/")); s++)
        reads++;
    assert_int_equal(reads, N - (N + 3) / 7);
}

/* Where the fake logged the line formatted from fmt, or NULL. */
static const char *logged(const struct fake *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static const char *logged(const struct fake *f, const char *fmt, ...)
{
    char line[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    return strstr(f->log, line);
}

/* A batch over several connections (store/fan_batch.c, plainly; the steps
 * themselves are test_store_fan_plan's), as the wire shows it: the
 * removal first; the new parent lends its children with permissions of
 * their own those permissions (no change of permissions per child), then
 * gets its own, before anything that inherits is written below it; a
 * child with other permissions is written and then given them. */
static void fan_batch_keeps_permissions_first(void **state)
{
    struct fake *f = *state;
    pthread_t th;
    xk_ctx *ctx = start_fake(f, serve_fan, &th);
    struct xk__fan fan;
    assert_int_equal(xk__fan_open(ctx, &fan, FAN_CONNS), 0);

    struct xk__store_batch b;
    xk__batch_init(&b);
    xk__batch_rm(&b, "/local/domain/%u", 9);
    xk__batch_put(&b, XK__PERM_READ, 9, "", "/local/domain/%u", 9);
    for (int i = 0; i < 6; i++) {
        xk__batch_put(&b, XK__PERM_INHERIT, 0, "v", "/local/domain/9/leaf%d", i);
        xk__batch_put(&b, XK__PERM_OWNED, 9, "", "/local/domain/9/own%d", i);
    }
    xk__batch_put(&b, XK__PERM_OWNED_R0, 9, "", "/local/domain/9/dir/other");
    assert_int_equal(xk__fan_batch_apply(ctx, &fan, &b), 0);

    /* A refused write is reported with its path. */
    xk__batch_dispose(&b);
    xk__batch_init(&b);
    xk__batch_put(&b, XK__PERM_INHERIT, 0, "v", "/forbidden");
    assert_int_equal(xk__fan_batch_apply(ctx, &fan, &b), XK_EPERM);
    assert_non_null(strstr(xk_ctx_last_error(ctx), "write /forbidden"));
    xk__batch_dispose(&b);
    xk__fan_close(&fan);
    stop_fake(ctx, th);

    assert_ptr_equal(logged(f, "%u 0 /local/domain/9|\n", XS_RM), f->log);
    const char *lend = logged(f, "%u 0 /local/domain/9|n9|\n", XS_SET_PERMS);
    const char *own = logged(f, "%u 0 /local/domain/9|n0|r9|\n",
                             XS_SET_PERMS);
    assert_non_null(lend);
    assert_non_null(own);
    assert_true(lend < own);
    for (int i = 0; i < 6; i++) {
        const char *wp = logged(f, "%u 0 /local/domain/9/own%d|\n", XS_WRITE,
                                i);
        assert_non_null(wp);
        assert_true(lend < wp && wp < own);
        assert_null(logged(f, "/local/domain/9/own%d|n", i));
        assert_non_null(logged(f, "%u 0 /local/domain/9/leaf%d|v\n",
                               XS_WRITE, i));
    }
    const char *first_leaf = strstr(f->log, "leaf");
    assert_non_null(first_leaf);
    assert_true(own < first_leaf);
    const char *ow = logged(f, "%u 0 /local/domain/9/dir/other|\n",
                            XS_WRITE);
    const char *op = logged(f, "%u 0 /local/domain/9/dir/other|n9|r0|\n",
                            XS_SET_PERMS);
    assert_non_null(ow);
    assert_non_null(op);
    assert_true(own < ow && ow < op);
}

/* Watches have their own connection, where events come between replies:
 * each is a wake-up, never taken for a reply. */
static void watch_events_between_replies(void **state)
{
    struct fake *f = *state;
    pthread_t th;
    xk_ctx *ctx = start_fake(f, serve, &th);
    struct xk_store_watch w;
    assert_int_equal(xk__store_watch(ctx, &w, "/local/domain/4/control"), 0);
    assert_true(w.own);
    assert_int_equal(xk__store_wait_event(ctx, 1000), 1);
    assert_int_equal(xk__store_wait_event(ctx, 50), 0);
    xk__store_unwatch(ctx, &w);
    assert_false(w.active);
    assert_string_equal(xk_ctx_last_error(ctx), "");
    assert_int_equal(xk__store_wait_event(ctx, 0), 1);
    assert_int_equal(xk__store_wait_event(ctx, 0), 0);
    xk_ctx_close(ctx);
    pthread_join(th, NULL);

    char want[256];
    snprintf(want, sizeof(want), "%u 0 /local/domain/4/control|xk-%p|\n"
             "%u 0 /local/domain/4/control|xk-%p|\n",
             XS_WATCH, (void *)&w, XS_UNWATCH, (void *)&w);
    assert_string_equal(f->log, want);
}

/* xenstored listens with a backlog of one and accepts one connection per
 * pass: growing a fan "now" takes what the backlog holds and does not wait
 * for the rest, and takes more once the daemon has accepted. A connection
 * not yet accepted carries requests all the same. */
static void growing_now_does_not_wait_for_accepts(void **state)
{
    struct fake *f = *state;
    alarm(20);        /* a grow that waits would wait for ever here */
    assert_int_equal(listen(f->lfd, 1), 0);
    struct xk__fan fan;
    memset(&fan, 0, sizeof(fan));
    xk__fan_grow_now(&fan, 8);
    size_t first = fan.n;
    assert_true(first >= 1 && first < 8);
    xk__fan_grow_now(&fan, 8);
    assert_int_equal(fan.n, first);

    int a = accept(f->lfd, NULL, NULL);
    assert_true(a >= 0);
    xk__fan_grow_now(&fan, 8);
    assert_int_equal(fan.n, first + 1);

    xk_ctx *ctx;
    assert_int_equal(xk_ctx_open(&ctx, 0), 0);
    const char *path = "/local/domain/3/name";
    assert_int_equal(xk__fan_queue(ctx, &fan, fan.n - 1, XS_READ, 0, path,
                                   strlen(path) + 1, NULL, 0), 0);
    assert_int_equal(xk__fan_send(ctx, &fan), 0);
    pthread_t th;
    struct conn_arg c = { f, -1 };
    for (size_t i = 1; i < fan.n; i++) {
        int fd = accept(f->lfd, NULL, NULL);
        if (i + 1 < fan.n)
            close(fd);
        else
            c.fd = fd;
    }
    assert_true(c.fd >= 0);
    pthread_create(&th, NULL, serve_conn, &c);
    struct xk__pipe_reply r = { 0 };
    assert_int_equal(xk__fan_receive(ctx, &fan, &r), 0);
    assert_int_equal(r.err, 0);
    assert_string_equal(r.data, "taken");
    xk__pipe_replies_free(&r, 1);
    xk__fan_close(&fan);
    pthread_join(th, NULL);
    close(a);
    xk_ctx_close(ctx);

    /* No daemon at all: nothing opened, and no wait either. */
    setenv("XENSTORED_PATH", "/nonexistent/xk-socket", 1);
    xk__fan_grow_now(&fan, 4);
    assert_int_equal(fan.n, 0);
    alarm(0);
}

static void no_daemon_means_fall_back(void **state)
{
    (void)state;
    setenv("XENSTORED_PATH", "/nonexistent/xk-socket", 1);
    xk_ctx *ctx;
    assert_int_equal(xk_ctx_open(&ctx, 0), 0);
    struct xk__pipe p;
    assert_int_equal(xk__pipe_open(ctx, &p), XK_EUNSUPPORTED);
    assert_string_equal(xk_ctx_last_error(ctx), "");
    xk_ctx_close(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(batch_goes_out_in_order_with_perms,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(many_reads_in_one_round_trip,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(watch_events_between_replies,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(big_directory_in_pages, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(fan_reads_come_back_in_order, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(two_exchanges_in_flight, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(fan_reads_go_out_as_connections_open,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(fan_batch_keeps_permissions_first,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(growing_now_does_not_wait_for_accepts,
                                        setup, teardown),
        cmocka_unit_test(no_daemon_means_fall_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

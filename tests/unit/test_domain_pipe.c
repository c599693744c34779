/*
 * test_domain_pipe.c: the pipelined xenstore client create uses for a
 * domain's home, against a fake xenstored on a Unix socket: the wire
 * format of writes, permissions and removals, in-order replies, errors,
 * transactions and the name check.
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

static void *serve(void *arg)
{
    struct fake *f = arg;
    int fd = accept(f->lfd, NULL, NULL);
    struct xsd_sockmsg m;
    char data[4200];
    while (fd >= 0 && read_all(fd, &m, sizeof(m)) == 0) {
        if (m.len > 4096 || read_all(fd, data, m.len))
            break;
        int n = snprintf(f->log + f->loglen, sizeof(f->log) - f->loglen,
                         "%u %u ", m.type, m.tx_id);
        f->loglen += (size_t)n;
        if (f->loglen > sizeof(f->log) - 64)
            f->loglen = sizeof(f->log) - 64;    /* a long run: keep going */
        for (uint32_t i = 0; i < m.len && f->loglen < sizeof(f->log) - 2; i++)
            f->log[f->loglen++] = data[i] ? data[i] : '|';
        f->log[f->loglen++] = '\n';
        f->log[f->loglen] = '\0';
        data[m.len] = '\0';
        if (m.type == XS_TRANSACTION_START)
            reply(fd, m.type, m.req_id, "7", 2);
        else if (m.type == XS_TRANSACTION_END)
            reply(fd, data[0] == 'T' ? XS_ERROR : m.type, m.req_id,
                  data[0] == 'T' ? "EAGAIN" : "OK",
                  data[0] == 'T' ? sizeof("EAGAIN") : sizeof("OK"));
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
    if (bind(f->lfd, (struct sockaddr *)&sa, sizeof(sa)) || listen(f->lfd, 1))
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

static void batch_goes_out_in_order_with_perms(void **state)
{
    struct fake *f = *state;
    pthread_t th;
    pthread_create(&th, NULL, serve, f);
    xk_ctx *ctx;
    assert_int_equal(xk_ctx_open(&ctx, 0), 0);
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

    /* The name check: "taken" belongs to domain 3, ours is 5. */
    assert_int_equal(xk__pipe_name_check(ctx, &p, tx, "free", 5), 0);
    assert_int_equal(xk__pipe_name_check(ctx, &p, tx, "taken", 5), XK_EEXIST);
    assert_string_equal(xk_ctx_last_error(ctx),
                        "domain with name \"taken\" already exists (domain 3)");
    assert_int_equal(xk__pipe_name_check(ctx, &p, tx, "taken", 3), 0);

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
    /* Then the name checks: a directory and one read per other domain. */
    char dir[64];
    snprintf(dir, sizeof(dir), "%u 7 /local/domain|\n", XS_DIRECTORY);
    assert_non_null(strstr(f->log, dir));
    char rd[64];
    snprintf(rd, sizeof(rd), "%u 7 /local/domain/0/name|\n", XS_READ);
    assert_non_null(strstr(f->log, rd));
}

/* Hundreds of replies arrive in chunks that split headers and payloads
 * anywhere: each still comes back whole, in order, errors in place. */
static void many_reads_in_one_round_trip(void **state)
{
    struct fake *f = *state;
    pthread_t th;
    pthread_create(&th, NULL, serve, f);
    xk_ctx *ctx;
    assert_int_equal(xk_ctx_open(&ctx, 0), 0);
    struct xk__pipe p;
    assert_int_equal(xk__pipe_open(ctx, &p), 0);

    enum { N = 300 };
    char *paths[N];
    struct xk__pipe_reply r[N];
    memset(r, 0, sizeof(r));
    for (int i = 0; i < N; i++) {
        paths[i] = malloc(32);
        snprintf(paths[i], 32, i % 7 == 3 ? "/none/%d" : "/big/%d", i);
    }
    assert_int_equal(xk__pipe_read_many(ctx, &p, 0, paths, N, r), 0);
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
    xk__pipe_replies_free(r, N);
    for (int i = 0; i < N; i++)
        free(paths[i]);
    xk__pipe_close(&p);
    pthread_join(th, NULL);
    xk_ctx_close(ctx);
}

/* Watches have their own connection, where events come between replies:
 * each is a wake-up, never taken for a reply. */
static void watch_events_between_replies(void **state)
{
    struct fake *f = *state;
    pthread_t th;
    pthread_create(&th, NULL, serve, f);
    xk_ctx *ctx;
    assert_int_equal(xk_ctx_open(&ctx, 0), 0);
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
        cmocka_unit_test(no_daemon_means_fall_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

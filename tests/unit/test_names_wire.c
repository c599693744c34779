/*
 * test_names_wire.c: the name service's answer (names/wire.c) and the
 * list's side of its socket (names/client.c): what an answer names, that
 * a malformed or cut-short one is refused whole, and that a list neither
 * hangs on a silent service nor finds one that is not there. The service
 * itself needs xenstored: tests/lab (names-service).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "names/names.h"

/* A list of domains 0, 5, 7 and 8, named "old". */
static void four(xk_dominfo *list, bool *have)
{
    static const uint32_t ids[] = { 0, 5, 7, 8 };
    memset(list, 0, 4 * sizeof(*list));
    for (int i = 0; i < 4; i++) {
        list[i].domid = ids[i];
        strcpy(list[i].name, "old");
        have[i] = false;
    }
}

/* Names 0, 5 (no name node), 7, and 9 (not listed). */
static void sample(struct xk__names_buf *b)
{
    assert_int_equal(xk__names_put_start(b), 0);
    assert_int_equal(xk__names_put(b, 0, "Domain-0"), 0);
    assert_int_equal(xk__names_put(b, 5, NULL), 0);
    assert_int_equal(xk__names_put(b, 7, "web"), 0);
    assert_int_equal(xk__names_put(b, 9, "other"), 0);
    assert_int_equal(xk__names_put_end(b), 0);
}

static void an_answer_names_the_domains_it_knows(void **state)
{
    (void)state;
    struct xk__names_buf b = { 0 };
    sample(&b);
    xk_dominfo list[4];
    bool have[4];
    four(list, have);
    assert_int_equal(xk__names_take(b.data, b.len, list, 4, have), 3);
    assert_string_equal(list[0].name, "Domain-0");
    assert_string_equal(list[1].name, "");      /* no name node */
    assert_string_equal(list[2].name, "web");
    assert_string_equal(list[3].name, "old");   /* not in the answer */
    assert_true(have[0] && have[1] && have[2]);
    assert_false(have[3]);
    xk__names_buf_dispose(&b);
}

static void a_name_too_long_is_left_out(void **state)
{
    (void)state;
    char longname[XK__NAMES_NAME_MAX + 2];
    memset(longname, 'n', sizeof(longname) - 1);
    longname[sizeof(longname) - 1] = '\0';
    struct xk__names_buf b = { 0 };
    assert_int_equal(xk__names_put_start(&b), 0);
    assert_int_equal(xk__names_put(&b, 7, longname), 0);
    longname[XK__NAMES_NAME_MAX] = '\0';        /* the longest served */
    assert_int_equal(xk__names_put(&b, 8, longname), 0);
    assert_int_equal(xk__names_put_end(&b), 0);
    xk_dominfo list[4];
    bool have[4];
    four(list, have);
    assert_int_equal(xk__names_take(b.data, b.len, list, 4, have), 1);
    assert_false(have[2]);
    assert_true(have[3]);
    assert_string_equal(list[3].name, longname);
    xk__names_buf_dispose(&b);
}

static void a_cut_short_answer_is_refused(void **state)
{
    (void)state;
    struct xk__names_buf b = { 0 };
    sample(&b);
    xk_dominfo list[4];
    bool have[4];
    for (size_t len = 0; len < b.len; len++) {
        four(list, have);
        assert_int_equal(xk__names_take(b.data, len, list, 4, have), -1);
    }
    xk__names_buf_dispose(&b);
}

/* Overwrites the length of the first record (after the magic and id). */
static void set_first_len(struct xk__names_buf *b, int32_t len)
{
    memcpy(b->data + 4 + 4, &len, sizeof(len));
}

static void a_malformed_answer_is_refused(void **state)
{
    (void)state;
    xk_dominfo list[4];
    bool have[4];
    struct xk__names_buf b = { 0 };
    static const int32_t bad[] = { -2, INT32_MIN, XK__NAMES_NAME_MAX + 1,
                                   1000000, INT32_MAX };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        sample(&b);
        set_first_len(&b, bad[i]);
        four(list, have);
        assert_int_equal(xk__names_take(b.data, b.len, list, 4, have), -1);
    }
    sample(&b);
    b.data[0] = 'Y';                            /* not the magic */
    assert_int_equal(xk__names_take(b.data, b.len, list, 4, have), -1);
    sample(&b);
    char *more = realloc(b.data, b.len + 1);    /* a byte after the end */
    assert_non_null(more);
    b.data = more;
    b.data[b.len] = 'x';
    assert_int_equal(xk__names_take(b.data, b.len + 1, list, 4, have), -1);
    sample(&b);
    int32_t one = 1;                            /* the end with a length */
    memcpy(b.data + b.len - 4, &one, sizeof(one));
    assert_int_equal(xk__names_take(b.data, b.len, list, 4, have), -1);
    xk__names_buf_dispose(&b);
}

static void the_answer_is_read_from_the_socket(void **state)
{
    (void)state;
    int sv[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    struct xk__names_buf b = { 0 };
    sample(&b);
    assert_int_equal(write(sv[1], b.data, b.len), (ssize_t)b.len);
    close(sv[1]);
    xk_dominfo list[4];
    bool have[4];
    four(list, have);
    assert_int_equal(xk__names_receive(sv[0], 1000, list, 4, have), 3);
    assert_string_equal(list[2].name, "web");
    xk__names_buf_dispose(&b);
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void a_silent_service_is_given_up_on(void **state)
{
    (void)state;
    int sv[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv),
                     0);
    assert_int_equal(write(sv[1], "XKN1", 4), 4);   /* then nothing */
    xk_dominfo list[4];
    bool have[4];
    four(list, have);
    double t0 = now_ms();
    assert_int_equal(xk__names_receive(sv[0], 150, list, 4, have), -1);
    double took = now_ms() - t0;
    assert_true(took >= 140 && took < 1000);
    close(sv[1]);
}

static void no_service_no_question(void **state)
{
    (void)state;
    char dir[] = "/tmp/xk-names-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof(path), "%s/names", dir);
    setenv("XENKIT_NAME_SOCKET", path, 1);
    assert_int_equal(xk__names_ask(), -1);          /* no socket */

    int l = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    strcpy(sa.sun_path, path);
    assert_int_equal(bind(l, (struct sockaddr *)&sa, sizeof(sa)), 0);
    assert_int_equal(xk__names_ask(), -1);          /* nobody listens */
    assert_int_equal(listen(l, 4), 0);
    int fd = xk__names_ask();
    assert_true(fd >= 0);
    close(fd);
    close(l);
    unlink(path);
    rmdir(dir);
    unsetenv("XENKIT_NAME_SOCKET");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_answer_names_the_domains_it_knows),
        cmocka_unit_test(a_name_too_long_is_left_out),
        cmocka_unit_test(a_cut_short_answer_is_refused),
        cmocka_unit_test(a_malformed_answer_is_refused),
        cmocka_unit_test(the_answer_is_read_from_the_socket),
        cmocka_unit_test(a_silent_service_is_given_up_on),
        cmocka_unit_test(no_service_no_question),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

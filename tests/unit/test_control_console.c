/*
 * test_control_console.c: xl console's relay (xl_console_relay) between a
 * terminal and a console, with a socketpair standing in for the pty: Ctrl-]
 * detaches, guest output reaches the terminal, the console ending ends it,
 * and input EOF does not stop output.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "commands.h"

static size_t read_all(int fd, char *buf, size_t size)
{
    size_t n = 0;
    ssize_t r;
    while (n < size - 1 && (r = read(fd, buf + n, size - 1 - n)) > 0)
        n += (size_t)r;
    buf[n] = '\0';
    return n;
}

static void ctrl_bracket_detaches_after_sending_what_came_before(void **st)
{
    (void)st;
    int con[2], in[2], out[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, con), 0);
    assert_int_equal(pipe(in), 0);
    assert_int_equal(pipe(out), 0);
    assert_int_equal(write(in[1], "ls\n\035more", 8), 8);
    /* in stays open: only the escape can end the relay */
    assert_int_equal(xl_console_relay(con[0], in[0], out[1]), 0);
    close(con[0]);
    char buf[64];
    assert_int_equal(read_all(con[1], buf, sizeof(buf)), 3);
    assert_string_equal(buf, "ls\n");
    close(out[1]);
    assert_int_equal(read_all(out[0], buf, sizeof(buf)), 0);
    close(con[1]);
    close(in[0]);
    close(in[1]);
    close(out[0]);
}

static void guest_output_flows_until_the_console_ends(void **st)
{
    (void)st;
    int con[2], in[2], out[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, con), 0);
    assert_int_equal(pipe(in), 0);
    assert_int_equal(pipe(out), 0);
    assert_int_equal(write(con[1], "XENKIT-GUEST-UP\r\n", 17), 17);
    close(con[1]);      /* the domain went away */
    assert_int_equal(xl_console_relay(con[0], in[0], out[1]), 0);
    close(out[1]);
    char buf[64];
    read_all(out[0], buf, sizeof(buf));
    assert_string_equal(buf, "XENKIT-GUEST-UP\r\n");
    close(con[0]);
    close(in[0]);
    close(in[1]);
    close(out[0]);
}

static void input_eof_keeps_output_flowing(void **st)
{
    (void)st;
    int con[2], in[2], out[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, con), 0);
    assert_int_equal(pipe(in), 0);
    assert_int_equal(pipe(out), 0);
    close(in[1]);       /* `xl console D </dev/null` */
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        usleep(100 * 1000);
        if (write(con[1], "later\n", 6) != 6)
            _exit(1);
        _exit(0);
    }
    close(con[1]);      /* the child holds the guest's end until it exits */
    assert_int_equal(xl_console_relay(con[0], in[0], out[1]), 0);
    close(out[1]);
    char buf[64];
    read_all(out[0], buf, sizeof(buf));
    assert_string_equal(buf, "later\n");
    close(con[0]);
    close(in[0]);
    close(out[0]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ctrl_bracket_detaches_after_sending_what_came_before),
        cmocka_unit_test(guest_output_flows_until_the_console_ends),
        cmocka_unit_test(input_eof_keeps_output_flowing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

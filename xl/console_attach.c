/*
 * console_attach.c: relaying a terminal to a domain's console pty, as
 * Xen's xenconsole client does (Ctrl-] detaches), natively instead of
 * exec'ing it; shared by `xl console` and `xl create -c`.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "commands.h"

#define ESCAPE_CHAR 0x1d   /* Ctrl-] */
#define LOCK_PREFIX "/var/lock/xenconsole."
/* How long the pty may take to appear (xenconsole waits 5 s too). */
#define TTY_WAIT_MS 5000

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/*
 * One client per console, as xenconsole: the same lock file, so ours and
 * Debian's exclude each other. No lock directory (a minimal dom0) means no
 * locking rather than no console. Returns the held fd, -1 if none, -2 if
 * someone else holds it.
 */
static int console_lock(uint32_t domid, char *path, size_t size)
{
    snprintf(path, size, LOCK_PREFIX "%u", domid);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    if (flock(fd, LOCK_EX | LOCK_NB)) {
        int e = errno;
        close(fd);
        errno = e;
        return -2;
    }
    return fd;
}

int xl_console_relay(int pty, int in_fd, int out_fd)
{
    struct pollfd p[2] = {
        { .fd = pty, .events = POLLIN },
        { .fd = in_fd, .events = POLLIN },
    };
    char buf[4096];
    for (;;) {
        int n = poll(p, 2, -1);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (p[1].revents) {
            ssize_t r = read(in_fd, buf, sizeof(buf));
            if (r < 0 && (errno == EINTR || errno == EAGAIN))
                continue;
            if (r <= 0) {
                p[1].fd = -1;   /* input closed: keep showing output */
            } else {
                char *esc = memchr(buf, ESCAPE_CHAR, (size_t)r);
                size_t len = esc ? (size_t)(esc - buf) : (size_t)r;
                if (len && write_all(pty, buf, len))
                    return 0;   /* the console went away */
                if (esc)
                    return 0;
            }
        }
        if (p[0].revents) {
            ssize_t r = read(pty, buf, sizeof(buf));
            if (r < 0 && (errno == EINTR || errno == EAGAIN))
                continue;
            if (r <= 0)
                return 0;       /* xenconsoled closed it: domain gone */
            if (write_all(out_fd, buf, (size_t)r)) {
                perror("write() failed");
                return -1;
            }
        }
    }
}

int xl_console_attach(xk_ctx *ctx, uint32_t domid, unsigned type,
                      unsigned num, int notify_fd)
{
    if (domid == 0) {
        fprintf(stderr, "Can't specify Domain-0\n");
        return EINVAL;  /* xenconsole's status for it */
    }
    char lockpath[64];
    int lock = console_lock(domid, lockpath, sizeof(lockpath));
    if (lock == -2) {
        fprintf(stderr, "xl: Could not lock %s: %s\n", lockpath,
                strerror(errno));
        return EXIT_FAILURE;
    }
    int pty;
    if (xk_console_open(ctx, domid, type, num, TTY_WAIT_MS, &pty)) {
        xl_print_lib_error(ctx);
        fprintf(stderr, "Unable to attach console\n");
        if (lock >= 0) {
            unlink(lockpath);
            close(lock);
        }
        return EXIT_FAILURE;
    }

    struct termios saved;
    int restore = 0;
    if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0) {
        struct termios raw = saved;
        cfmakeraw(&raw);
        restore = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
    }
    if (notify_fd >= 0) {
        /* Tell whoever started us (xl create -c) that we are attached. */
        const char ready = 0;
        if (write(notify_fd, &ready, 1) != 1)
            perror("xl: notifying the console's parent");
        close(notify_fd);
    }

    int rc = xl_console_relay(pty, STDIN_FILENO, STDOUT_FILENO);

    if (restore)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    close(pty);
    if (lock >= 0) {
        unlink(lockpath);
        close(lock);
    }
    return rc ? EXIT_FAILURE : EXIT_SUCCESS;
}

pid_t xl_console_spawn(uint32_t domid)
{
    int pipefd[2];
    if (pipe(pipefd)) {
        perror("xl: console pipe");
        return -1;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        perror("xl: fork console child");
        close(pipefd[0]);
        close(pipefd[1]);
        return -1;
    }
    if (pid == 0) {
        /* Our own context: the parent's xenstore connection must not be
         * shared across processes. */
        close(pipefd[0]);
        xk_ctx *cctx = NULL;
        int st = EXIT_FAILURE;
        if (xk_ctx_open(&cctx, 0) == 0)
            st = xl_console_attach(cctx, domid, XK_CONSOLE_PRIMARY, 0,
                                   pipefd[1]);
        xk_ctx_close(cctx);
        _exit(st);
    }
    close(pipefd[1]);
    char c;
    ssize_t r;
    do {
        r = read(pipefd[0], &c, 1);
    } while (r < 0 && errno == EINTR);
    if (r < 0)
        fprintf(stderr, "Failed to get notification from xenconsole: %s\n",
                strerror(errno));
    else if (r == 0)
        fprintf(stderr, "Got EOF from xenconsole notification fd\n");
    close(pipefd[0]);
    return pid;
}

int xl_console_wait(pid_t pid)
{
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            return EXIT_FAILURE;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : EXIT_FAILURE;
}

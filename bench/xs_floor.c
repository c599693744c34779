/*
 * xs_floor.c: xk-xs-floor, the xenstore part of listing domains and nothing
 * else, for bench/dom0.sh to time beside both xls: it lists /local/domain
 * and reads every domain's name over several connections to xenstored's
 * socket, as `xl list` does, without the hypervisor, a library or output.
 * Whatever a list that reads each name costs beyond it is the tool's own.
 *
 *   xk-xs-floor [CONNECTIONS]     (16 by default, as xl list uses)
 *
 * Exits 0 once every read is answered (a name that is gone counts), 1 on
 * any other failure, with a line on stderr.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <xen/io/xs_wire.h>

#define SOCKET_PATH "/run/xenstored/socket"
#define MAX_CONNS 64
#define MAX_IDS 4096

static int fail(const char *what)
{
    fprintf(stderr, "xk-xs-floor: %s: %s\n", what, strerror(errno));
    return 1;
}

static int open_conn(void)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    memcpy(sa.sun_path, SOCKET_PATH, sizeof(SOCKET_PATH));
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static int full_io(int fd, void *buf, size_t len, int out)
{
    for (size_t done = 0; done < len;) {
        ssize_t n = out ? write(fd, (char *)buf + done, len - done)
                        : read(fd, (char *)buf + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EPIPE;
            return -1;
        }
        done += (size_t)n;
    }
    return 0;
}

static int send_req(int fd, uint32_t type, const char *path)
{
    char buf[sizeof(struct xsd_sockmsg) + 64];
    struct xsd_sockmsg h = { .type = type, .len = (uint32_t)strlen(path) + 1 };
    if (h.len > sizeof(buf) - sizeof(h)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(buf, &h, sizeof(h));
    memcpy(buf + sizeof(h), path, h.len);
    return full_io(fd, buf, sizeof(h) + h.len, 1);
}

/* One reply into body (NUL-terminated, at most XENSTORE_PAYLOAD_MAX);
 * 0 if it answers type, or an error that is ENOENT; else -1. */
static int recv_reply(int fd, uint32_t type, char *body)
{
    struct xsd_sockmsg h;
    if (full_io(fd, &h, sizeof(h), 0) != 0)
        return -1;
    if (h.len > XENSTORE_PAYLOAD_MAX) {
        errno = EPROTO;
        return -1;
    }
    if (full_io(fd, body, h.len, 0) != 0)
        return -1;
    body[h.len] = '\0';
    if (h.type == type || (h.type == XS_ERROR && strcmp(body, "ENOENT") == 0))
        return 0;
    errno = EPROTO;
    return -1;
}

int main(int argc, char **argv)
{
    static char body[XENSTORE_PAYLOAD_MAX + 1];
    static uint32_t ids[MAX_IDS];
    int k = argc > 1 ? atoi(argv[1]) : 16;
    if (argc > 2 || k < 1 || k > MAX_CONNS) {
        fprintf(stderr, "usage: xk-xs-floor [CONNECTIONS (1-%d)]\n",
                MAX_CONNS);
        return 2;
    }
    int fds[MAX_CONNS];
    fds[0] = open_conn();
    if (fds[0] < 0 || send_req(fds[0], XS_DIRECTORY, "/local/domain") != 0 ||
        recv_reply(fds[0], XS_DIRECTORY, body) != 0)
        return fail("listing /local/domain");
    size_t n = 0;
    for (char *e = body; *e && n < MAX_IDS; e += strlen(e) + 1)
        ids[n++] = (uint32_t)strtoul(e, NULL, 10);

    /* Each connection's share goes out as soon as it is open: xenstored
     * accepts one connection a pass. */
    size_t per = (n + (size_t)k - 1) / (size_t)k, sent = 0;
    int used = 0;
    for (int c = 0; c < k && sent < n; c++, used++) {
        if (c > 0 && (fds[c] = open_conn()) < 0)
            return fail("connecting to " SOCKET_PATH);
        for (size_t i = 0; i < per && sent < n; i++, sent++) {
            char path[48];
            snprintf(path, sizeof(path), "/local/domain/%u/name", ids[sent]);
            if (send_req(fds[c], XS_READ, path) != 0)
                return fail("sending a read");
        }
    }
    size_t got = 0;
    for (int c = 0; c < used; c++)
        for (size_t i = 0; i < per && got < n; i++, got++)
            if (recv_reply(fds[c], XS_READ, body) != 0)
                return fail("reading a name");
    printf("%zu names over %d connections\n", n, used);
    return 0;
}

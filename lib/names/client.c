/* client.c: xk_domain_list's side of the name service (names.h). */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "core/context.h"
#include "names/names.h"

/* An answer bigger than this is not one (a million domains' names). */
#define ANSWER_MAX (64u << 20)

const char *xk__names_socket(void)
{
    const char *env = getenv("XENKIT_NAME_SOCKET");
    return env && *env ? env : XK__NAMES_SOCKET;
}

int xk__names_ask(void)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    const char *path = xk__names_socket();
    if (strlen(path) >= sizeof(sa.sun_path))
        return -1;
    strcpy(sa.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return -1;
    /* Connecting is the question: the service answers whoever connects. */
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

long xk__names_receive(int fd, int timeout_ms, xk_dominfo *list, size_t n,
                       bool *have)
{
    struct xk__names_buf b = { 0 };
    int64_t deadline = xk__now_ms() + timeout_ms;
    long named = -1;
    for (;;) {
        if (b.cap - b.len < 4096) {
            size_t cap = b.cap ? b.cap * 2 : 16384;
            char *d = cap <= ANSWER_MAX ? realloc(b.data, cap) : NULL;
            if (!d)
                break;
            b.data = d;
            b.cap = cap;
        }
        ssize_t k = recv(fd, b.data + b.len, b.cap - b.len, 0);
        if (k > 0) {
            b.len += (size_t)k;
            continue;
        }
        if (k == 0) {
            named = xk__names_take(b.data, b.len, list, n, have);
            break;
        }
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN)
            break;
        int64_t left = deadline - xk__now_ms();
        struct pollfd pf = { .fd = fd, .events = POLLIN };
        if (left <= 0 || (poll(&pf, 1, (int)left) < 0 && errno != EINTR))
            break;
    }
    xk__names_buf_dispose(&b);
    close(fd);
    return named;
}

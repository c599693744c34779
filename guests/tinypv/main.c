/* main.c: the tiny PV test kernel: says it is up on its console, then
 * answers control/shutdown (poweroff, halt, reboot) and otherwise blocks. */
#include "tinypv.h"

size_t tp_strlen(const char *s)
{
    size_t n = 0;

    while (s[n])
        n++;
    return n;
}

int tp_streq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

/* Xen's loader zeroes .bss, but these are needed by the compiler when it
 * turns struct copies and clears into calls. */
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;

    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    while (n--)
        *d++ = *s++;
    return dst;
}

/* The SHUTDOWN_* reason for a control/shutdown value, or -1 to ignore it
 * (empty, or a request such as "suspend" we do not support). */
static int shutdown_reason(const char *req)
{
    if (tp_streq(req, "poweroff") || tp_streq(req, "halt"))
        return SHUTDOWN_poweroff;
    if (tp_streq(req, "reboot"))
        return SHUTDOWN_reboot;
    return -1;
}

__attribute__((noreturn)) void tinypv_main(start_info_t *si);

void tinypv_main(start_info_t *si)
{
    struct xs_reply reply;

    evt_init(si);
    console_init(si);
    console_write("tinypv: up\n");

    xs_init(si);
    /* Best effort: the toolstack may not have made these nodes writable. */
    xs_write("control/feature-poweroff", "1");
    xs_write("control/feature-reboot", "1");
    if (xs_watch("control/shutdown", "tinypv") < 0) {
        console_write("tinypv: cannot watch control/shutdown\n");
        tinypv_shutdown(SHUTDOWN_crash);
    }

    for (;;) {
        int reason;

        xs_wait_watch();
        if (xs_read("control/shutdown", &reply) < 0)
            continue;           /* ENOENT: the node is not there (yet) */
        reason = shutdown_reason(reply.buf);
        if (reason < 0)
            continue;
        /* Acknowledge as Linux does, so the toolstack sees it was taken. */
        xs_write("control/shutdown", "");
        console_write("tinypv: ");
        console_write(reply.buf);
        console_write("\n");
        tinypv_shutdown((unsigned int)reason);
    }
}

/* uuid.c: domain UUIDs: random generation, and the text form xl prints. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "core/context.h"
#include "domain/create.h"

void xk__uuid_format(const uint8_t u[16], char out[XK__UUID_STRLEN])
{
    snprintf(out, XK__UUID_STRLEN,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
             "%02x%02x%02x%02x%02x%02x",
             u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9],
             u[10], u[11], u[12], u[13], u[14], u[15]);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int xk__uuid_parse(const char *s, uint8_t u[16])
{
    if (strlen(s) != 36)
        return XK_EINVAL;
    int k = 0;
    for (int i = 0; i < 36;) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-')
                return XK_EINVAL;
            i++;
            continue;
        }
        int hi = hexval(s[i]), lo = hexval(s[i + 1]);
        if (hi < 0 || lo < 0)
            return XK_EINVAL;
        u[k++] = (uint8_t)(hi << 4 | lo);
        i += 2;
    }
    return 0;
}

int xk__uuid_generate(xk_ctx *ctx, uint8_t u[16])
{
    size_t got = 0;
    while (got < 16) {
        ssize_t n = getrandom(u + got, 16 - got, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return xk__error(ctx, XK_EIO, "generating a UUID: %s",
                             strerror(errno));
        }
        got += (size_t)n;
    }
    u[6] = (uint8_t)((u[6] & 0x0f) | 0x40);   /* version 4: random */
    u[8] = (uint8_t)((u[8] & 0x3f) | 0x80);   /* RFC 4122 variant */
    return 0;
}

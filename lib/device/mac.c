/*
 * mac.c: MAC addresses of virtual NICs: parsing, printing, and generating
 * one under Xen's OUI 00:16:3e when the config gives none.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "core/context.h"
#include "device/device.h"

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int xk__mac_parse(const char *s, uint8_t mac[6])
{
    /* Exactly six two-digit hex groups separated by ':' (xl accepts no
     * other form), so a typo is an error rather than a different address. */
    if (!s || strlen(s) != 17)
        return -1;
    for (int i = 0; i < 6; i++) {
        const char *p = s + 3 * i;
        int hi = hexval(p[0]), lo = hexval(p[1]);
        if (hi < 0 || lo < 0)
            return -1;
        if (i < 5 && p[2] != ':')
            return -1;
        mac[i] = (uint8_t)(hi << 4 | lo);
    }
    return 0;
}

void xk__mac_format(const uint8_t mac[6], char buf[XK__MAC_STRLEN])
{
    snprintf(buf, XK__MAC_STRLEN, "%02x:%02x:%02x:%02x:%02x:%02x",
             mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

void xk__mac_from_random(uint8_t mac[6], const uint8_t rnd[3])
{
    mac[0] = 0x00;
    mac[1] = 0x16;
    mac[2] = 0x3e;
    /* The top bit of the fourth byte stays clear, as xl keeps it: the
     * upper half of Xen's range is left to other tools. */
    mac[3] = rnd[0] & 0x7f;
    mac[4] = rnd[1];
    mac[5] = rnd[2];
}

int xk__mac_generate(xk_ctx *ctx, uint8_t mac[6])
{
    uint8_t rnd[3];
    size_t got = 0;
    while (got < sizeof(rnd)) {
        ssize_t n = getrandom(rnd + got, sizeof(rnd) - got, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return xk__error(ctx, XK_EIO, "cannot get random bytes for a "
                             "MAC address: %s", strerror(errno));
        }
        got += (size_t)n;
    }
    xk__mac_from_random(mac, rnd);
    return 0;
}

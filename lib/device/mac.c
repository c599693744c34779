/*
 * mac.c: MAC addresses of virtual NICs: parsing, printing, and generating
 * one under Xen's OUI 00:16:3e when the config gives none (and keeping
 * what was generated with the config, so a restarted domain keeps it).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "config/cfg_file.h"
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

/* s inside an xl.cfg string literal, with the lexer's escapes for quotes,
 * backslashes and control characters, so the override stays on one line
 * whatever the spec held. */
static void put_escaped(FILE *m, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\'' || c == '\\')
            fprintf(m, "\\%c", c);
        else if (c < 0x20 || c == 0x7f)
            fprintf(m, "\\x%02x", c);
        else
            fputc(c, m);
    }
}

int xk_config_generate_macs(xk_ctx *ctx, xk_domain_config *cfg,
                            char **override_r)
{
    if (!ctx || !cfg)
        return XK_EINVAL;
    xk__clear_error(ctx);
    if (override_r)
        *override_r = NULL;
    size_t need = 0;
    for (size_t i = 0; i < cfg->num_vifs; i++)
        need += !cfg->vifs[i].mac_set;
    if (!need)
        return 0;

    /* The specs as written (vif = [...] after += and overrides), which
     * the override repeats with mac= added where it was missing. */
    struct xk__cfg_setting *set = cfg->file_ ? xk__cfg_find(cfg->file_, "vif")
                                             : NULL;
    const struct xk__cfg_value *l = set ? set->value : NULL;
    if (override_r && (!l || l->type != XK__CFG_LIST ||
                       l->n != cfg->num_vifs))
        return xk__error(ctx, XK_EINVAL, "vif: the configuration's NICs "
                         "do not match its vif = [...] list");

    uint8_t (*macs)[6] = calloc(cfg->num_vifs, sizeof(*macs));
    if (!macs)
        return xk__error(ctx, XK_ENOMEM, "out of memory");
    for (size_t i = 0; i < cfg->num_vifs; i++) {
        if (cfg->vifs[i].mac_set)
            continue;
        int rc = xk__mac_generate(ctx, macs[i]);
        if (rc) {
            free(macs);
            return rc;
        }
    }

    char *text = NULL;
    if (override_r) {
        size_t len = 0;
        FILE *m = open_memstream(&text, &len);
        if (!m) {
            free(macs);
            return xk__error(ctx, XK_ENOMEM, "out of memory");
        }
        fputs("vif=[", m);
        for (size_t i = 0; i < l->n; i++) {
            fputs(i ? ",'" : "'", m);
            put_escaped(m, l->items[i]->str ? l->items[i]->str : "");
            if (!cfg->vifs[i].mac_set) {
                char mac[XK__MAC_STRLEN];
                xk__mac_format(macs[i], mac);
                fprintf(m, ",mac=%s", mac);
            }
            fputc('\'', m);
        }
        fputc(']', m);
        if (fclose(m) != 0) {
            free(text);
            free(macs);
            return xk__error(ctx, XK_ENOMEM, "out of memory");
        }
    }

    /* Only now, when nothing can fail, does cfg change. */
    for (size_t i = 0; i < cfg->num_vifs; i++) {
        if (cfg->vifs[i].mac_set)
            continue;
        memcpy(cfg->vifs[i].mac, macs[i], 6);
        cfg->vifs[i].mac_set = true;
    }
    free(macs);
    if (override_r)
        *override_r = text;
    return 0;
}

/*
 * vif_spec.c: one vif= entry, by xl-network-configuration(5): comma
 * separated KEY=VALUE settings (mac, bridge, ip, vifname, model, type,
 * rate, script, backend, gatewaydev, mtu, devid...) and the trusted flags.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/build.h"
#include "core/context.h"

struct vstate {
    struct xk__build *b;
    const char *spec;
    struct xk_vif_spec *v;
};

static int verr(struct vstate *s, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int verr(struct vstate *s, size_t off, const char *fmt, ...)
{
    char msg[512], q[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    xk__cfg_quote(s->spec, q, sizeof(q));
    return xk__error(s->b->ctx, XK_ECONFIG, "%s:%u:%u: vif: %s (in the spec "
                     "\"%s\")", s->v->loc.file, s->v->loc.line,
                     s->v->loc.column + 1 + (unsigned)off, msg, q);
}

static int parse_mac(const char *s, uint8_t mac[6])
{
    for (int i = 0; i < 6; i++) {
        int v = 0, nd = 0;
        for (; nd < 2; nd++, s++) {
            char c = *s;
            int h = c >= '0' && c <= '9' ? c - '0'
                  : c >= 'a' && c <= 'f' ? c - 'a' + 10
                  : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (h < 0)
                break;
            v = v * 16 + h;
        }
        if (!nd)
            return -1;
        mac[i] = (uint8_t)v;
        if (i < 5 && *s++ != ':')
            return -1;
    }
    return *s ? -1 : 0;
}

/* "10Mb/s", "1GB/s@20ms": bytes per second, and the interval. */
static int parse_rate(struct vstate *s, size_t off, const char *rate)
{
    static const char exp[] = "a rate like 10Mb/s or 1MB/s@50ms (digits, "
                              "an optional K, M or G, b or B, /s, then an "
                              "optional @ and interval in s, ms or us)";
    const char *p = rate;
    unsigned long long bps = 0;
    uint64_t usecs = 50000;   /* xl's default: 50 ms */
    if (*p < '0' || *p > '9')
        return verr(s, off, "found rate `%s', expected %s", rate, exp);
    while (*p >= '0' && *p <= '9') {
        bps = bps * 10 + (unsigned long long)(*p++ - '0');
        if (bps > UINT32_MAX)
            return verr(s, off, "found rate `%s', expected a number below "
                        "2^32 before the unit", rate);
    }
    if (bps == 0)
        return verr(s, off, "found rate `%s', expected a rate above 0", rate);
    if (*p == 'G') { bps *= 1000000000ull; p++; }
    else if (*p == 'M') { bps *= 1000000ull; p++; }
    else if (*p == 'K') { bps *= 1000ull; p++; }
    if (*p == 'b')
        bps /= 8;
    else if (*p != 'B')
        return verr(s, off, "found rate `%s', expected %s", rate, exp);
    p++;
    if (strncmp(p, "/s", 2))
        return verr(s, off, "found rate `%s', expected %s", rate, exp);
    p += 2;
    if (*p == '@') {
        p++;
        unsigned long long n = 0;
        if (*p < '0' || *p > '9')
            return verr(s, off, "found rate `%s', expected %s", rate, exp);
        while (*p >= '0' && *p <= '9') {
            n = n * 10 + (unsigned long long)(*p++ - '0');
            if (n > UINT32_MAX)
                break;
        }
        if (!strcmp(p, "s") || !*p) n *= 1000000ull;
        else if (!strcmp(p, "ms") || !strcmp(p, "m")) n *= 1000ull;
        else if (strcmp(p, "us") && strcmp(p, "u"))
            return verr(s, off, "found rate `%s', expected %s", rate, exp);
        if (n == 0 || n > UINT32_MAX)
            return verr(s, off, "found the interval in `%s', expected "
                        "one from 1us to about 71 minutes", rate);
        usecs = n;
    } else if (*p) {
        return verr(s, off, "found rate `%s', expected %s", rate, exp);
    }
    s->v->rate_interval_usecs = (uint32_t)usecs;
    s->v->rate_bytes_per_interval = (uint64_t)(bps * usecs / 1000000ull);
    return 0;
}

static int set(struct vstate *s, char **dst, const char *val)
{
    char *d = xk__strdup(s->b, val);
    if (!d)
        return XK_ENOMEM;
    free(*dst);
    *dst = d;
    return 0;
}

static int item(struct vstate *s, size_t off, char *t)
{
    struct xk_vif_spec *v = s->v;
    if (!strcmp(t, "trusted")) { v->trusted = XK_DEFBOOL_TRUE; return 0; }
    if (!strcmp(t, "untrusted")) { v->trusted = XK_DEFBOOL_FALSE; return 0; }
    char *eq = strchr(t, '=');
    if (!eq)
        return verr(s, off, "found `%s', expected KEY=VALUE (mac, bridge, "
                    "ip, vifname, model, type, rate, script, backend, "
                    "gatewaydev, mtu, devid) or trusted/untrusted", t);
    *eq = '\0';
    const char *k = t, *val = eq + 1;
    if (!strcmp(k, "bridge")) return set(s, &v->bridge, val);
    if (!strcmp(k, "ip")) return set(s, &v->ip, val);
    if (!strcmp(k, "script")) return set(s, &v->script, val);
    if (!strcmp(k, "backend")) return set(s, &v->backend_domname, val);
    if (!strcmp(k, "vifname")) return set(s, &v->ifname, val);
    if (!strcmp(k, "model")) return set(s, &v->model, val);
    if (!strcmp(k, "gatewaydev")) return set(s, &v->gatewaydev, val);
    if (!strcmp(k, "netdev")) {
        xk__warn(s->b, &v->loc, "vif: netdev= is deprecated; use "
                 "gatewaydev=");
        return set(s, &v->gatewaydev, val);
    }
    if (!strcmp(k, "accel")) {
        xk__warn(s->b, &v->loc, "vif: accel= is not supported (xl ignores "
                 "it too)");
        return set(s, &v->accel, val);
    }
    if (!strcmp(k, "type")) {
        if (!strcmp(val, "vif")) v->nictype = XK_NIC_TYPE_VIF;
        else if (!strcmp(val, "ioemu")) v->nictype = XK_NIC_TYPE_VIF_IOEMU;
        else
            return verr(s, off, "found type `%s', expected vif or ioemu",
                        val);
        return 0;
    }
    if (!strcmp(k, "mac")) {
        if (parse_mac(val, v->mac))
            return verr(s, off, "found mac `%s', expected six hex bytes "
                        "like 00:16:3e:12:34:56", val);
        v->mac_set = true;
        return 0;
    }
    if (!strcmp(k, "rate"))
        return parse_rate(s, off, val);
    if (!strcmp(k, "devid") || !strcmp(k, "mtu")) {
        long l;
        long max = !strcmp(k, "mtu") ? 65535 : 65535;
        if (xk__parse_long(val, &l) < 0 || l < 0 || l > max ||
            (*val == '0' && val[1]))
            return verr(s, off, "found %s `%s', expected a decimal number "
                        "from 0 to %ld", k, val, max);
        if (!strcmp(k, "mtu"))
            v->mtu = (int)l;
        else
            v->devid = (int)l;
        return 0;
    }
    if (!strncmp(k, "colo_", 5) || !strcmp(k, "forwarddev")) {
        char buf[512];
        snprintf(buf, sizeof(buf), "%s=%s", k, val);
        if (xk__strlist_push(&v->colo, buf) < 0)
            return xk__error(s->b->ctx, XK_ENOMEM, "out of memory");
        return 0;
    }
    return verr(s, off, "found an unknown key `%s', expected mac, bridge, "
                "ip, vifname, model, type, rate, script, backend, "
                "gatewaydev, mtu, devid, trusted or untrusted", k);
}

int xk__vif_spec_parse(struct xk__build *b, const char *spec,
                       const struct xk_cfg_loc *loc, struct xk_vif_spec *v)
{
    int devid = v->devid;
    memset(v, 0, sizeof(*v));
    v->devid = devid;
    v->loc = *loc;
    struct vstate s = { .b = b, .spec = spec, .v = v };
    char *dup = xk__strdup(b, spec);
    if (!dup)
        return XK_ENOMEM;
    int rc = 0;
    char *p = dup;
    /* like xl: empty items between commas are skipped */
    while (*p && !rc) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        char *t = p;
        while (*t == ' ')
            t++;
        if (*t)
            rc = item(&s, (size_t)(t - dup), t);
        if (!comma)
            break;
        p = comma + 1;
    }
    free(dup);
    return rc;
}

void xk__vif_spec_dispose(struct xk_vif_spec *v)
{
    free(v->bridge);
    free(v->ip);
    free(v->ifname);
    free(v->script);
    free(v->model);
    free(v->backend_domname);
    free(v->gatewaydev);
    free(v->accel);
    xk__strlist_free(&v->colo);
    memset(v, 0, sizeof(*v));
}

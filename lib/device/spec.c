/*
 * spec.c: xl disk and vif specs to device descriptors. This is an interim
 * parser for hot-plug until lib/config's spec parsers are in; it follows
 * xl-disk-configuration(5) and xl-network-configuration(5).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "device/internal.h"
#include "device/spec.h"

void xk__spec_store_free(struct xk__spec_store *st)
{
    free(st->buf);
    st->buf = NULL;
}

static char *skip_ws(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

static int parse_format(const char *s, enum xk__disk_format *f)
{
    static const struct { const char *name; enum xk__disk_format f; } t[] = {
        { "raw", XK__DISK_RAW }, { "qcow", XK__DISK_QCOW },
        { "qcow2", XK__DISK_QCOW2 }, { "vhd", XK__DISK_VHD },
        { "qed", XK__DISK_QED }, { "empty", XK__DISK_EMPTY },
    };
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
        if (strcmp(s, t[i].name) == 0) {
            *f = t[i].f;
            return 0;
        }
    return -1;
}

/* Deprecated "phy:", "file:", "tap:aio:", "qcow2:"... prefixes of a target. */
static const char *strip_prefix(const char *t, struct xk__vbd *d)
{
    for (;;) {
        const char *colon = strchr(t, ':');
        if (!colon || colon == t)
            return t;
        size_t n = (size_t)(colon - t);
        enum xk__disk_format f;
        char word[16];
        if (n >= sizeof(word))
            return t;
        memcpy(word, t, n);
        word[n] = '\0';
        if (strcmp(word, "phy") == 0)
            d->backend = XK__BACKEND_PHY;
        else if (strcmp(word, "file") == 0 || strcmp(word, "aio") == 0)
            d->format = XK__DISK_RAW;
        else if (strcmp(word, "tap") == 0 || strcmp(word, "tap2") == 0)
            ;
        else if (parse_format(word, &f) == 0)
            d->format = f;
        else
            return t;
        t = colon + 1;
    }
}

int xk__vbd_from_spec(xk_ctx *ctx, const char *spec, struct xk__vbd *d,
                      struct xk__spec_store *st)
{
    memset(d, 0, sizeof(*d));
    d->discard = -1;
    st->buf = strdup(spec);
    if (!st->buf)
        return xk__error(ctx, XK_ENOMEM, "out of memory parsing a disk spec");
    const char *pos[4] = { NULL, NULL, NULL, NULL };
    const char *access = NULL, *format = NULL, *target = NULL, *vdev = NULL;
    int npos = 0;
    char *s = st->buf;
    while (s) {
        s = skip_ws(s);
        if (strncmp(s, "target=", 7) == 0) {
            target = s + 7; /* the rest of the spec, commas and all */
            break;
        }
        char *comma = strchr(s, ',');
        if (comma)
            *comma = '\0';
        char *eq = strchr(s, '=');
        if (eq) {
            *eq = '\0';
            const char *k = s, *v = eq + 1;
            if (!strcmp(k, "format")) format = v;
            else if (!strcmp(k, "vdev")) vdev = v;
            else if (!strcmp(k, "access")) access = v;
            else if (!strcmp(k, "devtype")) {
                if (strcmp(v, "cdrom"))
                    return xk__error(ctx, XK_ECONFIG, "disk spec: unknown "
                                     "devtype \"%s\"", v);
                d->cdrom = true;
            } else if (!strcmp(k, "script")) d->script = v;
            else if (!strcmp(k, "backendtype")) {
                if (!strcmp(v, "phy")) d->backend = XK__BACKEND_PHY;
                else if (!strcmp(v, "qdisk")) d->backend = XK__BACKEND_QDISK;
                else if (!strcmp(v, "tap")) d->backend = XK__BACKEND_TAP;
                else
                    return xk__error(ctx, XK_ECONFIG, "disk spec: unknown "
                                     "backendtype \"%s\"", v);
            } else if (!strcmp(k, "backend")) {
                char *end;
                unsigned long b = strtoul(v, &end, 10);
                if (*end || !*v)
                    return xk__error(ctx, XK_EUNSUPPORTED, "disk spec: "
                                     "backend domains by name are not "
                                     "supported yet");
                d->backend_domid = (uint32_t)b;
            } else
                return xk__error(ctx, XK_ECONFIG, "disk spec: unknown "
                                 "parameter \"%s\"", k);
        } else if (!strcmp(s, "cdrom")) {
            d->cdrom = true;
        } else if (!strcmp(s, "direct-io-safe")) {
            d->direct_io_safe = true;
        } else if (!strcmp(s, "discard")) {
            d->discard = 1;
        } else if (!strcmp(s, "no-discard")) {
            d->discard = 0;
        } else {
            if (npos == 4)
                return xk__error(ctx, XK_ECONFIG, "disk spec: too many "
                                 "positional parameters at \"%s\"", s);
            pos[npos++] = s;
        }
        s = comma ? comma + 1 : NULL;
    }
    /* Positional: target, format, vdev, access; with three, xl takes the
     * middle one as the vdev when it is not a format. */
    if (npos >= 1 && !target) target = pos[0];
    enum xk__disk_format f;
    if (npos == 3 && parse_format(pos[1], &f) != 0 && pos[1][0]) {
        if (!vdev) vdev = pos[1];
        if (!access) access = pos[2];
    } else {
        if (npos >= 2 && !format && pos[1][0]) format = pos[1];
        if (npos >= 3 && !vdev) vdev = pos[2];
        if (npos >= 4 && !access) access = pos[3];
    }
    if (npos == 2 && !vdev && format && parse_format(format, &f) != 0) {
        vdev = format;
        format = NULL;
    }
    d->format = XK__DISK_RAW;
    if (target && *target)
        target = strip_prefix(target, d);
    if (format && *format && parse_format(format, &d->format))
        return xk__error(ctx, XK_ECONFIG, "disk spec: unknown format \"%s\"",
                         format);
    if (vdev) {
        char *c = strchr((char *)vdev, ':'); /* deprecated "hdc:cdrom" */
        if (c && !strcmp(c + 1, "cdrom")) {
            *c = '\0';
            d->cdrom = true;
        }
    }
    if (!vdev || !*vdev)
        return xk__error(ctx, XK_ECONFIG, "disk spec \"%s\": no vdev "
                         "specified", spec);
    d->target = target && *target ? target : NULL;
    d->vdev = vdev;
    if (!access || !*access)
        d->readwrite = !d->cdrom;
    else if (!strcmp(access, "w") || !strcmp(access, "rw"))
        d->readwrite = true;
    else if (!strcmp(access, "r") || !strcmp(access, "ro"))
        d->readwrite = false;
    else
        return xk__error(ctx, XK_ECONFIG, "disk spec: unknown access \"%s\"",
                         access);
    if (d->cdrom && !d->target)
        d->format = XK__DISK_EMPTY;
    return 0;
}

/* "10Mb/s@20ms" -> bytes per interval and interval, as xl computes them. */
static int parse_rate(const char *s, uint64_t *bytes_r, uint32_t *usecs_r)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || v < 0)
        return -1;
    double mult = 1;
    if (*end == 'K' || *end == 'k') { mult = 1e3; end++; }
    else if (*end == 'M' || *end == 'm') { mult = 1e6; end++; }
    else if (*end == 'G' || *end == 'g') { mult = 1e9; end++; }
    double bytes_per_s;
    if (*end == 'B') bytes_per_s = v * mult;
    else if (*end == 'b') bytes_per_s = v * mult / 8;
    else return -1;
    end++;
    if (strncmp(end, "/s", 2))
        return -1;
    end += 2;
    double usecs = 50000;
    if (*end == '@') {
        char *e2;
        double t = strtod(end + 1, &e2);
        if (e2 == end + 1 || t <= 0)
            return -1;
        if (!strcmp(e2, "s")) usecs = t * 1e6;
        else if (!strcmp(e2, "ms")) usecs = t * 1e3;
        else if (!strcmp(e2, "us")) usecs = t;
        else return -1;
    } else if (*end) {
        return -1;
    }
    if (usecs < 1 || usecs > 4294967295.0)
        return -1;
    *usecs_r = (uint32_t)usecs;
    *bytes_r = (uint64_t)(bytes_per_s * usecs / 1e6);
    return 0;
}

int xk__vif_from_spec(xk_ctx *ctx, const char *spec, struct xk__vif *v,
                      struct xk__spec_store *st)
{
    memset(v, 0, sizeof(*v));
    v->devid = -1;
    st->buf = strdup(spec);
    if (!st->buf)
        return xk__error(ctx, XK_ENOMEM, "out of memory parsing a vif spec");
    for (char *s = st->buf, *next; s; s = next) {
        next = strchr(s, ',');
        if (next)
            *next++ = '\0';
        s = skip_ws(s);
        if (!*s)
            continue;
        char *eq = strchr(s, '=');
        if (!eq)
            return xk__error(ctx, XK_ECONFIG, "vif spec: \"%s\" is not "
                             "key=value", s);
        *eq = '\0';
        const char *k = s, *val = eq + 1;
        if (!strcmp(k, "mac")) {
            if (xk__mac_parse(val, v->mac))
                return xk__error(ctx, XK_ECONFIG, "vif spec: invalid mac "
                                 "address \"%s\"", val);
            v->has_mac = true;
        } else if (!strcmp(k, "bridge")) v->bridge = val;
        else if (!strcmp(k, "ip")) v->ip = val;
        else if (!strcmp(k, "vifname")) v->vifname = val;
        else if (!strcmp(k, "script")) v->script = val;
        else if (!strcmp(k, "gatewaydev")) v->gatewaydev = val;
        else if (!strcmp(k, "rate")) {
            if (parse_rate(val, &v->rate_bytes_per_interval,
                           &v->rate_interval_usecs))
                return xk__error(ctx, XK_ECONFIG, "vif spec: invalid rate "
                                 "\"%s\"", val);
        } else if (!strcmp(k, "mtu")) {
            char *end;
            unsigned long m = strtoul(val, &end, 10);
            if (*end || m < 68 || m > 65535)
                return xk__error(ctx, XK_ECONFIG, "vif spec: invalid mtu "
                                 "\"%s\"", val);
            v->mtu = (unsigned)m;
        } else if (!strcmp(k, "devid")) {
            char *end;
            long id = strtol(val, &end, 10);
            if (*end || id < 0 || id > 0xffff)
                return xk__error(ctx, XK_ECONFIG, "vif spec: invalid devid "
                                 "\"%s\"", val);
            v->devid = (int)id;
        } else if (!strcmp(k, "backend")) {
            char *end;
            unsigned long b = strtoul(val, &end, 10);
            if (*end || !*val)
                return xk__error(ctx, XK_EUNSUPPORTED, "vif spec: backend "
                                 "domains by name are not supported yet");
            v->backend_domid = (uint32_t)b;
        } else if (!strcmp(k, "type") || !strcmp(k, "model") ||
                   !strcmp(k, "accel")) {
            /* Emulated-NIC settings: meaningless for a PV guest. */
        } else {
            return xk__error(ctx, XK_ECONFIG, "vif spec: unknown parameter "
                             "\"%s\"", k);
        }
    }
    return 0;
}

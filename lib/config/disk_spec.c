/*
 * disk_spec.c: one disk= entry, by xl-disk-configuration(5): positional
 * TARGET,FORMAT,VDEV,ACCESS and KEY=VALUE parameters, xm's prefixes
 * (phy:, file:, raw:...), and target= which takes the rest of the spec.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/build.h"
#include "core/context.h"
#include "device/device.h"

struct dstate {
    struct xk__build *b;
    const char *spec;
    struct xk_cfg_loc loc;      /* of the spec string */
    struct xk_disk_spec *d;
    bool had_prefix, access_set;
};

/* "FILE:LINE:COL: disk: MSG", COL pointing into the spec at offset. */
static int derr(struct dstate *s, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int derr(struct dstate *s, size_t off, const char *fmt, ...)
{
    char msg[512], q[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    xk__cfg_quote(s->spec, q, sizeof(q));
    return xk__error(s->b->ctx, XK_ECONFIG, "%s:%u:%u: disk: %s (in the "
                     "spec \"%s\")", s->loc.file, s->loc.line,
                     s->loc.column + 1 + (unsigned)off, msg, q);
}

static int save(struct dstate *s, size_t off, const char *what,
                char **dst, const char *val, size_t len)
{
    if (*dst && **dst)
        return derr(s, off, "found a second %s `%.*s', expected one (the "
                    "first is `%s')", what, (int)len, val, *dst);
    char *v = strndup(val, len);
    if (!v)
        return xk__error(s->b->ctx, XK_ENOMEM, "out of memory");
    free(*dst);
    *dst = v;
    return 0;
}

#define EQ(v, n, lit) ((n) == sizeof(lit) - 1 && !memcmp((v), lit, (n)))

static int set_format(struct dstate *s, size_t off, const char *v, size_t n)
{
    enum xk_disk_format f;
    if (n == 0 || EQ(v, n, "raw")) f = XK_DISK_FORMAT_RAW;
    else if (EQ(v, n, "qcow")) f = XK_DISK_FORMAT_QCOW;
    else if (EQ(v, n, "qcow2")) f = XK_DISK_FORMAT_QCOW2;
    else if (EQ(v, n, "vhd")) f = XK_DISK_FORMAT_VHD;
    else if (EQ(v, n, "empty")) f = XK_DISK_FORMAT_EMPTY;
    else if (EQ(v, n, "qed")) f = XK_DISK_FORMAT_QED;
    else
        return derr(s, off, "found format `%.*s', expected raw, qcow, qcow2, "
                    "vhd, qed or empty", (int)n, v);
    if (s->d->format != XK_DISK_FORMAT_UNKNOWN && s->d->format != f)
        return derr(s, off, "found a second format `%.*s', expected one",
                    (int)n, v);
    s->d->format = f;
    return 0;
}

static int set_access(struct dstate *s, size_t off, const char *v, size_t n)
{
    if (EQ(v, n, "r") || EQ(v, n, "ro"))
        s->d->readwrite = 0;
    else if (EQ(v, n, "w") || EQ(v, n, "rw") || n == 0)
        s->d->readwrite = 1;
    else
        return derr(s, off, "found access `%.*s', expected r, ro, w or rw",
                    (int)n, v);
    return 0;
}

/* VDEV:cdrom / VDEV:disk, the old way to say devtype. 1 if it was one. */
static int vdev_devtype(struct dstate *s, size_t off, const char *v,
                        size_t n, int *rc)
{
    const char *colon = memrchr(v, ':', n);
    *rc = 0;
    if (!colon)
        return 0;
    size_t tl = n - (size_t)(colon + 1 - v);
    if (EQ(colon + 1, tl, "cdrom"))
        s->d->is_cdrom = 1;
    else if (EQ(colon + 1, tl, "disk"))
        s->d->is_cdrom = 0;
    else {
        *rc = derr(s, off, "found device type `%.*s', expected cdrom or disk",
                   (int)tl, colon + 1);
        return 1;
    }
    *rc = save(s, off, "vdev", &s->d->vdev, v, (size_t)(colon - v));
    return 1;
}

static int positional(struct dstate *s, size_t off, const char *v, size_t n)
{
    struct xk_disk_spec *d = s->d;
    int rc;
    if (!d->pdev_path)
        return save(s, off, "target", &d->pdev_path, v, n);
    if (!s->had_prefix && d->format == XK_DISK_FORMAT_UNKNOWN) {
        if (!*d->pdev_path && vdev_devtype(s, off, v, n, &rc)) {
            if (!rc)
                d->format = XK_DISK_FORMAT_EMPTY;
            return rc;
        }
        return set_format(s, off, v, n);
    }
    if (!d->vdev) {
        if (vdev_devtype(s, off, v, n, &rc))
            return rc;
        return save(s, off, "vdev", &d->vdev, v, n);
    }
    if (!s->access_set) {
        s->access_set = true;
        return set_access(s, off, v, n);
    }
    return derr(s, off, "found a fifth positional parameter `%.*s', expected "
                "at most TARGET,FORMAT,VDEV,ACCESS", (int)n, v);
}

static int enum_param(struct dstate *s, size_t off, const char *k,
                      const char *v, size_t n, int *dst,
                      const char *const *names, const char *exp)
{
    for (int i = 0; names[i]; i++) {
        if (strlen(names[i]) == n && !memcmp(names[i], v, n)) {
            if (*dst && *dst != i + 1)
                return derr(s, off, "found a second %s `%.*s', expected "
                            "one", k, (int)n, v);
            *dst = i + 1;
            return 0;
        }
    }
    return derr(s, off, "found %s `%.*s', expected %s", k, (int)n, v, exp);
}

/* KEY=VALUE parameters. 1 if key is known. */
static int keyed(struct dstate *s, size_t off, const char *k, size_t kl,
                 const char *v, size_t n, int *rc)
{
    struct xk_disk_spec *d = s->d;
    static const char *const backends[] = { "phy", "tap", "qdisk",
                                            "standalone", NULL };
    static const char *const specs[] = { "xen", "virtio", NULL };
    *rc = 0;
    if (EQ(k, kl, "format")) *rc = set_format(s, off, v, n);
    else if (EQ(k, kl, "access")) *rc = set_access(s, off, v, n);
    else if (EQ(k, kl, "vdev")) *rc = save(s, off, "vdev", &d->vdev, v, n);
    else if (EQ(k, kl, "script"))
        *rc = save(s, off, "script", &d->script, v, n);
    else if (EQ(k, kl, "backend"))
        *rc = save(s, off, "backend", &d->backend_domname, v, n);
    else if (EQ(k, kl, "backendtype")) {
        int t = (int)d->backend;
        *rc = enum_param(s, off, "backendtype", v, n, &t, backends,
                         "phy, tap, qdisk or standalone");
        d->backend = (enum xk_disk_backend)t;
    } else if (EQ(k, kl, "specification")) {
        int t = (int)d->specification;
        *rc = enum_param(s, off, "specification", v, n, &t, specs,
                         "xen or virtio");
        d->specification = (enum xk_disk_specification)t;
    } else if (EQ(k, kl, "devtype")) {
        if (EQ(v, n, "cdrom")) d->is_cdrom = 1;
        else if (EQ(v, n, "disk")) d->is_cdrom = 0;
        else *rc = derr(s, off, "found devtype `%.*s', expected cdrom or "
                        "disk", (int)n, v);
    } else if (EQ(k, kl, "colo-host"))
        *rc = save(s, off, "colo-host", &d->colo_host, v, n);
    else if (EQ(k, kl, "colo-export"))
        *rc = save(s, off, "colo-export", &d->colo_export, v, n);
    else if (EQ(k, kl, "active-disk"))
        *rc = save(s, off, "active-disk", &d->active_disk, v, n);
    else if (EQ(k, kl, "hidden-disk"))
        *rc = save(s, off, "hidden-disk", &d->hidden_disk, v, n);
    else if (EQ(k, kl, "colo-port")) {
        long p;
        char buf[16];
        snprintf(buf, sizeof(buf), "%.*s", (int)(n < 15 ? n : 15), v);
        if (n > 15 || xk__parse_long(buf, &p) < 0 || p <= 0 || p > 65535)
            *rc = derr(s, off, "found colo-port `%.*s', expected a port "
                       "number", (int)n, v);
        else
            d->colo_port = (int)p;
    } else
        return 0;
    return 1;
}

static int flag(struct dstate *s, const char *t, size_t n)
{
    struct xk_disk_spec *d = s->d;
    if (EQ(t, n, "cdrom")) d->is_cdrom = 1;
    else if (EQ(t, n, "direct-io-safe")) d->direct_io_safe = true;
    else if (EQ(t, n, "discard")) d->discard_enable = XK_DEFBOOL_TRUE;
    else if (EQ(t, n, "no-discard")) d->discard_enable = XK_DEFBOOL_FALSE;
    else if (EQ(t, n, "colo")) d->colo_enable = XK_DEFBOOL_TRUE;
    else if (EQ(t, n, "no-colo")) d->colo_enable = XK_DEFBOOL_FALSE;
    else if (EQ(t, n, "trusted")) d->trusted = XK_DEFBOOL_TRUE;
    else if (EQ(t, n, "untrusted")) d->trusted = XK_DEFBOOL_FALSE;
    else return 0;
    return 1;
}

/* xm's "PREFIX:" forms. Returns bytes consumed, 0 if none, <0 error. */
static int prefix(struct dstate *s, size_t off, const char *t, size_t n)
{
    const char *colon = memchr(t, ':', n);
    if (!colon || colon == t)
        return 0;
    size_t pl = (size_t)(colon - t);
    for (size_t i = 0; i < pl; i++) {
        char c = t[i];
        if (!((c >= 'a' && c <= 'z') || (i && c >= '0' && c <= '9')))
            return 0;
    }
    static const char *const fmts[] = { "raw", "qcow", "qcow2", "vhd", NULL };
    static const char *const scripts[] = { "iscsi", "nbd", "enbd", "drbd",
                                           NULL };
    static const char *const plain[] = { "tapdisk", "tap", "tap2", "aio",
                                         "ioemu", "file", "phy", NULL };
    for (int i = 0; fmts[i]; i++)
        if (strlen(fmts[i]) == pl && !memcmp(fmts[i], t, pl)) {
            s->had_prefix = true;
            int rc = set_format(s, off, t, pl);
            return rc < 0 ? rc : (int)pl + 1;
        }
    for (int i = 0; scripts[i]; i++)
        if (strlen(scripts[i]) == pl && !memcmp(scripts[i], t, pl)) {
            char sc[16];
            snprintf(sc, sizeof(sc), "block-%s", scripts[i]);
            s->had_prefix = true;
            int rc = save(s, off, "script", &s->d->script, sc, strlen(sc));
            return rc < 0 ? rc : (int)pl + 1;
        }
    for (int i = 0; plain[i]; i++)
        if (strlen(plain[i]) == pl && !memcmp(plain[i], t, pl)) {
            s->had_prefix = true;
            return (int)pl + 1;
        }
    /* xl: an unknown PREFIX: is an error unless a letter or digit follows
     * (so VDEV:cdrom still reaches the positional rules) */
    char next = colon + 1 < t + n ? colon[1] : '\0';
    if ((next >= 'a' && next <= 'z') || (next >= '0' && next <= '9'))
        return 0;
    return derr(s, off, "found the prefix `%.*s:', expected one of phy:, "
                "file:, tap:, tap2:, aio:, ioemu:, raw:, qcow:, qcow2:, "
                "vhd:, iscsi:, nbd:, enbd:, drbd: (or format=/script=)",
                (int)pl, t);
}

static const char *const known_keys =
    "target, format, vdev, access, devtype, backendtype, backend, script, "
    "specification";

/* A target= that swallowed what look like parameters, e.g.
 * "target=/img,format=raw,vdev=xvda". */
static int check_target_last(struct dstate *s, size_t off)
{
    static const char *const keys[] = { ",format=", ",vdev=", ",access=",
        ",devtype=", ",backendtype=", ",backend=", ",script=", NULL };
    if (s->d->vdev)
        return 0;
    for (int i = 0; keys[i]; i++)
        if (strstr(s->d->pdev_path, keys[i]))
            return derr(s, off, "found parameters after target=, expected "
                        "target= last (it takes the rest of the spec, "
                        "commas included)");
    return 0;
}

static int parse_all(struct dstate *s)
{
    const char *p = s->spec, *end = s->spec + strlen(s->spec);
    size_t target_off = 0;
    int rc;
    while (p < end) {
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\n'))
            p++;
        if (p >= end)
            break;
        size_t off = (size_t)(p - s->spec);
        if (!strncmp(p, "target=", 7)) {
            size_t n = (size_t)(end - p - 7);
            if (n && p[7 + n - 1] == ',')
                n--;
            rc = save(s, off, "target", &s->d->pdev_path, p + 7, n);
            if (rc)
                return rc;
            target_off = off;
            p = end;
            return check_target_last(s, target_off);
        }
        const char *comma = memchr(p, ',', (size_t)(end - p));
        size_t n = comma ? (size_t)(comma - p) : (size_t)(end - p);
        rc = prefix(s, off, p, n);
        if (rc < 0)
            return rc;
        if (rc > 0) {
            p += rc;
            continue;
        }
        const char *eq = memchr(p, '=', n);
        if (eq) {
            size_t kl = (size_t)(eq - p);
            int known = keyed(s, off, p, kl, eq + 1, n - kl - 1, &rc);
            if (rc)
                return rc;
            if (!known)
                return derr(s, off, "found an unknown parameter `%.*s', "
                            "expected one of %s (or a flag)", (int)kl, p,
                            known_keys);
        } else if (!flag(s, p, n)) {
            rc = positional(s, off, p, n);
            if (rc)
                return rc;
        }
        p += n;
        if (p < end)
            p++;   /* the comma */
    }
    return 0;
}

int xk__disk_spec_parse(struct xk__build *b, const char *spec,
                        const struct xk_cfg_loc *loc, struct xk_disk_spec *d)
{
    struct dstate s = { .b = b, .spec = spec, .d = d };
    memset(d, 0, sizeof(*d));
    d->loc = s.loc = *loc;
    d->readwrite = 1;
    int rc = parse_all(&s);
    if (rc)
        return rc;
    if (d->format == XK_DISK_FORMAT_UNKNOWN)
        d->format = XK_DISK_FORMAT_RAW;
    if (d->is_cdrom) {
        d->removable = 1;
        d->readwrite = 0;
        if (!d->pdev_path || !*d->pdev_path)
            d->format = XK_DISK_FORMAT_EMPTY;
    }
    if (!d->vdev)
        return derr(&s, 0, "found no vdev, expected the virtual device "
                    "(e.g. xvda) as the third positional parameter or "
                    "vdev=");
    if (xk__vdev_to_devid(d->vdev, NULL, NULL) < 0)
        return derr(&s, 0, "found vdev `%s', expected a virtual device "
                    "like xvda, xvdb1, hdc, sda or d0p1", d->vdev);
    if (!d->pdev_path && !d->removable)
        return derr(&s, 0, "found no target, expected one (only a CD-ROM "
                    "may be empty)");
    return 0;
}

void xk__disk_spec_dispose(struct xk_disk_spec *d)
{
    free(d->pdev_path);
    free(d->vdev);
    free(d->backend_domname);
    free(d->script);
    free(d->colo_host);
    free(d->colo_export);
    free(d->active_disk);
    free(d->hidden_disk);
    memset(d, 0, sizeof(*d));
}

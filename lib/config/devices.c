/*
 * devices.c: the device lists of xl.cfg that xenkit models: disk=, vif=,
 * vfb= (and a PV guest's top-level vnc=), channel=. Each entry keeps its
 * location for later messages.
 */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/build.h"
#include "core/context.h"

#define TRY(x) do { int rc_ = (x); if (rc_ < 0) return rc_; } while (0)

int xk__build_vnc_sdl(struct xk__build *b, struct xk_vnc_opts *vnc,
                      struct xk_sdl_opts *sdl);

/* The list of key, checking every item is a string; NULL if not set. */
static int get_spec_list(struct xk__build *b, const char *key,
                         struct xk__cfg_value **list_r)
{
    struct xk__cfg_setting *s = xk__cfg_find(b->f, key);
    *list_r = NULL;
    if (!s)
        return 0;
    if (s->value->type != XK__CFG_LIST)
        return xk__value_error(b, key, s->value, "a list of spec strings, "
                               "like [ '...' ]");
    for (size_t i = 0; i < s->value->n; i++)
        if (s->value->items[i]->type != XK__CFG_ATOM)
            return xk__value_error(b, key, s->value->items[i],
                                   "a spec string (lists do not nest here)");
    *list_r = s->value;
    return 1;
}

static int build_disks(struct xk__build *b)
{
    struct xk_domain_config *c = b->cfg;
    struct xk__cfg_value *l;
    int rc = get_spec_list(b, "disk", &l);
    if (rc <= 0)
        return rc;
    c->disks = calloc(l->n ? l->n : 1, sizeof(*c->disks));
    if (!c->disks)
        return xk__error(b->ctx, XK_ENOMEM, "out of memory");
    for (size_t i = 0; i < l->n; i++) {
        c->num_disks = i + 1;
        TRY(xk__disk_spec_parse(b, l->items[i]->str, &l->items[i]->loc,
                                &c->disks[i]));
    }
    return 0;
}

static int build_vifs(struct xk__build *b)
{
    struct xk_domain_config *c = b->cfg;
    struct xk__cfg_value *l;
    int rc = get_spec_list(b, "vif", &l);
    if (rc <= 0)
        return rc;
    c->vifs = calloc(l->n ? l->n : 1, sizeof(*c->vifs));
    if (!c->vifs)
        return xk__error(b->ctx, XK_ENOMEM, "out of memory");
    for (size_t i = 0; i < l->n; i++) {
        c->num_vifs = i + 1;
        c->vifs[i].devid = (int)i;
        TRY(xk__vif_spec_parse(b, l->items[i]->str, &l->items[i]->loc,
                               &c->vifs[i]));
    }
    return 0;
}

static int set_str(struct xk__build *b, char **dst, const char *v)
{
    char *d = xk__strdup(b, v);
    if (!d)
        return XK_ENOMEM;
    free(*dst);
    *dst = d;
    return 0;
}

/* An xl vfb flag: atoi() in xl; we want a number. */
static int vfb_flag(struct xk__build *b, const struct xk_cfg_loc *loc,
                    const char *k, const char *v, xk_defbool *out)
{
    long l;
    if (xk__parse_long(v, &l) < 0)
        return xk__loc_error(b, loc, "vfb", "found %s=\"%s\", expected "
                             "%s=0 or %s=1", k, v, k, k);
    *out = l ? XK_DEFBOOL_TRUE : XK_DEFBOOL_FALSE;
    return 0;
}

static int vfb_item(struct xk__build *b, const struct xk_cfg_loc *loc,
                    char *p, struct xk_vfb_spec *f)
{
    char *eq = strchr(p, '=');
    if (!eq)
        return xk__loc_error(b, loc, "vfb", "found `%s', expected KEY=VALUE",
                             p);
    *eq = '\0';
    const char *v = eq + 1;
    long l;
    if (!strcmp(p, "vnc")) return vfb_flag(b, loc, p, v, &f->vnc.enable);
    if (!strcmp(p, "vncunused"))
        return vfb_flag(b, loc, p, v, &f->vnc.findunused);
    if (!strcmp(p, "sdl")) return vfb_flag(b, loc, p, v, &f->sdl.enable);
    if (!strcmp(p, "opengl")) return vfb_flag(b, loc, p, v, &f->sdl.opengl);
    if (!strcmp(p, "vnclisten")) return set_str(b, &f->vnc.listen, v);
    if (!strcmp(p, "vncpasswd")) return set_str(b, &f->vnc.passwd, v);
    if (!strcmp(p, "keymap")) return set_str(b, &f->keymap, v);
    if (!strcmp(p, "display")) return set_str(b, &f->sdl.display, v);
    if (!strcmp(p, "xauthority")) return set_str(b, &f->sdl.xauthority, v);
    if (!strcmp(p, "backend")) return set_str(b, &f->backend_domname, v);
    if (!strcmp(p, "vncdisplay")) {
        if (xk__parse_long(v, &l) < 0 || l < 0 || l > 65535 - 5900)
            return xk__loc_error(b, loc, "vfb", "found vncdisplay=\"%s\", "
                                 "expected a display number", v);
        f->vnc.display = (int)l;
        return 0;
    }
    return xk__loc_error(b, loc, "vfb", "found an unknown key `%s', expected"
                         " vnc, vnclisten, vncpasswd, vncdisplay, vncunused,"
                         " keymap, sdl, opengl, display or xauthority", p);
}

static int build_vfbs(struct xk__build *b)
{
    struct xk_domain_config *c = b->cfg;
    struct xk__cfg_value *l;
    int rc = get_spec_list(b, "vfb", &l);
    if (rc < 0)
        return rc;
    if (rc == 1) {
        c->vfbs = calloc(l->n ? l->n : 1, sizeof(*c->vfbs));
        if (!c->vfbs)
            return xk__error(b->ctx, XK_ENOMEM, "out of memory");
        for (size_t i = 0; i < l->n; i++) {
            struct xk_vfb_spec *f = &c->vfbs[i];
            c->num_vfbs = i + 1;
            f->devid = (int)i;
            f->loc = l->items[i]->loc;
            char *dup = xk__strdup(b, l->items[i]->str), *save = NULL;
            if (!dup)
                return XK_ENOMEM;
            for (char *p = strtok_r(dup, ",", &save); p;
                 p = strtok_r(NULL, ",", &save)) {
                while (*p == ' ')
                    p++;
                rc = vfb_item(b, &f->loc, p, f);
                if (rc < 0) {
                    free(dup);
                    return rc;
                }
            }
            free(dup);
        }
    }
    /* A PV guest without vfb= gets one from the top-level vnc options. */
    bool toplevel = false;
    if (c->type == XK_DOMAIN_TYPE_PV && !c->num_vfbs) {
        long vnc = 0;
        rc = xk__get_long(b, "vnc", LONG_MIN, LONG_MAX, &vnc);
        if (rc < 0)
            return rc;
        if (vnc) {
            c->vfbs = calloc(1, sizeof(*c->vfbs));
            if (!c->vfbs)
                return xk__error(b->ctx, XK_ENOMEM, "out of memory");
            c->num_vfbs = 1;
            c->vfbs[0].loc = *xk__config_loc(c, "vnc");
            TRY(xk__build_vnc_sdl(b, &c->vfbs[0].vnc, &c->vfbs[0].sdl));
            TRY(xk__get_string(b, "keymap", &c->vfbs[0].keymap));
            toplevel = true;
        }
    }
    if (c->type != XK_DOMAIN_TYPE_HVM && !toplevel) {
        /* xl reads them into the HVM part of its union and drops them:
         * we check them and say so */
        struct xk_vnc_opts vnc = { 0 };
        struct xk_sdl_opts sdl = { 0 };
        static const char *const keys[] = { "vnc", "vnclisten", "vncpasswd",
            "vncdisplay", "vncunused", "sdl", "opengl", "display",
            "xauthority", NULL };
        rc = xk__build_vnc_sdl(b, &vnc, &sdl);
        free(vnc.listen); free(vnc.passwd);
        free(sdl.display); free(sdl.xauthority);
        if (rc < 0)
            return rc;
        for (int i = 0; keys[i]; i++) {
            const struct xk_cfg_loc *loc = xk__config_loc(c, keys[i]);
            if (!loc || (i == 0 && vnc.enable == XK_DEFBOOL_FALSE))
                continue;
            xk__warn(b, loc, "%s is ignored for %s", keys[i],
                     c->type == XK_DOMAIN_TYPE_PV ?
                     "PV guests with vfb= (put it in the vfb spec)" :
                     "PVH guests");
        }
    }
    return 0;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

static int channel_item(struct xk__build *b, struct xk_channel_spec *ch,
                        char *pair)
{
    char *eq = strchr(pair, '=');
    if (!eq)
        return xk__loc_error(b, &ch->loc, "channel", "found `%s', expected "
                             "KEY=VALUE", trim(pair));
    *eq = '\0';
    char *k = trim(pair), *v = trim(eq + 1);
    if (!strcmp(k, "backend")) return set_str(b, &ch->backend_domname, v);
    if (!strcmp(k, "name")) return set_str(b, &ch->name, v);
    if (!strcmp(k, "path")) return set_str(b, &ch->path, v);
    if (!strcmp(k, "connection")) {
        if (!strcmp(v, "pty")) ch->connection = XK_CHANNEL_PTY;
        else if (!strcmp(v, "socket")) ch->connection = XK_CHANNEL_SOCKET;
        else
            return xk__loc_error(b, &ch->loc, "channel", "found connection="
                                 "%s, expected connection=pty or "
                                 "connection=socket", v);
        return 0;
    }
    return xk__loc_error(b, &ch->loc, "channel", "found an unknown key `%s',"
                         " expected backend, name, connection or path", k);
}

static int build_channels(struct xk__build *b)
{
    struct xk_domain_config *c = b->cfg;
    struct xk__cfg_value *l;
    int rc = get_spec_list(b, "channel", &l);
    if (rc <= 0)
        return rc;
    c->channels = calloc(l->n ? l->n : 1, sizeof(*c->channels));
    if (!c->channels)
        return xk__error(b->ctx, XK_ENOMEM, "out of memory");
    for (size_t i = 0; i < l->n; i++) {
        struct xk_channel_spec *ch = &c->channels[i];
        c->num_channels = i + 1;
        ch->devid = (int)i;
        ch->loc = l->items[i]->loc;
        char *dup = xk__strdup(b, l->items[i]->str), *save = NULL;
        if (!dup)
            return XK_ENOMEM;
        for (char *p = strtok_r(dup, ",", &save); p;
             p = strtok_r(NULL, ",", &save)) {
            rc = channel_item(b, ch, p);
            if (rc < 0) {
                free(dup);
                return rc;
            }
        }
        free(dup);
        if (ch->connection == XK_CHANNEL_UNKNOWN)
            return xk__loc_error(b, &ch->loc, "channel", "found no "
                                 "connection, expected connection=pty or "
                                 "connection=socket");
        if (ch->connection == XK_CHANNEL_SOCKET && !ch->path)
            return xk__loc_error(b, &ch->loc, "channel", "found "
                                 "connection=socket without a path, "
                                 "expected path=...");
    }
    return 0;
}

int xk__build_devices(struct xk__build *b)
{
    TRY(build_disks(b));
    TRY(build_channels(b));
    TRY(build_vifs(b));
    if (xk__cfg_find(b->f, "vif2"))
        xk__warn(b, xk__config_loc(b->cfg, "vif2"), "vif2 (netchannel2) is "
                 "deprecated and not supported, as in xl");
    TRY(build_vfbs(b));
    return 0;
}

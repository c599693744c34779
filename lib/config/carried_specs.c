/*
 * carried_specs.c: the specs of options xenkit carries without acting on
 * them (pci, ioports, irqs, iomem, vtpm, p9, usbctrl, usbdev, dtdev, rdm):
 * checked with xl's rules at parse time, and turned into libxl's JSON.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/build.h"
#include "config/json_out.h"
#include "core/context.h"

/* Each parser turns one item into a JSON object (or number), or returns
 * NULL with *exp saying what was expected. */
typedef json_t *(*item_parser)(const char *s, const char **exp,
                               const struct xk_domain_config *c, size_t idx);

static int hexnum(const char **p, unsigned long *v)
{
    char *e;
    if (!isxdigit((unsigned char)**p))
        return -1;
    *v = strtoul(*p, &e, 16);
    *p = e;
    return 0;
}

/* [DDDD:]BB:DD.F or .* */
static int parse_bdf(const char **pp, unsigned long v[4], int *all)
{
    const char *p = *pp, *q = p;
    int colons = 0;
    while (isxdigit((unsigned char)*q) || *q == ':')
        colons += *q++ == ':';
    if (colons < 1 || colons > 2)
        return -1;
    v[0] = 0;
    for (int i = colons == 2 ? 0 : 1; i < 3; i++) {
        if (hexnum(&p, &v[i]) < 0 || *p++ != (i < 2 ? ':' : '.'))
            return -1;
    }
    if (v[0] > 0xffff || v[1] > 0xff || v[2] > 0x1f)
        return -1;
    *all = *p == '*';
    if (*all) {
        v[3] = 0;
        p++;
    } else if (hexnum(&p, &v[3]) < 0 || v[3] > 7) {
        return -1;
    }
    *pp = p;
    return 0;
}

static long flag_of(const struct xk_domain_config *c, const char *key)
{
    for (size_t i = 0; i < c->num_carried; i++)
        if (!strcmp(c->carried[i].key, key) && c->carried[i].items.n)
            return strtol(c->carried[i].items.v[0], NULL, 0);
    return 0;
}

static json_t *pci(const char *s, const char **exp,
                   const struct xk_domain_config *c, size_t idx)
{
    (void)idx;
    static const char e[] = "a PCI device like 0000:01:00.0[@VSLOT]"
        "[,permissive=1,msitranslate=1,seize=1,power_mgmt=1,"
        "rdm_policy=strict|relaxed] or bdf=.../name=...";
    unsigned long bdf[4] = { 0 }, vslot = 0;
    int all = 0, have_bdf = 0, have_name = 0;
    /* xl starts each device from the guest's rdm policy: for HVM the one
     * rdm= gives (none: no field); for PV xl reads it from the other side
     * of a union, where the lab shows "strict" */
    int rdm = c->type == XK_DOMAIN_TYPE_PV ? 0 : -1;
    const char *grdm = xk__carried_str(c, "rdm");
    if (grdm && c->type != XK_DOMAIN_TYPE_PV) {
        if (strstr(grdm, "policy=relaxed")) rdm = 1;
        else if (strstr(grdm, "policy=strict")) rdm = 0;
    }
    long permissive = flag_of(c, "pci_permissive"),
         msi = flag_of(c, "pci_msitranslate"),
         seize = flag_of(c, "pci_seize"), pm = flag_of(c, "pci_power_mgmt");
    char name[128] = "";
    const char *p = s;
    *exp = e;
    if (parse_bdf(&p, bdf, &all) == 0) {
        have_bdf = 1;
        if (*p == '@') {
            p++;
            if (hexnum(&p, &vslot) < 0 || vslot > 0x1f)
                return NULL;
            vslot <<= 3;
        }
        if (*p == ',')
            p++;
        else if (*p)
            return NULL;
    } else {
        p = s;
    }
    while (*p) {
        const char *eq = strchr(p, '=');
        if (!eq)
            return NULL;
        size_t kl = (size_t)(eq - p);
        const char *v = eq + 1, *end = strchr(v, ',');
        size_t vl = end ? (size_t)(end - v) : strlen(v);
        char val[128];
        snprintf(val, sizeof(val), "%.*s", (int)(vl < 127 ? vl : 127), v);
        if (kl == 3 && !strncmp(p, "bdf", 3)) {
            const char *b = val;
            if (parse_bdf(&b, bdf, &all) == 0)
                have_bdf = 1;
        } else if (kl == 5 && !strncmp(p, "vslot", 5)) {
            const char *b = val;
            if (hexnum(&b, &vslot) < 0 || vslot > 0x1f)
                return NULL;
            vslot <<= 3;
        } else if (kl == 10 && !strncmp(p, "permissive", 10)) {
            permissive = atoi(val);
        } else if (kl == 12 && !strncmp(p, "msitranslate", 12)) {
            msi = atoi(val);
        } else if (kl == 5 && !strncmp(p, "seize", 5)) {
            seize = atoi(val);
        } else if (kl == 10 && !strncmp(p, "power_mgmt", 10)) {
            pm = atoi(val);
        } else if (kl == 10 && !strncmp(p, "rdm_policy", 10)) {
            if (!strcmp(val, "strict")) rdm = 0;
            else if (!strcmp(val, "relaxed")) rdm = 1;
            else return NULL;
        } else if (kl == 4 && !strncmp(p, "name", 4)) {
            have_name = 1;
            snprintf(name, sizeof(name), "%s", val);
        } else {
            return NULL;
        }
        p = end ? end + 1 : v + vl;
    }
    if (!(have_bdf ^ have_name))
        return NULL;
    json_t *o = json_object();
    if (!o)
        return NULL;
    if (xk__jint(o, "func", (long long)bdf[3], 0) ||
        xk__jint(o, "dev", (long long)bdf[2], 0) ||
        xk__jint(o, "bus", (long long)bdf[1], 0) ||
        xk__jint(o, "domain", (long long)bdf[0], 0) ||
        xk__jint(o, "vdevfn", (long long)vslot, 0) ||
        xk__jint(o, "vfunc_mask", have_bdf ? (all ? 0xff : 1) : 0, 0) ||
        (msi && xk__jset(o, "msitranslate", json_true())) ||
        (pm && xk__jset(o, "power_mgmt", json_true())) ||
        (permissive && xk__jset(o, "permissive", json_true())) ||
        (seize && xk__jset(o, "seize", json_true())) ||
        (rdm >= 0 && xk__jstr(o, "rdm_policy", rdm ? "relaxed" : "strict")) ||
        (have_name && xk__jstr(o, "name", name))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *ioport(const char *s, const char **exp,
                      const struct xk_domain_config *c, size_t idx)
{
    (void)idx;
    (void)c;
    unsigned long a, z;
    const char *p = s;
    *exp = "an I/O port range in hex, like 3f8-3ff or 2f8";
    if (hexnum(&p, &a) < 0 || a >= UINT32_MAX)
        return NULL;
    z = a;
    if (*p == '-') {
        p++;
        if (hexnum(&p, &z) < 0 || z >= UINT32_MAX || z < a)
            return NULL;
    }
    if (*p)
        return NULL;
    json_t *o = json_object();
    if (!o || xk__jint(o, "first", (long long)a, 0) ||
        xk__jint(o, "number", (long long)(z - a + 1), 0)) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *irq(const char *s, const char **exp,
                   const struct xk_domain_config *c, size_t idx)
{
    (void)idx;
    (void)c;
    char *e;
    *exp = "an IRQ number in decimal";
    if (!isdigit((unsigned char)*s))
        return NULL;
    unsigned long v = strtoul(s, &e, 10);
    if (*e || v >= UINT32_MAX)
        return NULL;
    return json_integer((json_int_t)v);
}

static json_t *iomem(const char *s, const char **exp,
                     const struct xk_domain_config *c, size_t idx)
{
    (void)idx;
    (void)c;
    unsigned long long start, num, gfn = 0;
    int has_gfn = 0;
    char *e;
    *exp = "IOMEM_START,NUM_PAGES[@GFN] in hex";
    if (!isxdigit((unsigned char)*s))
        return NULL;
    start = strtoull(s, &e, 16);
    if (*e != ',' || !isxdigit((unsigned char)e[1]))
        return NULL;
    num = strtoull(e + 1, &e, 16);
    if (*e == '@') {
        if (!isxdigit((unsigned char)e[1]))
            return NULL;
        gfn = strtoull(e + 1, &e, 16);
        has_gfn = 1;
    }
    if (*e)
        return NULL;
    json_t *o = json_object();
    if (!o || xk__jint(o, "start", (long long)start, 0) ||
        xk__jint(o, "number", (long long)num, 0) ||
        (has_gfn && xk__jset(o, "gfn", json_integer((json_int_t)gfn)))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static int is_uuid(const char *s)
{
    if (strlen(s) != 36)
        return 0;
    for (int i = 0; i < 36; i++)
        if ((i == 8 || i == 13 || i == 18 || i == 23) ? s[i] != '-'
            : !isxdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

/* KEY=VALUE,... with the allowed keys; fills vals[] (NULL if absent). */
static int kv_spec(const char *s, const char *const *keys, char vals[][128])
{
    char buf[512];
    snprintf(buf, sizeof(buf), "%s", s);
    for (int i = 0; keys[i]; i++)
        vals[i][0] = '\0';
    for (char *save = NULL, *t = strtok_r(buf, ",", &save); t;
         t = strtok_r(NULL, ",", &save)) {
        while (*t == ' ')
            t++;
        char *eq = strchr(t, '=');
        if (!eq)
            return -1;
        *eq = '\0';
        int k;
        for (k = 0; keys[k]; k++)
            if (!strcmp(t, keys[k]))
                break;
        if (!keys[k])
            return -1;
        snprintf(vals[k], 128, "%s", eq + 1);
        if (!vals[k][0])
            snprintf(vals[k], 128, "%s", "\x01");  /* set but empty */
    }
    return 0;
}

static const char *val(char v[128]) { return v[0] == '\x01' ? "" : v; }

static json_t *vtpm(const char *s, const char **exp,
                    const struct xk_domain_config *c, size_t idx)
{
    (void)c;
    static const char *const keys[] = { "backend", "uuid", NULL };
    char v[2][128];
    *exp = "backend=DOMAIN[,uuid=UUID]";
    if (kv_spec(s, keys, v) < 0 || !v[0][0] || (v[1][0] && !is_uuid(v[1])))
        return NULL;
    json_t *o = json_object();
    if (!o || xk__jstr(o, "backend_domname", val(v[0])) ||
        xk__jint(o, "devid", (long long)idx, -1) ||
        (v[1][0] && xk__jstr(o, "uuid", v[1]))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* xl re-initialises each p9 device after numbering it: no devid. */
static json_t *p9(const char *s, const char **exp,
                  const struct xk_domain_config *c, size_t idx)
{
    (void)c;
    (void)idx;
    static const char *const keys[] = { "security_model", "path", "tag",
                                         "backend", NULL };
    char v[4][128];
    *exp = "tag=TAG,security_model=MODEL,path=PATH[,backend=DOMAIN]";
    if (kv_spec(s, keys, v) < 0 || !v[0][0] || !v[1][0] || !v[2][0])
        return NULL;
    json_t *o = json_object();
    if (!o || (v[3][0] && xk__jstr(o, "backend_domname", val(v[3]))) ||
        xk__jstr(o, "tag", val(v[2])) || xk__jstr(o, "path", val(v[1])) ||
        xk__jstr(o, "security_model", val(v[0]))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *usbctrl(const char *s, const char **exp,
                       const struct xk_domain_config *c, size_t idx)
{
    (void)c;
    static const char *const keys[] = { "type", "version", "ports", NULL };
    static const char *const types[] = { "auto", "pv", "devicemodel",
                                         "qusb", NULL };
    char v[3][128];
    int t = 0;
    *exp = "type=auto|pv|devicemodel|qusb,version=N,ports=N";
    if (kv_spec(s, keys, v) < 0)
        return NULL;
    if (v[0][0]) {
        for (t = 0; types[t] && strcmp(types[t], v[0]); t++)
            ;
        if (!types[t])
            return NULL;
    }
    json_t *o = json_object();
    if (!o || (t && xk__jstr(o, "type", types[t])) ||
        xk__jint(o, "devid", (long long)idx, -1) ||
        xk__jint(o, "version", atoi(v[1]), 0) ||
        xk__jint(o, "ports", atoi(v[2]), 0)) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *usbdev(const char *s, const char **exp,
                      const struct xk_domain_config *c, size_t idx)
{
    (void)idx;
    (void)c;
    static const char *const keys[] = { "type", "hostbus", "hostaddr",
                                        "controller", "port", NULL };
    char v[5][128];
    *exp = "[type=hostdev,]hostbus=N,hostaddr=N[,controller=N,port=N]";
    if (kv_spec(s, keys, v) < 0 || (v[0][0] && strcmp(v[0], "hostdev")))
        return NULL;
    json_t *o = json_object(), *h;
    if (!o || xk__jint(o, "ctrl", v[3][0] ? atoi(v[3]) : -1, -1) ||
        xk__jint(o, "port", atoi(v[4]), 0) ||
        (v[0][0] && (xk__jset(o, "type.hostdev", h = json_object()) ||
         xk__jint(h, "hostbus", (long long)(strtoul(v[1], NULL, 0) & 0xff),
                  0) ||
         xk__jint(h, "hostaddr", (long long)(strtoul(v[2], NULL, 0) & 0xff),
                  0)))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *dtdev(const char *s, const char **exp,
                     const struct xk_domain_config *c, size_t idx)
{
    (void)idx;
    (void)c;
    *exp = "a device tree path";
    json_t *o = json_object();
    if (!o || xk__jstr(o, "path", s)) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static const struct {
    const char *key, *json_key;
    item_parser parse;
} specs[] = {
    { "pci", "pcidevs", pci }, { "dtdev", "dtdevs", dtdev },
    { "vtpm", "vtpms", vtpm }, { "p9", "p9s", p9 },
    { "usbctrl", "usbctrls", usbctrl }, { "usbdev", "usbdevs", usbdev },
    { "ioports", "ioports", ioport }, { "irqs", "irqs", irq },
    { "iomem", "iomem", iomem },
};

const char *xk__carried_str(const struct xk_domain_config *c,
                            const char *key)
{
    for (size_t i = 0; i < c->num_carried; i++)
        if (!strcmp(c->carried[i].key, key) && c->carried[i].items.n)
            return c->carried[i].items.v[0];
    return NULL;
}

json_t *xk__carried_json(const struct xk_domain_config *c, const char *jkey)
{
    for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
        if (strcmp(specs[i].json_key, jkey))
            continue;
        for (size_t k = 0; k < c->num_carried; k++) {
            const struct xk_cfg_carried *ca = &c->carried[k];
            if (strcmp(ca->key, specs[i].key))
                continue;
            json_t *a = json_array();
            const char *exp;
            for (size_t j = 0; a && j < ca->items.n; j++)
                json_array_append_new(a, specs[i].parse(ca->items.v[j], &exp,
                                                        c, j));
            return a;
        }
    }
    return NULL;
}

int xk__carried_check(struct xk__build *b)
{
    const struct xk_domain_config *c = b->cfg;
    for (size_t k = 0; k < c->num_carried; k++) {
        const struct xk_cfg_carried *ca = &c->carried[k];
        for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
            if (strcmp(ca->key, specs[i].key))
                continue;
            for (size_t j = 0; j < ca->items.n; j++) {
                const char *exp = "a valid spec";
                json_t *v = specs[i].parse(ca->items.v[j], &exp, c, j);
                if (!v) {
                    char q[64];
                    xk__cfg_quote(ca->items.v[j], q, sizeof(q));
                    return xk__loc_error(b, &ca->loc, ca->key, "found \"%s\","
                                         " expected %s", q, exp);
                }
                json_decref(v);
            }
        }
    }
    return 0;
}

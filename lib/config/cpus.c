/*
 * cpus.c: cpus= and cpus_soft= (vcpu hard and soft affinity), as a string
 * for every vcpu or a list with one entry per vcpu, in xl's range syntax:
 * "all", "3", "0-3", "^2", "0-7,^4-5" ("nodes:..." is carried).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/build.h"
#include "core/context.h"

#define MAX_CPUS 4096u

static int set_bits(struct xk_cfg_cpumap *m, unsigned a, unsigned z, int on)
{
    if (z + 1 > m->nbits) {
        size_t nbytes = (z + 8) / 8;
        uint8_t *nb = realloc(m->bits, nbytes);
        if (!nb)
            return XK_ENOMEM;
        memset(nb + (m->nbits + 7) / 8, 0, nbytes - (m->nbits + 7) / 8);
        m->bits = nb;
        m->nbits = z + 1;
    }
    for (unsigned i = a; i <= z; i++) {
        if (on)
            m->bits[i / 8] |= (uint8_t)(1u << (i % 8));
        else
            m->bits[i / 8] &= (uint8_t)~(1u << (i % 8));
    }
    return 0;
}

static int parse_num(const char **p, unsigned *out)
{
    const char *s = *p;
    unsigned long v = 0;
    if (*s < '0' || *s > '9')
        return -1;
    while (*s >= '0' && *s <= '9') {
        v = v * 10 + (unsigned long)(*s - '0');
        if (v >= MAX_CPUS)
            return -1;
        s++;
    }
    *p = s;
    *out = (unsigned)v;
    return 0;
}

/* 1 parsed, 0 uses nodes (carried), <0 error recorded */
static int parse_range(struct xk__build *b, const char *key,
                       const struct xk__cfg_value *v,
                       struct xk_cfg_cpumap *m)
{
    static const char exp[] = "CPUs like \"all\", \"2\", \"0-3\", \"^1\" or "
                              "\"nodes:0\", separated by commas (CPU "
                              "numbers below 4096)";
    int nodes = 0;
    const char *p = v->str;
    if (!*p)
        return xk__value_error(b, key, v, exp);
    while (*p) {
        int neg = 0;
        unsigned a, z;
        if (*p == '^') {
            neg = 1;
            p++;
        }
        if (strncmp(p, "all", 3) == 0 && (p[3] == ',' || !p[3])) {
            if (neg)
                return xk__value_error(b, key, v, exp);
            p += 3;
            if (set_bits(m, 0, MAX_CPUS - 1, 1) < 0)
                return xk__error(b->ctx, XK_ENOMEM, "out of memory");
        } else {
            if (strncmp(p, "nodes:", 6) == 0) {
                p += 6;
                nodes = 1;
            } else if (strncmp(p, "node:", 5) == 0) {
                p += 5;
                nodes = 1;
            }
            if (parse_num(&p, &a) < 0)
                return xk__value_error(b, key, v, exp);
            z = a;
            if (*p == '-') {
                p++;
                if (parse_num(&p, &z) < 0 || z < a)
                    return xk__value_error(b, key, v, exp);
            }
            if (!nodes && set_bits(m, a, z, !neg) < 0)
                return xk__error(b->ctx, XK_ENOMEM, "out of memory");
        }
        if (*p == ',')
            p++;
        else if (*p)
            return xk__value_error(b, key, v, exp);
        else
            break;
    }
    /* a plain "all" is every CPU the host has: we do not know how many */
    if (strcmp(v->str, "all") == 0) {
        free(m->bits);
        m->bits = NULL;
        m->nbits = 0;
    }
    return nodes ? 0 : 1;
}

static int carry_nodes(struct xk__build *b, const char *key,
                       const struct xk__cfg_setting *s)
{
    struct xk_domain_config *c = b->cfg;
    struct xk_cfg_carried *nv = realloc(c->carried,
                                        (c->num_carried + 1) * sizeof(*nv));
    if (!nv)
        return xk__error(b->ctx, XK_ENOMEM, "out of memory");
    c->carried = nv;
    struct xk_cfg_carried *k = &nv[c->num_carried];
    memset(k, 0, sizeof(*k));
    k->key = strdup(key);
    k->loc = s->loc;
    if (!k->key)
        return xk__error(b->ctx, XK_ENOMEM, "out of memory");
    c->num_carried++;
    return 0;
}

static int build_one(struct xk__build *b, const char *key, bool hard)
{
    struct xk_domain_config *c = b->cfg;
    struct xk__cfg_setting *s = xk__cfg_find(b->f, key);
    if (!s)
        return 0;
    unsigned nvcpus = c->max_vcpus_set;
    const struct xk__cfg_value *v = s->value;
    size_t n = v->type == XK__CFG_ATOM ? nvcpus
               : (v->n < nvcpus ? v->n : nvcpus);
    struct xk_cfg_cpumap *maps = calloc(n ? n : 1, sizeof(*maps));
    if (!maps)
        return xk__error(b->ctx, XK_ENOMEM, "out of memory");
    if (hard) {
        c->vcpu_hard_affinity = maps;
        c->num_vcpu_hard_affinity = n;
    } else {
        c->vcpu_soft_affinity = maps;
        c->num_vcpu_soft_affinity = n;
    }
    char **text = hard ? &c->cpus_text : &c->cpus_soft_text;
    int carried = 0;
    if (v->type == XK__CFG_ATOM) {
        struct xk_cfg_cpumap one = { 0 };
        int rc = parse_range(b, key, v, &one);
        if (rc < 0) {
            free(one.bits);
            return rc;
        }
        carried = rc == 0;
        *text = strdup(v->str);
        for (size_t i = 0; i < n; i++) {
            maps[i].nbits = one.nbits;
            if (one.nbits) {
                maps[i].bits = malloc((one.nbits + 7) / 8);
                if (!maps[i].bits) {
                    free(one.bits);
                    return xk__error(b->ctx, XK_ENOMEM, "out of memory");
                }
                memcpy(maps[i].bits, one.bits, (one.nbits + 7) / 8);
            }
        }
        free(one.bits);
        if (!*text)
            return xk__error(b->ctx, XK_ENOMEM, "out of memory");
        if (!hard)
            c->numa_placement = XK_DEFBOOL_FALSE;
    } else {
        /* every entry is checked, even those past the vcpus (xl ignores
         * them silently) */
        for (size_t i = 0; i < v->n; i++) {
            const struct xk__cfg_value *it = v->items[i];
            if (it->type != XK__CFG_ATOM)
                return xk__value_error(b, key, it, "a string of CPUs");
            struct xk_cfg_cpumap tmp = { 0 };
            int rc = parse_range(b, key, it, i < n ? &maps[i] : &tmp);
            free(tmp.bits);
            if (rc < 0)
                return rc;
            if (rc == 0)
                carried = 1;
        }
        c->numa_placement = XK_DEFBOOL_FALSE;
    }
    if (carried)
        return carry_nodes(b, key, s);
    return 0;
}

int xk__build_cpus(struct xk__build *b)
{
    int rc = build_one(b, "cpus", true);
    if (rc < 0)
        return rc;
    return build_one(b, "cpus_soft", false);
}

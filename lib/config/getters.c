/*
 * getters.c: typed reads of single options from the syntax tree, with the
 * type and range checks xl skips (it ignores `memory = "lots"`).
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/build.h"
#include "core/context.h"

char *xk__strdup(struct xk__build *b, const char *s)
{
    char *d = strdup(s);
    if (!d)
        xk__error(b->ctx, XK_ENOMEM, "out of memory");
    return d;
}

int xk__strlist_push(struct xk_cfg_strlist *l, const char *s)
{
    char **nv = realloc(l->v, (l->n + 2) * sizeof(*nv));
    if (!nv)
        return XK_ENOMEM;
    l->v = nv;
    nv[l->n] = strdup(s);
    if (!nv[l->n])
        return XK_ENOMEM;
    l->n++;
    nv[l->n] = NULL;
    return 0;
}

void xk__strlist_free(struct xk_cfg_strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

static void describe(const struct xk__cfg_value *v, char *buf, size_t size)
{
    char q[64];
    if (v->type == XK__CFG_LIST) {
        snprintf(buf, size, "a list");
        return;
    }
    xk__cfg_quote(v->str, q, sizeof(q));
    if (v->quoted)
        snprintf(buf, size, "\"%s\"", q);
    else
        snprintf(buf, size, "%s", q);
}

int xk__value_error(struct xk__build *b, const char *key,
                    const struct xk__cfg_value *v, const char *exp)
{
    char found[80];
    describe(v, found, sizeof(found));
    return xk__error(b->ctx, XK_ECONFIG, "%s:%u:%u: %s: found %s, expected %s",
                     v->loc.file, v->loc.line, v->loc.column, key, found,
                     exp);
}

int xk__loc_error(struct xk__build *b, const struct xk_cfg_loc *loc,
                  const char *key, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (!loc || !loc->line)
        return xk__error(b->ctx, XK_ECONFIG, "%s: %s: %s",
                         b->f->names[0] ? b->f->names[0] : "config", key,
                         msg);
    return xk__error(b->ctx, XK_ECONFIG, "%s:%u:%u: %s: %s", loc->file,
                     loc->line, loc->column, key, msg);
}

int xk__warn(struct xk__build *b, const struct xk_cfg_loc *loc,
             const char *fmt, ...)
{
    char msg[768], *line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    int n;
    if (loc && loc->line)
        n = asprintf(&line, "%s:%u:%u: warning: %s", loc->file, loc->line,
                     loc->column, msg);
    else
        n = asprintf(&line, "%s: warning: %s",
                     b->f->names[0] ? b->f->names[0] : "config", msg);
    if (n < 0)
        return xk__error(b->ctx, XK_ENOMEM, "out of memory");
    struct xk_domain_config *c = b->cfg;
    char **nv = realloc(c->warnings, (c->num_warnings + 1) * sizeof(*nv));
    if (!nv) {
        free(line);
        return xk__error(b->ctx, XK_ENOMEM, "out of memory");
    }
    c->warnings = nv;
    nv[c->num_warnings++] = line;
    return 0;
}

int xk__parse_long(const char *s, long *out)
{
    char *ep;
    errno = 0;
    long l = strtol(s, &ep, 0);
    if (ep == s || *ep)
        return XK_EINVAL;
    if (errno == ERANGE)
        return XK_ECONFIG;
    *out = l;
    return 0;
}

struct xk__cfg_setting *xk__get_setting(struct xk__build *b,
                                        const char *key)
{
    return xk__cfg_find(b->f, key);
}

static struct xk__cfg_value *get_atom(struct xk__build *b, const char *key,
                                      int *rc, const char *exp)
{
    struct xk__cfg_setting *s = xk__cfg_find(b->f, key);
    *rc = 0;
    if (!s)
        return NULL;
    if (s->value->type != XK__CFG_ATOM) {
        *rc = xk__value_error(b, key, s->value, exp);
        return NULL;
    }
    *rc = 1;
    return s->value;
}

int xk__get_string(struct xk__build *b, const char *key, char **out)
{
    int rc;
    struct xk__cfg_value *v = get_atom(b, key, &rc, "a single value "
                                       "(a quoted string)");
    if (rc <= 0)
        return rc;
    char *d = xk__strdup(b, v->str);
    if (!d)
        return XK_ENOMEM;
    free(*out);
    *out = d;
    return 1;
}

int xk__get_long(struct xk__build *b, const char *key, long min, long max,
                 long *out)
{
    int rc;
    char exp[96];
    static const char *const mib_keys[] = { "memory", "maxmem",
        "shadow_memory", "videoram", "stubdomain_memory", "mmio_hole",
        "rdm_mem_boundary", NULL };
    const char *unit = "a number";
    for (size_t i = 0; mib_keys[i]; i++)
        if (!strcmp(key, mib_keys[i]))
            unit = "a number of MiB";
    if (min == LONG_MIN && max == LONG_MAX)
        snprintf(exp, sizeof(exp), "%s", unit);
    else if (max == LONG_MAX)
        snprintf(exp, sizeof(exp), "%s >= %ld", unit, min);
    else
        snprintf(exp, sizeof(exp), "%s from %ld to %ld", unit, min, max);
    struct xk__cfg_value *v = get_atom(b, key, &rc, exp);
    if (rc <= 0)
        return rc;
    struct xk__cfg_setting *s = xk__cfg_find(b->f, key);
    if (s->append)
        return xk__error(b->ctx, XK_ECONFIG, "%s:%u:%u: %s: found a value "
                         "added with +=, expected a number set with = (+= "
                         "joins text, it cannot add numbers)", s->loc.file,
                         s->loc.line, s->loc.column, key);
    long l;
    int e = xk__parse_long(v->str, &l);
    if (e == XK_EINVAL)
        return xk__value_error(b, key, v, exp);
    if (e || l < min || l > max) {
        return xk__value_error(b, key, v, exp);
    }
    *out = l;
    return 1;
}

int xk__get_bool(struct xk__build *b, const char *key, xk_defbool *out)
{
    long l;
    int rc = xk__get_long(b, key, LONG_MIN, LONG_MAX, &l);
    if (rc == 1)
        *out = l ? XK_DEFBOOL_TRUE : XK_DEFBOOL_FALSE;
    return rc;
}

int xk__get_enum(struct xk__build *b, const char *key,
                 const char *const *names, const int *values, int *out)
{
    char exp[256];
    size_t o = 0;
    o += (size_t)snprintf(exp, sizeof(exp), "one of");
    for (size_t i = 0; names[i] && o < sizeof(exp); i++)
        o += (size_t)snprintf(exp + o, sizeof(exp) - o, "%s \"%s\"",
                              i ? "," : "", names[i]);
    int rc;
    struct xk__cfg_value *v = get_atom(b, key, &rc, exp);
    if (rc <= 0)
        return rc;
    for (size_t i = 0; names[i]; i++) {
        if (strcmp(v->str, names[i]) == 0) {
            *out = values[i];
            return 1;
        }
    }
    return xk__value_error(b, key, v, exp);
}

int xk__get_strlist(struct xk__build *b, const char *key,
                    struct xk_cfg_strlist *out)
{
    struct xk__cfg_setting *s = xk__cfg_find(b->f, key);
    if (!s)
        return 0;
    if (s->value->type != XK__CFG_LIST)
        return xk__value_error(b, key, s->value, "a list of strings");
    xk__strlist_free(out);
    for (size_t i = 0; i < s->value->n; i++) {
        struct xk__cfg_value *it = s->value->items[i];
        if (it->type != XK__CFG_ATOM)
            return xk__value_error(b, key, it, "a string (lists do not "
                                   "nest here)");
        if (xk__strlist_push(out, it->str) < 0)
            return xk__error(b->ctx, XK_ENOMEM, "out of memory");
    }
    return 1;
}

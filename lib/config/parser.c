/*
 * parser.c: recursive-descent parser of xl.cfg (KEY = VALUE or KEY += VALUE
 * statements ended by newlines or ';', values atoms or nested lists that
 * may span lines and end with a comma) into a tree of settings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/cfg_file.h"
#include "core/context.h"

struct pstate {
    xk_ctx *ctx;
    struct xk__lexer lx;
    struct xk__cfg_file *f;
    const char *file;
    const char *key;          /* the option being parsed, for messages */
    bool from_override;
};

void xk__cfg_file_init(struct xk__cfg_file *f)
{
    memset(f, 0, sizeof(*f));
}

void xk__cfg_value_free(struct xk__cfg_value *v)
{
    if (!v)
        return;
    free(v->str);
    for (size_t i = 0; i < v->n; i++)
        xk__cfg_value_free(v->items[i]);
    free(v->items);
    free(v);
}

void xk__cfg_file_dispose(struct xk__cfg_file *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->v[i].key);
        xk__cfg_value_free(f->v[i].value);
    }
    free(f->v);
    free(f->names[0]);
    free(f->names[1]);
    memset(f, 0, sizeof(*f));
}

struct xk__cfg_setting *xk__cfg_find(struct xk__cfg_file *f, const char *key)
{
    for (size_t i = 0; i < f->n; i++) {
        if (strcmp(f->v[i].key, key) == 0) {
            f->v[i].used = true;
            return &f->v[i];
        }
    }
    return NULL;
}

void xk__cfg_quote(const char *s, char *buf, size_t size)
{
    size_t o = 0;
    if (size == 0)
        return;
    for (; *s && o + 5 < size; s++) {
        unsigned char c = (unsigned char)*s;
        if (o >= 40) {
            memcpy(buf + o, "...", 3);
            o += 3;
            break;
        }
        if (c == '"' || c == '\\') {
            buf[o++] = '\\';
            buf[o++] = (char)c;
        } else if (c < 0x20 || c == 0x7f) {
            o += (size_t)snprintf(buf + o, size - o, "\\x%02x", c);
        } else {
            buf[o++] = (char)c;
        }
    }
    buf[o < size ? o : size - 1] = '\0';
}

/* "FILE:LINE:COL: KEY: found <the current token>, expected EXP" */
static int syntax_error(struct pstate *ps, const char *expected)
{
    char found[96];
    if (ps->lx.oom)
        return xk__error(ps->ctx, XK_ENOMEM, "out of memory parsing %s",
                         ps->file);
    xk__lex_describe(&ps->lx, found, sizeof(found));
    if (ps->lx.tok == XK__T_ERROR && ps->lx.errexp)
        expected = ps->lx.errexp;
    if (ps->key)
        return xk__error(ps->ctx, XK_ECONFIG, "%s:%u:%u: %s: found %s, "
                         "expected %s", ps->file, ps->lx.tline, ps->lx.tcol,
                         ps->key, found, expected);
    return xk__error(ps->ctx, XK_ECONFIG, "%s:%u:%u: found %s, expected %s",
                     ps->file, ps->lx.tline, ps->lx.tcol, found, expected);
}

static void next(struct pstate *ps)
{
    xk__lex_next(&ps->lx);
}

static void skip_newlines(struct pstate *ps)
{
    while (ps->lx.tok == XK__T_NEWLINE)
        next(ps);
}

static struct xk__cfg_value *new_value(struct pstate *ps,
                                       enum xk__cfg_vtype type)
{
    struct xk__cfg_value *v = calloc(1, sizeof(*v));
    if (!v)
        return NULL;
    v->type = type;
    v->loc.file = ps->file;
    v->loc.line = ps->lx.tline;
    v->loc.column = ps->lx.tcol;
    return v;
}

static int list_push(struct xk__cfg_value *l, struct xk__cfg_value *item)
{
    if (l->n == l->cap) {
        size_t ncap = l->cap ? l->cap * 2 : 4;
        struct xk__cfg_value **ni = realloc(l->items, ncap * sizeof(*ni));
        if (!ni)
            return XK_ENOMEM;
        l->items = ni;
        l->cap = ncap;
    }
    l->items[l->n++] = item;
    return 0;
}

static const char *const VALUE_EXPECTED =
    "a value (a number, a quoted string or a [list])";

static int parse_value(struct pstate *ps, unsigned depth,
                       struct xk__cfg_value **v_r)
{
    *v_r = NULL;
    if (ps->lx.tok == XK__T_NUMBER || ps->lx.tok == XK__T_STRING) {
        struct xk__cfg_value *v = new_value(ps, XK__CFG_ATOM);
        if (!v)
            return xk__error(ps->ctx, XK_ENOMEM, "out of memory");
        v->quoted = ps->lx.tok == XK__T_STRING;
        v->str = ps->lx.str;   /* steal it */
        ps->lx.str = NULL;
        next(ps);
        *v_r = v;
        return 0;
    }
    if (ps->lx.tok != XK__T_LBRACK) {
        if (ps->lx.tok == XK__T_IDENT)
            return syntax_error(ps, "a value (a number, a quoted string or "
                                "a [list]; words must be quoted)");
        return syntax_error(ps, VALUE_EXPECTED);
    }
    if (depth >= XK__CFG_MAX_DEPTH)
        return syntax_error(ps, "lists nested at most 32 deep");

    struct xk__cfg_value *l = new_value(ps, XK__CFG_LIST);
    if (!l)
        return xk__error(ps->ctx, XK_ENOMEM, "out of memory");
    char opened[64];
    snprintf(opened, sizeof(opened), "the list opened at %u:%u",
             l->loc.line, l->loc.column);
    next(ps);
    skip_newlines(ps);
    int rc = 0;
    while (ps->lx.tok != XK__T_RBRACK) {
        struct xk__cfg_value *item;
        if (ps->lx.tok == XK__T_EOF) {
            char exp[128];
            snprintf(exp, sizeof(exp), "`]' to close %s", opened);
            rc = syntax_error(ps, exp);
            goto fail;
        }
        rc = parse_value(ps, depth + 1, &item);
        if (rc)
            goto fail;
        if (list_push(l, item) < 0) {
            xk__cfg_value_free(item);
            rc = xk__error(ps->ctx, XK_ENOMEM, "out of memory");
            goto fail;
        }
        skip_newlines(ps);
        if (ps->lx.tok == XK__T_COMMA) {
            next(ps);
            skip_newlines(ps);
        } else if (ps->lx.tok != XK__T_RBRACK) {
            char exp[128];
            if (ps->lx.tok == XK__T_EOF)
                snprintf(exp, sizeof(exp), "`]' to close %s", opened);
            else
                snprintf(exp, sizeof(exp), "`,' or `]' in %s", opened);
            rc = syntax_error(ps, exp);
            goto fail;
        }
    }
    next(ps);
    *v_r = l;
    return 0;
fail:
    xk__cfg_value_free(l);
    return rc;
}

/* += joins a string to a string, a list to a list (as xl). */
static int concat(struct pstate *ps, struct xk__cfg_setting *prev,
                  struct xk__cfg_value *add)
{
    struct xk__cfg_value *pv = prev->value;
    if (pv->type != add->type)
        return xk__error(ps->ctx, XK_ECONFIG, "%s:%u:%u: %s: found %s, "
                         "expected %s to add to the value set at %u:%u",
                         add->loc.file, add->loc.line, add->loc.column,
                         prev->key, add->type == XK__CFG_LIST ? "a list"
                         : "a single value", pv->type == XK__CFG_LIST ?
                         "a list" : "a single value", pv->loc.line,
                         pv->loc.column);
    if (add->type == XK__CFG_ATOM) {
        size_t a = strlen(pv->str), b = strlen(add->str);
        char *s = malloc(a + b + 1);
        if (!s)
            return xk__error(ps->ctx, XK_ENOMEM, "out of memory");
        memcpy(s, pv->str, a);
        memcpy(s + a, add->str, b + 1);
        free(pv->str);
        pv->str = s;
        pv->quoted = pv->quoted || add->quoted;
    } else {
        for (size_t i = 0; i < add->n; i++) {
            if (list_push(pv, add->items[i]) < 0)
                return xk__error(ps->ctx, XK_ENOMEM, "out of memory");
            add->items[i] = NULL;
        }
    }
    prev->append = true;
    xk__cfg_value_free(add);
    return 0;
}

static int store(struct pstate *ps, char *key, struct xk_cfg_loc kloc,
                 bool append, struct xk__cfg_value *v)
{
    struct xk__cfg_setting *prev = NULL;
    for (size_t i = 0; i < ps->f->n; i++)
        if (strcmp(ps->f->v[i].key, key) == 0)
            prev = &ps->f->v[i];

    if (prev && append) {
        prev->loc = kloc;   /* report the += that made the value */
        free(key);
        int rc = concat(ps, prev, v);
        if (rc)
            xk__cfg_value_free(v);
        return rc;
    }
    if (prev && !ps->from_override && !prev->from_override) {
        int rc = xk__error(ps->ctx, XK_ECONFIG, "%s:%u:%u: %s: found a "
                           "second setting, expected one (the first is at "
                           "%u:%u; use += to add to it)", kloc.file,
                           kloc.line, kloc.column, key, prev->loc.line,
                           prev->loc.column);
        free(key);
        xk__cfg_value_free(v);
        return rc;
    }
    if (prev) {   /* a command-line override replaces the file's value */
        free(key);
        xk__cfg_value_free(prev->value);
        prev->value = v;
        prev->loc = kloc;
        prev->append = false;
        prev->from_override = true;
        return 0;
    }
    if (ps->f->n == ps->f->cap) {
        size_t ncap = ps->f->cap ? ps->f->cap * 2 : 16;
        struct xk__cfg_setting *nv = realloc(ps->f->v, ncap * sizeof(*nv));
        if (!nv) {
            free(key);
            xk__cfg_value_free(v);
            return xk__error(ps->ctx, XK_ENOMEM, "out of memory");
        }
        ps->f->v = nv;
        ps->f->cap = ncap;
    }
    struct xk__cfg_setting *s = &ps->f->v[ps->f->n++];
    memset(s, 0, sizeof(*s));
    s->key = key;
    s->loc = kloc;
    s->value = v;
    s->append = append;
    s->from_override = ps->from_override;
    return 0;
}

static int parse_statement(struct pstate *ps)
{
    if (ps->lx.tok != XK__T_IDENT) {
        if (ps->lx.tok == XK__T_ERROR && !ps->lx.errmsg &&
            ((*ps->lx.start >= 'A' && *ps->lx.start <= 'Z') ||
             *ps->lx.start == '_'))
            return syntax_error(ps, "an option name (xl's option names are "
                                "lower case and start with a letter)");
        return syntax_error(ps, "an option name");
    }
    char *key = ps->lx.str;
    ps->lx.str = NULL;
    struct xk_cfg_loc kloc = { ps->file, ps->lx.tline, ps->lx.tcol };
    ps->key = key;
    next(ps);
    int rc;
    if (ps->lx.tok != XK__T_ASSIGN && ps->lx.tok != XK__T_APPEND) {
        rc = syntax_error(ps, ps->lx.tok == XK__T_ERROR && !ps->lx.errmsg &&
                          *ps->lx.start >= 'A' && *ps->lx.start <= 'Z'
                          ? "`=' (option names are lower-case)"
                          : "`=' or `+='");
        free(key);
        return rc;
    }
    bool append = ps->lx.tok == XK__T_APPEND;
    next(ps);
    struct xk__cfg_value *v;
    rc = parse_value(ps, 0, &v);
    if (rc) {
        free(key);
        return rc;
    }
    if (ps->lx.tok != XK__T_NEWLINE && ps->lx.tok != XK__T_SEMI &&
        ps->lx.tok != XK__T_EOF) {
        rc = syntax_error(ps, ps->lx.tok == XK__T_ERROR ? "end of line or "
                          "`;' after the value" :
                          v->type == XK__CFG_ATOM && !v->quoted &&
                          ps->lx.tok == XK__T_IDENT
                          ? "end of line or `;' (is a number followed by "
                            "a word? quote it)"
                          : "end of line or `;' after the value");
        xk__cfg_value_free(v);
        free(key);
        return rc;
    }
    rc = store(ps, key, kloc, append, v);
    ps->key = NULL;
    return rc;
}

int xk__cfg_parse(xk_ctx *ctx, struct xk__cfg_file *f, const char *name,
                  const char *text, size_t len, bool from_override)
{
    int slot = from_override ? 1 : 0;
    if (len > XK__CFG_MAX_TEXT)
        return xk__error(ctx, XK_ECONFIG, "%s: the configuration is larger "
                         "than %u bytes", name, XK__CFG_MAX_TEXT);
    if (!f->names[slot]) {
        f->names[slot] = strdup(name);
        if (!f->names[slot])
            return xk__error(ctx, XK_ENOMEM, "out of memory");
    }
    struct pstate ps = {
        .ctx = ctx, .f = f, .file = f->names[slot],
        .from_override = from_override,
    };
    xk__lex_init(&ps.lx, ps.file, text, len);
    next(&ps);
    int rc = 0;
    for (;;) {
        while (ps.lx.tok == XK__T_NEWLINE || ps.lx.tok == XK__T_SEMI)
            next(&ps);
        if (ps.lx.tok == XK__T_EOF)
            break;
        rc = parse_statement(&ps);
        if (rc)
            break;
    }
    xk__lex_dispose(&ps.lx);
    return rc;
}

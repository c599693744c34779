/*
 * lexer.c: splits xl.cfg text into tokens as xl's flex scanner does
 * (lower-case names, numbers kept as text, quoted strings with escapes,
 * '#' comments), tracking line and column for messages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/cfg_file.h"

void xk__lex_init(struct xk__lexer *lx, const char *file, const char *text,
                  size_t len)
{
    memset(lx, 0, sizeof(*lx));
    lx->src = lx->p = text;
    lx->end = text + len;
    lx->file = file;
    lx->line = 1;
    lx->col = 1;
}

void xk__lex_dispose(struct xk__lexer *lx)
{
    free(lx->str);
    lx->str = NULL;
}

static void advance(struct xk__lexer *lx)
{
    if (*lx->p == '\n') {
        lx->line++;
        lx->col = 1;
    } else {
        lx->col++;
    }
    lx->p++;
}

static int is_ident_start(int c) { return c >= 'a' && c <= 'z'; }
static int is_ident_char(int c)
{
    return is_ident_start(c) || (c >= '0' && c <= '9') || c == '_' ||
           c == '.';
}
/* xl's NUMBER token: a digit then digits, a-f and x (checked on use). */
static int is_number_char(int c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == 'x';
}

static void set_error(struct xk__lexer *lx, const char *msg, const char *exp)
{
    lx->tok = XK__T_ERROR;
    lx->errmsg = msg;
    lx->errexp = exp;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/*
 * A quoted string. xl's escapes: \\ \" \' \a \b \f \n \r \t \v, \xHH and
 * octal \NNN. (xl 4.17's own \x and octal handling drops or rejects the
 * character; we decode them as documented.) No newline inside.
 */
static void lex_string(struct xk__lexer *lx)
{
    char q = *lx->p;
    size_t cap = 16, n = 0;
    char *out = malloc(cap);
    if (!out) {
        lx->oom = true;
        set_error(lx, "out of memory", "");
        return;
    }
    advance(lx);
    for (;;) {
        if (lx->p >= lx->end || *lx->p == '\n') {
            free(out);
            set_error(lx, "an unterminated string",
                      q == '"' ? "a closing \" on the same line"
                               : "a closing ' on the same line");
            return;
        }
        if (n + 2 > cap) {
            char *nb = realloc(out, cap * 2);
            if (!nb) {
                free(out);
                lx->oom = true;
                set_error(lx, "out of memory", "");
                return;
            }
            out = nb;
            cap *= 2;
        }
        char c = *lx->p;
        if (c == q) {
            advance(lx);
            break;
        }
        if (c == '\0') {
            free(out);
            lx->tline = lx->line;
            lx->tcol = lx->col;
            set_error(lx, "a NUL byte in a string", "text");
            return;
        }
        if (c != '\\') {
            out[n++] = c;
            advance(lx);
            continue;
        }
        unsigned eline = lx->line, ecol = lx->col;
        advance(lx);
        if (lx->p >= lx->end || *lx->p == '\n')
            continue; /* reported as unterminated on the next round */
        c = *lx->p;
        int v = -1;
        switch (c) {
        case '"': case '\'': case '\\': v = c; break;
        case 'a': v = '\a'; break;
        case 'b': v = '\b'; break;
        case 'f': v = '\f'; break;
        case 'n': v = '\n'; break;
        case 'r': v = '\r'; break;
        case 't': v = '\t'; break;
        case 'v': v = '\v'; break;
        }
        if (v >= 0) {
            out[n++] = (char)v;
            advance(lx);
            continue;
        }
        if (c == 'x') {
            advance(lx);
            int h1 = lx->p < lx->end ? hexval(*lx->p) : -1;
            int h2 = lx->p + 1 < lx->end ? hexval(lx->p[1]) : -1;
            if (h1 < 0 || h2 < 0 || (h1 == 0 && h2 == 0)) {
                free(out);
                lx->tline = eline;
                lx->tcol = ecol;
                set_error(lx, "a bad \\x escape",
                          "two hex digits, not 00, after \\x");
                return;
            }
            out[n++] = (char)(h1 * 16 + h2);
            advance(lx);
            advance(lx);
            continue;
        }
        if (c >= '0' && c <= '7') {
            int val = 0, k = 0;
            while (k < 3 && lx->p < lx->end && *lx->p >= '0' && *lx->p <= '7') {
                val = val * 8 + (*lx->p - '0');
                advance(lx);
                k++;
            }
            if (val == 0 || val > 255) {
                free(out);
                lx->tline = eline;
                lx->tcol = ecol;
                set_error(lx, "a bad octal escape",
                          "an octal character code from \\1 to \\377");
                return;
            }
            out[n++] = (char)val;
            continue;
        }
        free(out);
        lx->tline = eline;
        lx->tcol = ecol;
        set_error(lx, "an unknown escape in a string",
                  "one of \\\\ \\\" \\' \\a \\b \\f \\n \\r \\t \\v \\xHH "
                  "\\NNN");
        return;
    }
    out[n] = '\0';
    lx->str = out;
    lx->tok = XK__T_STRING;
}

static void take_text(struct xk__lexer *lx, enum xk__tok tok)
{
    size_t n = (size_t)(lx->p - lx->start);
    lx->str = malloc(n + 1);
    if (!lx->str) {
        lx->oom = true;
        set_error(lx, "out of memory", "");
        return;
    }
    memcpy(lx->str, lx->start, n);
    lx->str[n] = '\0';
    lx->tok = tok;
}

void xk__lex_next(struct xk__lexer *lx)
{
    free(lx->str);
    lx->str = NULL;
    lx->errmsg = lx->errexp = NULL;

    /* blanks, and comments up to (not including) their newline */
    for (;;) {
        if (lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t' ||
                                (*lx->p == '\r' && lx->p + 1 < lx->end &&
                                 lx->p[1] == '\n'))) {
            advance(lx);
        } else if (lx->p < lx->end && *lx->p == '#') {
            while (lx->p < lx->end && *lx->p != '\n')
                advance(lx);
        } else {
            break;
        }
    }
    lx->start = lx->p;
    lx->tline = lx->line;
    lx->tcol = lx->col;
    if (lx->p >= lx->end) {
        lx->tok = XK__T_EOF;
        lx->len = 0;
        return;
    }
    char c = *lx->p;
    if (c == '\n') {
        advance(lx);
        lx->tok = XK__T_NEWLINE;
    } else if (is_ident_start((unsigned char)c)) {
        while (lx->p < lx->end && is_ident_char((unsigned char)*lx->p))
            advance(lx);
        take_text(lx, XK__T_IDENT);
    } else if (c >= '0' && c <= '9') {
        while (lx->p < lx->end && is_number_char((unsigned char)*lx->p))
            advance(lx);
        take_text(lx, XK__T_NUMBER);
    } else if (c == '"' || c == '\'') {
        lex_string(lx);
    } else if (c == '+' && lx->p + 1 < lx->end && lx->p[1] == '=') {
        advance(lx);
        advance(lx);
        lx->tok = XK__T_APPEND;
    } else {
        advance(lx);
        switch (c) {
        case '=': lx->tok = XK__T_ASSIGN; break;
        case ';': lx->tok = XK__T_SEMI; break;
        case ',': lx->tok = XK__T_COMMA; break;
        case '[': lx->tok = XK__T_LBRACK; break;
        case ']': lx->tok = XK__T_RBRACK; break;
        default:
            /* Python's operators and calls are what people try most. */
            if (strchr("+-*/.():{}", c))
                set_error(lx, NULL, "xl.cfg syntax (it is not Python: "
                          "arithmetic, calls and dicts are not supported; "
                          "quote the value)");
            else
                set_error(lx, NULL, NULL);
            /* show a whole mis-cased word, not its first letter */
            if ((c >= 'A' && c <= 'Z') || c == '_')
                while (lx->p < lx->end &&
                       (is_ident_char((unsigned char)*lx->p) ||
                        (*lx->p >= 'A' && *lx->p <= 'Z')))
                    advance(lx);
            break;
        }
    }
    lx->len = (size_t)(lx->p - lx->start);
}

void xk__lex_describe(const struct xk__lexer *lx, char *buf, size_t size)
{
    char q[64];
    switch (lx->tok) {
    case XK__T_EOF: snprintf(buf, size, "end of file"); return;
    case XK__T_NEWLINE: snprintf(buf, size, "end of line"); return;
    case XK__T_STRING:
        xk__cfg_quote(lx->str, q, sizeof(q));
        snprintf(buf, size, "the string \"%s\"", q);
        return;
    case XK__T_ERROR:
        if (lx->errmsg) {
            snprintf(buf, size, "%s", lx->errmsg);
            return;
        }
        break;
    default:
        break;
    }
    size_t n = lx->len ? lx->len : 1;
    if (n > 40)
        n = 40;
    char raw[48];
    memcpy(raw, lx->start, n);
    raw[n] = '\0';
    xk__cfg_quote(raw, q, sizeof(q));
    snprintf(buf, size, "`%s'", q);
}

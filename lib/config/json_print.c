/*
 * json_print.c: prints a jansson tree byte for byte as libxl prints its
 * JSON (yajl's beautify mode: 4-space indent, "key": value, empty maps and
 * arrays spread over lines, a final newline), so scripts diffing the text
 * of `xl create -n` see the same thing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/json_out.h"

struct buf {
    char *p;
    size_t n, cap;
    int oom;
};

static void put(struct buf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap : 1024;
        while (b->n + n + 1 > nc)
            nc *= 2;
        char *np = realloc(b->p, nc);
        if (!np) {
            b->oom = 1;
            return;
        }
        b->p = np;
        b->cap = nc;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void puts_(struct buf *b, const char *s) { put(b, s, strlen(s)); }

static void indent(struct buf *b, int depth)
{
    for (int i = 0; i < depth; i++)
        put(b, "    ", 4);
}

/* yajl's string escaping: quote, backslash and control characters. */
static void string(struct buf *b, const char *s)
{
    put(b, "\"", 1);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        char esc[8];
        switch (c) {
        case '"': puts_(b, "\\\""); break;
        case '\\': puts_(b, "\\\\"); break;
        case '\b': puts_(b, "\\b"); break;
        case '\f': puts_(b, "\\f"); break;
        case '\n': puts_(b, "\\n"); break;
        case '\r': puts_(b, "\\r"); break;
        case '\t': puts_(b, "\\t"); break;
        default:
            if (c < 0x20) {
                snprintf(esc, sizeof(esc), "\\u%04x", c);
                puts_(b, esc);
            } else {
                put(b, (const char *)&c, 1);
            }
        }
    }
    put(b, "\"", 1);
}

static void value(struct buf *b, json_t *v, int depth)
{
    char num[32];
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        const char *key;
        json_t *item;
        int first = 1;
        puts_(b, "{\n");
        json_object_foreach(v, key, item) {
            if (!first)
                puts_(b, ",\n");
            first = 0;
            indent(b, depth + 1);
            string(b, key);
            puts_(b, ": ");
            value(b, item, depth + 1);
        }
        puts_(b, "\n");
        indent(b, depth);
        puts_(b, "}");
        break;
    }
    case JSON_ARRAY: {
        size_t i;
        json_t *item;
        puts_(b, "[\n");
        json_array_foreach(v, i, item) {
            if (i)
                puts_(b, ",\n");
            indent(b, depth + 1);
            value(b, item, depth + 1);
        }
        puts_(b, "\n");
        indent(b, depth);
        puts_(b, "]");
        break;
    }
    case JSON_STRING:
        string(b, json_string_value(v));
        break;
    case JSON_INTEGER:
        snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
                 json_integer_value(v));
        puts_(b, num);
        break;
    case JSON_TRUE: puts_(b, "true"); break;
    case JSON_FALSE: puts_(b, "false"); break;
    case JSON_NULL: puts_(b, "null"); break;
    case JSON_REAL:
        snprintf(num, sizeof(num), "%.17g", json_real_value(v));
        puts_(b, num);
        break;
    }
}

char *xk__json_print_yajl(json_t *root)
{
    struct buf b = { 0 };
    value(&b, root, 0);
    puts_(&b, "\n");
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    return b.p;
}

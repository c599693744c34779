/*
 * cfg_file.h: the xl.cfg syntax tree (settings of atoms and nested lists,
 * each with its location) and the lexer/parser that build it.
 */
#ifndef XK_CONFIG_CFG_FILE_H
#define XK_CONFIG_CFG_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "config/domain_config.h"

/* Bounds on what a config may make us allocate or recurse into. */
#define XK__CFG_MAX_DEPTH  32          /* nested lists */
#define XK__CFG_MAX_TEXT   (16u << 20) /* bytes of config text */

enum xk__cfg_vtype { XK__CFG_ATOM, XK__CFG_LIST };

struct xk__cfg_value {
    enum xk__cfg_vtype type;
    struct xk_cfg_loc loc;
    bool quoted;                   /* an atom written as a string */
    char *str;                     /* ATOM: its text, unescaped */
    struct xk__cfg_value **items;  /* LIST */
    size_t n, cap;
};

struct xk__cfg_setting {
    char *key;
    struct xk_cfg_loc loc;         /* of the key */
    struct xk__cfg_value *value;
    bool append;                   /* written with += */
    bool from_override;            /* came from the command line */
    bool used;                     /* read by the model builder */
};

struct xk__cfg_file {
    char *names[2];                /* [0] the source name, [1] "command line" */
    struct xk__cfg_setting *v;
    size_t n, cap;
};

/* ---- lexer ---- */

enum xk__tok {
    XK__T_EOF, XK__T_NEWLINE, XK__T_IDENT, XK__T_NUMBER, XK__T_STRING,
    XK__T_ASSIGN, XK__T_APPEND, XK__T_SEMI, XK__T_COMMA, XK__T_LBRACK,
    XK__T_RBRACK, XK__T_ERROR,
};

struct xk__lexer {
    const char *src, *end, *p;
    const char *file;
    unsigned line, col;
    /* the current token */
    enum xk__tok tok;
    const char *start;             /* its text in src */
    size_t len;
    unsigned tline, tcol;
    char *str;                     /* STRING/IDENT/NUMBER value (malloc) */
    const char *errmsg;            /* ERROR: found ..., expected ... */
    const char *errexp;
    bool oom;
};

void xk__lex_init(struct xk__lexer *lx, const char *file, const char *text,
                  size_t len);
/* Advances to the next token. On XK__T_ERROR errmsg/errexp say why. */
void xk__lex_next(struct xk__lexer *lx);
void xk__lex_dispose(struct xk__lexer *lx);
/* "`foo'", "end of line", "the string \"...\"" into buf. */
void xk__lex_describe(const struct xk__lexer *lx, char *buf, size_t size);

/* ---- parser ---- */

void xk__cfg_file_init(struct xk__cfg_file *f);
void xk__cfg_file_dispose(struct xk__cfg_file *f);
void xk__cfg_value_free(struct xk__cfg_value *v);

/*
 * Parses text into f. from_override: command-line KEY=VALUE text, which
 * replaces earlier settings instead of being a duplicate. Errors are
 * recorded on ctx (XK_ECONFIG, "FILE:LINE:COL: ...").
 */
int xk__cfg_parse(xk_ctx *ctx, struct xk__cfg_file *f, const char *name,
                  const char *text, size_t len, bool from_override);

/* The setting of key (marking it used), or NULL. */
struct xk__cfg_setting *xk__cfg_find(struct xk__cfg_file *f, const char *key);

/* Escapes s for messages: at most about 40 bytes, quotes and controls
 * shown as C escapes. */
void xk__cfg_quote(const char *s, char *buf, size_t size);

#endif

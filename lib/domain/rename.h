/* rename.h: the pure part of xk_domain_rename (rename.c), for unit tests. */
#ifndef XK_DOMAIN_RENAME_H
#define XK_DOMAIN_RENAME_H

#include <stddef.h>

/*
 * A lifecycle record's config text (len bytes, may be NULL) with the
 * override line name="NAME" (xl's escapes) added after its
 * XK_LIFECYCLE_OVERRIDES line (which is added first if there is none), so
 * the domain is re-created as NAME. malloc'd, *len_r bytes and a NUL; NULL
 * on ENOMEM.
 */
char *xk__cfg_append_name(const char *text, size_t len, const char *name,
                          size_t *len_r);

#endif

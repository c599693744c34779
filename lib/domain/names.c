/*
 * names.c: domain names are unique on a host. The check reads every
 * domain's name inside the caller's transaction: a racing create that
 * writes the same name elsewhere changes /local/domain, so one of the two
 * commits fails with EAGAIN and its retry sees the other's name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "domain/create.h"

int xk__name_taken(xk_ctx *ctx, const char *name, uint32_t domid)
{
    /* A name too long to quote whole in a message is cut short, so that
     * the message still says what is wrong. */
    size_t len = strlen(name);
    int shown = len > 96 ? 64 : (int)len;
    return xk__error(ctx, XK_EEXIST, "domain with name \"%.*s%s\" already "
                     "exists (domain %u)", shown, name,
                     (size_t)shown < len ? "..." : "", domid);
}

int xk__name_check(xk_ctx *ctx, xk_store_txn t, const char *name,
                   uint32_t except)
{
    char **ents = NULL;
    unsigned n = 0;
    int rc = xk__store_directory(ctx, t, "/local/domain", &ents, &n);
    if (rc == XK_ENOENT)
        return 0;
    if (rc)
        return rc;
    for (unsigned i = 0; i < n; i++) {
        char *end;
        unsigned long id = strtoul(ents[i], &end, 10);
        if (*end || end == ents[i] || id == except)
            continue;
        char path[64], other[256];
        snprintf(path, sizeof(path), "/local/domain/%lu/name", id);
        rc = xk__store_read_buf(ctx, t, path, other, sizeof(other));
        if (rc == XK_ENOENT)
            continue;
        if (rc)
            break;
        if (strcmp(other, name) == 0) {
            rc = xk__name_taken(ctx, name, (uint32_t)id);
            break;
        }
    }
    free(ents);
    return rc == XK_ENOENT ? 0 : rc;
}

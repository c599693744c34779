/*
 * rename.c: xk_domain_rename. libxl keeps a domain's name in two xenstore
 * nodes (/local/domain/N/name, /vm/UUID/name; its stored config keeps the
 * name given at creation and is overridden by the first on reading), and
 * xenkit a third time in the lifecycle record, whose config text restarts
 * the domain: all change in one transaction with the uniqueness check.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "domain/create.h"
#include "domain/lifecycle.h"
#include "domain/name_index.h"
#include "domain/rename.h"
#include "store/store.h"

/* Longest name accepted: xk_dominfo holds 255 bytes of one. */
#define NAME_MAX_LEN 255

char *xk__cfg_append_name(const char *text, size_t len, const char *name,
                          size_t *len_r)
{
    static const char mark[] = "\n" XK_LIFECYCLE_OVERRIDES "\n";
    const size_t mlen = sizeof(mark) - 1;
    int marked = text && len >= mlen && memmem(text, len, mark, mlen);
    /* Worst case: every byte as \xHH, plus the lines around it. */
    size_t cap = len + 4 * strlen(name) + mlen + 32;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    size_t n = 0;
    if (text && len) {
        memcpy(out, text, len);
        n = len;
    }
    if (!marked) {
        memcpy(out + n, mark, mlen);
        n += mlen;
    } else if (out[n - 1] != '\n') {
        out[n++] = '\n';
    }
    n += (size_t)snprintf(out + n, cap - n, "name=\"");
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if (*p == '"' || *p == '\\') {
            out[n++] = '\\';
            out[n++] = (char)*p;
        } else if (*p < 0x20 || *p == 0x7f) {
            n += (size_t)snprintf(out + n, cap - n, "\\x%02x", *p);
        } else {
            out[n++] = (char)*p;
        }
    }
    n += (size_t)snprintf(out + n, cap - n, "\"\n");
    *len_r = n;
    return out;
}

/* The supervised domain restarts from its recorded xl.cfg text: a name=
 * among its overrides (see XK_LIFECYCLE_OVERRIDES) replaces the file's. */
static int rename_record(xk_ctx *ctx, xk_store_txn t, uint32_t domid,
                         const char *name)
{
    xk_lifecycle lc;
    int rc = xk__lifecycle_read_txn(ctx, t, domid, &lc);
    if (rc == XK_ENOENT)
        return 0;           /* not supervised by xenkit */
    if (rc)
        return rc;
    if (!lc.config) {
        xk_lifecycle_dispose(&lc);
        return 0;
    }
    size_t len;
    char *text = xk__cfg_append_name(lc.config, lc.config_len, name, &len);
    if (!text) {
        xk_lifecycle_dispose(&lc);
        return xk__error(ctx, XK_ENOMEM, "out of memory");
    }
    free(lc.config);
    lc.config = text;
    lc.config_len = len;
    rc = xk__lifecycle_write_txn(ctx, t, domid, &lc);
    xk_lifecycle_dispose(&lc);
    return rc;
}

static int rename_txn(xk_ctx *ctx, xk_store_txn t, uint32_t domid,
                      const uint8_t uuid[16], const char *name)
{
    char path[XK_STORE_PATH_MAX], u[XK__UUID_STRLEN];
    int rc;
    /* Names are unique, but for the empty one (as in libxl). */
    if (name[0] && (rc = xk__name_check(ctx, t, name, domid)))
        return rc;
    if ((rc = xk__store_path(ctx, path, sizeof(path),
                             "/local/domain/%u/name", domid)) ||
        (rc = xk__store_write(ctx, t, path, name)))
        return rc;
    /* libxl writes the node of the hypervisor's UUID, even dom0's nil
     * one, which has no /vm node until then. */
    xk__uuid_format(uuid, u);
    if ((rc = xk__store_path(ctx, path, sizeof(path), "/vm/%s/name", u)) ||
        (rc = xk__store_write(ctx, t, path, name)))
        return rc;
    /* The new name's claim in xenkit's index (name_index.c): harmless
     * for a domain the index does not cover, whose name is read anyway. */
    char num[16];
    snprintf(num, sizeof(num), "%u", domid);
    if (xk__name_claim_path(name, path, sizeof(path)) &&
        (rc = xk__store_write(ctx, t, path, num)))
        return rc;
    return rename_record(ctx, t, domid, name);
}

int xk_domain_rename(xk_ctx *ctx, uint32_t domid, const char *new_name)
{
    if (!ctx || !new_name)
        return XK_EINVAL;
    xk__clear_error(ctx);
    if (strlen(new_name) > NAME_MAX_LEN)
        return xk__error(ctx, XK_EINVAL, "domain name longer than %d bytes",
                         NAME_MAX_LEN);

    xk_dominfo info;
    int rc = xk_domain_info(ctx, domid, &info);
    if (rc)
        return rc;

    for (int tries = 0;; tries++) {
        xk_store_txn t;
        if ((rc = xk__store_txn_start(ctx, &t)))
            return rc;
        rc = rename_txn(ctx, t, domid, info.uuid, new_name);
        if (rc) {
            xk__store_txn_end(ctx, t, true);
            return rc;
        }
        rc = xk__store_txn_end(ctx, t, false);
        if (rc != XK_EBUSY)
            return rc;
        if (tries == 10)
            return xk__error(ctx, XK_EBUSY, "renaming domain %u kept "
                             "conflicting", domid);
    }
}

/* lookup.c: xk_domain_lookup, a domain argument (name or id) to a domid. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenctrl.h>

#include "core/context.h"
#include "domain/dominfo.h"
#include "domain/name_index.h"
#include "hv/hv.h"
#include "store/store.h"

/* From how many running domains a name is looked up by its claim. */
#define CLAIM_FROM 4

/* Whether domain id's name node says name. */
static bool named(xk_ctx *ctx, uint32_t id, const char *name)
{
    char path[48], *own = NULL;
    snprintf(path, sizeof(path), "/local/domain/%u/name", id);
    bool is = xk__store_read(ctx, XK_STORE_NOTXN, path, &own, NULL) == 0 &&
              strcmp(own, name) == 0;
    free(own);
    return is;
}

/* The domain the name's claim (name_index.c) names, when the claim still
 * holds: that domain runs and its name node says the name. Two reads,
 * where finding the name among all domains' names reads them all. */
static bool by_claim(xk_ctx *ctx, const char *name, uint32_t *domid_r)
{
    char path[3100], num[16];
    if (!xk__name_claim_path(name, path, sizeof(path)) ||
        xk__store_read_buf(ctx, XK_STORE_NOTXN, path, num, sizeof(num)))
        return false;
    char *end;
    unsigned long id = strtoul(num, &end, 10);
    if (end == num || *end || id >= 0x7FF0)
        return false;
    xc_domaininfo_t info;
    if (!named(ctx, (uint32_t)id, name) ||
        xk__hv_domains(ctx, (uint32_t)id, 1, &info) != 1 ||
        info.domain != id)
        return false;
    *domid_r = (uint32_t)id;
    return true;
}

static int all_digits(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

int xk_domain_lookup(xk_ctx *ctx, const char *name_or_id, uint32_t *domid_r)
{
    if (!ctx || !name_or_id || !domid_r)
        return XK_EINVAL;
    xk__clear_error(ctx);

    if (all_digits(name_or_id)) {
        errno = 0;
        unsigned long long v = strtoull(name_or_id, NULL, 10);
        /* Too big for a domid: an id no domain can have (xl would wrap it
         * round to some other domain's id). */
        *domid_r = (errno || v > UINT32_MAX) ? UINT32_MAX : (uint32_t)v;
        return 0;
    }

    /* A name: the domain whose claim it is (xenkit's own domains), else
     * the first domain, in id order, whose xenstore name it is (domain 0's
     * read first). With a few domains, reading their names side by side
     * is quicker than the claim's two reads one after the other. */
    xc_domaininfo_t few[CLAIM_FROM + 1];
    int got = xk__hv_domains(ctx, 0, CLAIM_FROM + 1, few);
    if (got < 0)
        return got;
    if (got > CLAIM_FROM && by_claim(ctx, name_or_id, domid_r)) {
        xk__timing(ctx, "lookup: by the name's claim");
        return 0;
    }
    /* Domain 0 comes first in id order: when the name is its, it is the
     * answer, and `xl ... Domain-0` reads one name, not every domain's. */
    if (got > CLAIM_FROM && named(ctx, 0, name_or_id)) {
        xk__timing(ctx, "lookup: domain 0's name");
        *domid_r = 0;
        return 0;
    }
    xk__clear_error(ctx);
    /* Few domains: those are all of them, no need to ask again. */
    xk_dominfo *list;
    size_t n = (size_t)got;
    int rc = got <= CLAIM_FROM
           ? xk__domain_list_of(ctx, few, n, true, &list)
           : xk_domain_list(ctx, &list, &n);
    if (rc)
        return rc;
    rc = xk__error(ctx, XK_ENOENT, "no domain is named \"%s\"", name_or_id);
    for (size_t i = 0; i < n; i++) {
        if (list[i].name[0] && strcmp(list[i].name, name_or_id) == 0) {
            *domid_r = list[i].domid;
            xk__clear_error(ctx);
            rc = 0;
            break;
        }
    }
    free(list);
    xk__timing(ctx, "lookup: %zu names read", n);
    return rc;
}

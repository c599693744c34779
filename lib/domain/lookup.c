/* lookup.c: xk_domain_lookup, a domain argument (name or id) to a domid. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "domain/dominfo.h"

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

    /* A name: the first domain, in id order, whose xenstore name it is. */
    xk_dominfo *list;
    size_t n;
    int rc = xk_domain_list(ctx, &list, &n);
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

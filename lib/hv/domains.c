/* domains.c: opening libxenctrl and reading domain information from it. */
#include <errno.h>
#include <stdlib.h>

#include <xenctrl.h>

#include "core/context.h"
#include "hv/hv.h"

int xk__hv_open(xk_ctx *ctx)
{
    if (ctx->xc)
        return 0;
    struct xentoollog_logger *l = xk__hv_logger(ctx);
    if (!l)
        return xk__error(ctx, XK_ENOMEM, "cannot allocate a logger");
    xk__hv_clear_log(ctx);
    ctx->xc = xc_interface_open(l, l, 0);
    if (!ctx->xc)
        return xk__hv_fail(ctx, XK_EXEN, errno,
                           "cannot open the hypervisor interface");
    return 0;
}

int xk__hv_domains(xk_ctx *ctx, uint32_t first, unsigned max,
                   xc_domaininfo_t *info)
{
    int rc = xk__hv_open(ctx);
    if (rc)
        return rc;
    xk__hv_clear_log(ctx);
    int n = xc_domain_getinfolist(ctx->xc, first, max, info);
    if (n < 0)
        return xk__hv_fail(ctx, XK_EXEN, errno, "getting domain info list");
    return n;
}

int xk__hv_domains_all(xk_ctx *ctx, xc_domaininfo_t **info_r, size_t *n_r)
{
    /* A page of entries a hypercall: libxencall keeps one-page buffers
     * for reuse, while a bigger one is mapped and unmapped each time,
     * which cost a create 1-2 ms in the lab. Bounds a hypercall, not the
     * list. */
    enum { CHUNK = XC_PAGE_SIZE / sizeof(xc_domaininfo_t) };
    xc_domaininfo_t *all = NULL;
    size_t n = 0;
    *info_r = NULL;
    *n_r = 0;
    for (uint32_t next = 0;;) {
        xc_domaininfo_t *grown = realloc(all, (n + CHUNK) * sizeof(*all));
        if (!grown) {
            free(all);
            return xk__error(ctx, XK_ENOMEM, "cannot allocate the domain "
                             "list");
        }
        all = grown;
        int got = xk__hv_domains(ctx, next, CHUNK, all + n);
        if (got < 0) {
            free(all);
            return got;
        }
        n += (size_t)got;
        if (got < CHUNK)
            break;
        next = all[n - 1].domain + 1;
    }
    *info_r = all;
    *n_r = n;
    return 0;
}

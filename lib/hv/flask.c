/* flask.c: security labels of domains when Xen runs with FLASK (XSM). */
#include <errno.h>
#include <string.h>

#include <xenctrl.h>

#include "core/context.h"
#include "hv/hv.h"

int xk_security_label(xk_ctx *ctx, uint32_t ssidref, char *buf, size_t size)
{
    if (!ctx || !buf || !size)
        return XK_EINVAL;
    xk__clear_error(ctx);
    int rc = xk__hv_open(ctx);
    if (rc)
        return rc;
    /* A label is at most a page long. */
    char tmp[XC_PAGE_SIZE];
    memset(tmp, 0, sizeof(tmp));
    xk__hv_clear_log(ctx);
    if (xc_flask_sid_to_context(ctx->xc, (int)ssidref, tmp, sizeof(tmp) - 1)) {
        xk__hv_clear_log(ctx);
        return xk__error(ctx, XK_EUNSUPPORTED, "no security label for sid %u",
                         ssidref);
    }
    size_t n = strnlen(tmp, sizeof(tmp) - 1);
    if (n >= size)
        n = size - 1;
    memcpy(buf, tmp, n);
    buf[n] = '\0';
    return 0;
}

/* find_domain.c: turning a domain argument into a domid, with xl's messages. */
#include <stdio.h>

#include "commands.h"

/* The libxl codes xl's message carries: ERROR_INVAL for a name no domain
 * has, ERROR_NOMEM when the domain list itself could not be read. */
#define LIBXL_ERROR_NOMEM (-5)
#define LIBXL_ERROR_INVAL (-6)

int xl_find_domain(xk_ctx *ctx, const char *arg, uint32_t *domid_r)
{
    int rc = xk_domain_lookup(ctx, arg, domid_r);
    if (rc == 0)
        return 0;
    if (rc != XK_ENOENT)
        xl_print_lib_error(ctx);
    fprintf(stderr, "%s is an invalid domain identifier (rc=%d)\n", arg,
            rc == XK_ENOENT ? LIBXL_ERROR_INVAL : LIBXL_ERROR_NOMEM);
    return -1;
}

void xl_print_lib_error(xk_ctx *ctx)
{
    const char *msg = xk_ctx_last_error(ctx);
    fprintf(stderr, "xenkit: error: %s\n",
            msg[0] ? msg : xk_strerror(xk_ctx_last_code(ctx)));
}

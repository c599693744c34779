/* cmd_vmcontrol.c: xl destroy, pause and unpause. */
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"

int cmd_destroy(xk_ctx *ctx, const struct xl_globals *g, int argc, char **argv)
{
    int opt, force = 0;
    (void)g;
    XL_FOREACH_OPT(opt, "f", NULL, "destroy", 1) {
    case 'f':
        force = 1;
        break;
    }
    uint32_t domid;
    if (xl_find_domain(ctx, argv[optind], &domid))
        return EXIT_FAILURE;
    if (domid == 0 && !force) {
        fprintf(stderr, "Not destroying domain 0; use -f to force.\n"
                "This can only be done when using a disaggregated hardware "
                "domain and toolstack.\n\n");
        return EXIT_FAILURE;
    }
    int rc = xk_domain_destroy(ctx, domid);
    if (rc) {
        /* xl's line, with libxl's code: ERROR_DOMAIN_NOTFOUND or ERROR_FAIL */
        xl_print_lib_error(ctx);
        fprintf(stderr, "destroy failed (rc=%d)\n", rc == XK_ENOENT ? -21 : -3);
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}

/* xl reports a failed pause or unpause but still exits 0; so do we. */
int cmd_pause(xk_ctx *ctx, const struct xl_globals *g, int argc, char **argv)
{
    (void)g;
    int opt;
    XL_FOREACH_OPT(opt, "", NULL, "pause", 1) {
    default: break;
    }
    uint32_t domid;
    if (xl_find_domain(ctx, argv[optind], &domid))
        return EXIT_FAILURE;
    if (xk_domain_pause(ctx, domid))
        xl_print_lib_error(ctx);
    return EXIT_SUCCESS;
}

int cmd_unpause(xk_ctx *ctx, const struct xl_globals *g, int argc,
                char **argv)
{
    (void)g;
    int opt;
    XL_FOREACH_OPT(opt, "", NULL, "unpause", 1) {
    default: break;
    }
    uint32_t domid;
    if (xl_find_domain(ctx, argv[optind], &domid))
        return EXIT_FAILURE;
    if (xk_domain_unpause(ctx, domid))
        xl_print_lib_error(ctx);
    return EXIT_SUCCESS;
}

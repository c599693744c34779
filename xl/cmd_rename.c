/* cmd_rename.c: `xl rename DOMAIN NEWNAME`. */
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"

int cmd_rename(xk_ctx *ctx, const struct xl_globals *g, int argc, char **argv)
{
    int opt;
    (void)g;
    XL_FOREACH_OPT(opt, "", NULL, "rename", 2) {
    default: break;
    }
    /* xl ignores operands after the second. */
    const char *dom = argv[optind], *new_name = argv[optind + 1];
    uint32_t domid;
    if (xl_find_domain(ctx, dom, &domid))
        return EXIT_FAILURE;
    int rc = xk_domain_rename(ctx, domid, new_name);
    if (rc) {
        /* A domain id nobody has: xl says only the line below. */
        if (rc != XK_ENOENT)
            xl_print_lib_error(ctx);
        fprintf(stderr, "Can't rename domain '%s'.\n", dom);
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}

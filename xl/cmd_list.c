/* cmd_list.c: `xl list`. */
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"

int cmd_list(xk_ctx *ctx, const struct xl_globals *g, int argc, char **argv)
{
    (void)ctx; (void)g; (void)argc; (void)argv;
    fprintf(stderr, "xl list: not implemented yet\n");
    return EXIT_FAILURE;
}

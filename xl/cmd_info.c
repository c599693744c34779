/* cmd_info.c: `xl info`. */
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"

int cmd_info(xk_ctx *ctx, const struct xl_globals *g, int argc, char **argv)
{
    (void)ctx; (void)g; (void)argc; (void)argv;
    fprintf(stderr, "xl info: not implemented yet\n");
    return EXIT_FAILURE;
}

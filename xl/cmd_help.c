/* cmd_help.c: `xl help [COMMAND]`. */
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"

int cmd_help(xk_ctx *ctx, const struct xl_globals *g, int argc, char **argv)
{
    (void)ctx; (void)g;
    if (argc > 1) {
        const struct xl_command *cmd = xl_find_command(argv[1]);
        if (cmd) {
            xl_print_command_help(cmd);
            return EXIT_SUCCESS;
        }
        fprintf(stderr, "command \"%s\" not implemented\n", argv[1]);
    }
    printf("Usage xl [-vfNtT] <subcommand> [args]\n\n");
    printf("xl full list of subcommands:\n\n");
    for (size_t i = 0; i < xl_ncommands; i++)
        printf(" %-19s %s\n", xl_commands[i].name, xl_commands[i].summary);
    return EXIT_FAILURE;
}

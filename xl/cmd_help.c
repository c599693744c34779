/* cmd_help.c: `xl help [COMMAND]`, the command list and per-command usage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"

static void print_command_list(FILE *out)
{
    fputs("Usage xl [-vfNtT] <subcommand> [args]\n\n", out);
    fputs("xl full list of subcommands:\n\n", out);
    for (size_t i = 0; i < xl_ncommands; i++) {
        const struct xl_command *c = &xl_commands[i];
        fprintf(out, " %-19s ", c->name);
        /* A name too long for the column puts its summary on the next line. */
        if (strlen(c->name) > 19)
            fprintf(out, "\n %-19s ", "");
        fprintf(out, "%s\n", c->summary);
    }
}

void xl_print_help(FILE *out, const char *name)
{
    if (!name || strcmp(name, "help") == 0) {
        print_command_list(out);
        return;
    }
    const struct xl_command *c = xl_lookup_command(name);
    if (!c) {
        fprintf(out, "command \"%s\" not implemented\n", name);
        return;
    }
    /* The global options a command honours: -f only for those that change
     * state, -N only for those with a dry run. */
    fprintf(out, "Usage: xl [-vtT%s%s] %s %s\n\n%s.\n\n",
            c->modifies ? "f" : "", c->can_dryrun ? "N" : "",
            c->name, c->usage ? c->usage : "", c->summary);
    if (c->options)
        fprintf(out, "Options:\n\n%s\n", c->options);
}

int cmd_help(xk_ctx *ctx, const struct xl_globals *g, int argc, char **argv)
{
    (void)ctx; (void)g;
    /* Like xl: only the first operand counts, and help always succeeds. */
    xl_print_help(stdout, argc > 1 ? argv[1] : NULL);
    return EXIT_SUCCESS;
}

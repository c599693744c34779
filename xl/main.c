/* main.c: xl's entry point: global options, then dispatch to a command. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"

static void usage_global(FILE *out)
{
    fprintf(out, "Usage xl [-vfNtT] <subcommand> [args]\n\n");
    fprintf(out, "xl full list of subcommands:\n\n");
    for (size_t i = 0; i < xl_ncommands; i++)
        fprintf(out, " %-19s %s\n", xl_commands[i].name, xl_commands[i].summary);
}

int main(int argc, char **argv)
{
    struct xl_globals g = {0};
    int opt;

    while ((opt = getopt(argc, argv, "+vfNtT")) != -1) {
        switch (opt) {
        case 'v': g.verbose++; break;
        case 'f': g.force = 1; break;
        case 'N': g.dry_run = 1; break;
        case 't': g.timestamps = 1; break;
        case 'T': g.no_timestamps = 1; break;
        default:
            fprintf(stderr, "unknown global option\n");
            return EXIT_FAILURE;
        }
    }

    if (optind >= argc) {
        usage_global(stdout);
        return EXIT_FAILURE;
    }

    const char *name = argv[optind];
    const struct xl_command *cmd = xl_find_command(name);
    if (!cmd) {
        fprintf(stderr, "command not implemented\n");
        return EXIT_FAILURE;
    }

    xk_ctx *ctx = NULL;
    int rc = xk_ctx_open(&ctx, 0);
    if (rc) {
        fprintf(stderr, "cannot init xenkit context: %s\n", xk_strerror(rc));
        return EXIT_FAILURE;
    }
    /* Reset getopt so each command parses its own options from argv[0]. */
    int cargc = argc - optind;
    char **cargv = argv + optind;
    optind = 1;
    rc = cmd->handler(ctx, &g, cargc, cargv);
    xk_ctx_close(ctx);
    return rc;
}

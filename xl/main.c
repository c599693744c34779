/* main.c: xl's entry point: global options, then dispatch to a command. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"

int main(int argc, char **argv)
{
    struct xl_globals g = {0};
    int opt;

    /* "+": global options end at the command name, as in xl. getopt's own
     * "invalid option" line is kept: xl prints it too. */
    while ((opt = getopt(argc, argv, "+vftTN")) != -1) {
        switch (opt) {
        case 'v': g.verbose++; break;
        case 'f': g.force = 1; break;
        case 'N': g.dry_run = 1; break;
        case 't': g.progress_cr = 1; break;
        case 'T': g.timestamps = 1; break;
        default:
            fprintf(stderr, "unknown global option\n");
            return EXIT_FAILURE;
        }
    }

    xl_log_setup(&g);

    if (optind >= argc) {
        xl_print_help(stdout, NULL);
        return EXIT_FAILURE;
    }

    const char *name = argv[optind];
    const struct xl_command *cmd = xl_lookup_command(name);
    xl_handler handler;
    if (cmd) {
        if (g.dry_run && !cmd->can_dryrun) {
            fprintf(stderr, "command does not implement -N (dryrun) option\n");
            return EXIT_FAILURE;
        }
        if (!cmd->handler) {
            fprintf(stderr, "command \"%s\" is not implemented by xenkit yet\n",
                    cmd->name);
            return EXIT_FAILURE;
        }
        handler = cmd->handler;
    } else if (strcmp(name, "help") == 0) {
        /* Not in the table, as in xl: so no prefix of "help" reaches it. */
        handler = cmd_help;
    } else {
        fprintf(stderr, "command not implemented\n");
        return EXIT_FAILURE;
    }

    /* The context touches no Xen handle until a command needs one, so help
     * and option errors work on a machine without Xen. */
    xk_ctx *ctx = NULL;
    int rc = xk_ctx_open(&ctx, 0);
    if (rc) {
        fprintf(stderr, "cannot init xenkit context: %s\n", xk_strerror(rc));
        return EXIT_FAILURE;
    }
    /* Each command parses its own options from argv[0] = its name. */
    int cargc = argc - optind;
    char **cargv = argv + optind;
    optind = 1;
    rc = handler(ctx, &g, cargc, cargv);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        perror("stdout");
        rc = EXIT_FAILURE;
    }
#ifdef __SANITIZE_ADDRESS__
    xk_ctx_close(ctx);      /* so that the leak checker sees all freed */
    return rc;
#else
    /* The process ends here: the kernel closes the context's Xen handles
     * and sockets at exit for less than xk_ctx_close would (in a PV dom0
     * each unmapping it does is a hypercall). */
    fflush(stderr);
    _exit(rc);
#endif
}

/*
 * commands.h: xl's command table and the handlers of each command group.
 * Handlers take the arguments after the command name's position (argv[0] is
 * the command name) and return the process exit status.
 */
#ifndef XL_COMMANDS_H
#define XL_COMMANDS_H

#include "xenkit.h"

struct xl_globals {
    int verbose;     /* -v, repeatable */
    int force;       /* -f */
    int dry_run;     /* -N */
    int timestamps;  /* -t */
    int no_timestamps; /* -T */
};

typedef int (*xl_handler)(xk_ctx *ctx, const struct xl_globals *g,
                          int argc, char **argv);

struct xl_command {
    const char *name;
    xl_handler handler;
    int modifies;        /* honours the global -N dry run */
    const char *summary;
    const char *usage;   /* after "Usage: xl [-vfN] <name> " */
    const char *options; /* option help, may be "" */
};

extern const struct xl_command xl_commands[];
extern const size_t xl_ncommands;

const struct xl_command *xl_find_command(const char *name);
void xl_print_command_help(const struct xl_command *cmd);

/* One handler per command; each group lives in its own cmd_*.c file. */
int cmd_help(xk_ctx *, const struct xl_globals *, int, char **);
int cmd_info(xk_ctx *, const struct xl_globals *, int, char **);
int cmd_list(xk_ctx *, const struct xl_globals *, int, char **);

#endif

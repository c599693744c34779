/*
 * commands.h: xl's command table, the helpers every command shares (option
 * parsing, domain arguments, help) and the handler of each command.
 */
#ifndef XL_COMMANDS_H
#define XL_COMMANDS_H

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "xenkit.h"

/* xl's global options, given before the command name. */
struct xl_globals {
    int verbose;       /* -v, repeatable: more library detail on stderr */
    int force;         /* -f */
    int dry_run;       /* -N */
    int progress_cr;   /* -t: progress lines end in \r (xl's -t) */
    int timestamps;    /* -T: log lines carry a date and pid (xl's -T) */
};

/*
 * A command's handler. argv[0] is the command name as typed, options follow;
 * the return value is the process exit status.
 */
typedef int (*xl_handler)(xk_ctx *ctx, const struct xl_globals *g,
                          int argc, char **argv);

struct xl_command {
    const char *name;
    xl_handler handler;  /* NULL: xl has it, xenkit does not yet */
    int can_dryrun;      /* accepts the global -N */
    int modifies;        /* changes state; help shows the global -f */
    const char *summary;
    const char *usage;   /* printed after "xl [-vtT...] NAME " */
    const char *options; /* option help; NULL prints no "Options:" part */
};

extern const struct xl_command xl_commands[];
extern const size_t xl_ncommands;

/*
 * Finds a command by name or by an unambiguous prefix of one, as xl does;
 * an exact name wins even when it prefixes others. NULL if none or ambiguous.
 */
const struct xl_command *xl_lookup_command(const char *name);

/*
 * Prints `xl help NAME` to out: the list of commands when name is NULL or
 * "help", a command's usage, or xl's "not implemented" line.
 */
void xl_print_help(FILE *out, const char *name);

/* ---- Option parsing shared by every command ---- */

#define XL_OPT_END  (-1)   /* no more options */
#define XL_OPT_EXIT (-2)   /* stop: return *status_r from the handler */

/* The long options every command accepts; end a longopts array with it. */
#define XL_COMMON_LONG_OPTS { "help", no_argument, NULL, 'h' }, \
                            { NULL, 0, NULL, 0 }

/*
 * getopt_long with xl's conventions: -h and --help print the command's help
 * (status 0); an unknown option prints "option `X' not supported." (status
 * 2); when options end with fewer than reqargs operands left it prints
 * "'xl NAME' requires at least N argument(s)." and the help (status 2).
 * Both of the latter end with XL_OPT_EXIT. longopts may be NULL.
 */
int xl_getopt(int argc, char **argv, const char *optstring,
              const struct option *longopts, const char *cmdname,
              int reqargs, int *status_r);

/*
 * The loop every handler runs over its options, used like a switch:
 *     XL_FOREACH_OPT(opt, "ab:", longopts, "cmd", 1) {
 *     case 'a': ...; break;
 *     }
 * "h" is added to optstring; -h, bad options and missing operands return
 * from the handler with xl's exit status. Afterwards argv[optind] is the
 * first operand.
 */
#define XL_FOREACH_OPT(opt, optstring, longopts, cmdname, reqargs)          \
    for (int xl_opt_status_ = 0;                                            \
         ((opt) = xl_getopt(argc, argv, "h" optstring, (longopts),          \
                            (cmdname), (reqargs), &xl_opt_status_))         \
         != XL_OPT_END;)                                                    \
        if ((opt) == XL_OPT_EXIT) return xl_opt_status_; else switch (opt)

/* ---- Domain arguments ---- */

/*
 * Resolves a domain argument (a name, or a decimal id taken as is) the way
 * xl's commands do. On failure prints xl's "NAME is an invalid domain
 * identifier (rc=N)" and returns -1: the handler then exits with 1.
 */
int xl_find_domain(xk_ctx *ctx, const char *arg, uint32_t *domid_r);

/*
 * Prints the context's last library error as "xenkit: error: MSG", after
 * a date and pid when the global -T was given (see xl_log_setup).
 */
void xl_print_lib_error(xk_ctx *ctx);

/* Applies the global options that shape log lines; main.c calls it once. */
void xl_log_setup(const struct xl_globals *g);

/* ---- Supervision and consoles, for `xl create` ---- */

/* The lock xenkit-monitord holds while it runs (monitor/monitord.c). */
#define XL_MONITORD_LOCK "/run/xenkit/monitord.lock"

/* Starts xenkit-monitord unless it runs; 0 once it is watching, or -1.
 * (xl create records a domain's actions with the domain itself.) */
int xl_ensure_monitord(void);

/*
 * Attaches this process's terminal to a console until Ctrl-] (status 0),
 * the domain going away (0), or an error (prints it; 1). type is an
 * XK_CONSOLE_*; notify_fd >= 0 gets one 0 byte once attached, then is
 * closed. Returns the exit status for xl.
 */
int xl_console_attach(xk_ctx *ctx, uint32_t domid, unsigned type,
                      unsigned num, int notify_fd);

/*
 * For `xl create -c`: forks a child attached to the domain's primary
 * console and returns its pid once the console is open (so the caller
 * can unpause the domain without the guest's first lines being lost), or
 * -1. Collect it with xl_console_wait, which returns its exit status.
 */
pid_t xl_console_spawn(uint32_t domid);

/*
 * The relay under xl_console_attach: copies in_fd to pty and pty to out_fd
 * until Ctrl-] (0x1d) arrives on in_fd (bytes before it are still sent) or
 * pty ends (the domain went away): 0; -1 if out_fd fails. EOF on in_fd stops
 * input only, so output keeps flowing (`xl console D </dev/null`).
 */
int xl_console_relay(int pty, int in_fd, int out_fd);
int xl_console_wait(pid_t pid);

/*
 * `xl create -n` (xl/create_dry_run.c): parses cfgfile with the KEY=VALUE
 * overrides, prints warnings (and, unless quiet, "Parsing config from")
 * to stderr and libxl's JSON of the configuration to stdout. Needs no Xen.
 * Returns the exit status.
 */
int xl_create_dry_run(xk_ctx *ctx, const char *cfgfile,
                      const char *const *overrides, size_t noverrides,
                      int quiet);

/* ---- Handlers, one group per cmd_*.c file ---- */

int cmd_help(xk_ctx *, const struct xl_globals *, int, char **);
int cmd_info(xk_ctx *, const struct xl_globals *, int, char **);
int cmd_list(xk_ctx *, const struct xl_globals *, int, char **);
int cmd_domid(xk_ctx *, const struct xl_globals *, int, char **);
int cmd_domname(xk_ctx *, const struct xl_globals *, int, char **);
int cmd_uptime(xk_ctx *, const struct xl_globals *, int, char **);
int cmd_create(xk_ctx *, const struct xl_globals *, int, char **);
int cmd_destroy(xk_ctx *, const struct xl_globals *, int, char **);
int cmd_pause(xk_ctx *, const struct xl_globals *, int, char **);
int cmd_unpause(xk_ctx *, const struct xl_globals *, int, char **);
int cmd_shutdown(xk_ctx *, const struct xl_globals *, int, char **);
int cmd_reboot(xk_ctx *, const struct xl_globals *, int, char **);
int cmd_console(xk_ctx *, const struct xl_globals *, int, char **);
int cmd_claims(xk_ctx *, const struct xl_globals *, int, char **);
int cmd_vm_list(xk_ctx *, const struct xl_globals *, int, char **);
int cmd_sharing(xk_ctx *, const struct xl_globals *, int, char **);
int cmd_dmesg(xk_ctx *, const struct xl_globals *, int, char **);
int cmd_top(xk_ctx *, const struct xl_globals *, int, char **);
int cmd_block_attach(xk_ctx *, const struct xl_globals *, int, char **);
int cmd_block_list(xk_ctx *, const struct xl_globals *, int, char **);
int cmd_block_detach(xk_ctx *, const struct xl_globals *, int, char **);
int cmd_network_attach(xk_ctx *, const struct xl_globals *, int, char **);
int cmd_network_list(xk_ctx *, const struct xl_globals *, int, char **);
int cmd_network_detach(xk_ctx *, const struct xl_globals *, int, char **);
int cmd_rename(xk_ctx *, const struct xl_globals *, int, char **);

#endif

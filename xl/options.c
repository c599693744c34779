/* options.c: xl's per-command option parsing (-h, unknown options, operands). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"

int xl_getopt(int argc, char **argv, const char *optstring,
              const struct option *longopts, const char *cmdname,
              int reqargs, int *status_r)
{
    static const struct option help_only[] = { XL_COMMON_LONG_OPTS };
    int opt;

    if (!longopts)
        longopts = help_only;
    opterr = 0; /* we print xl's messages, not getopt's */
    opt = getopt_long(argc, argv, optstring, longopts, NULL);
    if (opt == '?' && optopt != 'h') {
        if (optopt)
            fprintf(stderr, "option `%c' not supported.\n", optopt);
        else
            /* An unknown long option: xl prints a NUL byte here; we name it. */
            fprintf(stderr, "option `%s' not supported.\n", argv[optind - 1]);
        *status_r = 2;
        return XL_OPT_EXIT;
    }
    if (opt == 'h' || opt == '?') {
        xl_print_help(stdout, cmdname);
        *status_r = 0;
        return XL_OPT_EXIT;
    }
    if (opt != -1)
        return opt;
    if (argc - optind < reqargs) {
        fprintf(stderr, "'xl %s' requires at least %d argument%s.\n\n",
                cmdname, reqargs, reqargs > 1 ? "s" : "");
        xl_print_help(stdout, cmdname);
        *status_r = 2;
        return XL_OPT_EXIT;
    }
    return XL_OPT_END;
}

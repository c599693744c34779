/* cmd_console.c: `xl console [-t pv|serial|vuart] [-n NUM] DOMAIN`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"

int cmd_console(xk_ctx *ctx, const struct xl_globals *g, int argc,
                char **argv)
{
    int opt;
    unsigned type = XK_CONSOLE_PRIMARY;
    int num = 0;
    (void)g;

    XL_FOREACH_OPT(opt, "n:t:", NULL, "console", 1) {
    case 't':
        if (strcmp(optarg, "pv") == 0)
            type = XK_CONSOLE_PV;
        else if (strcmp(optarg, "serial") == 0)
            type = XK_CONSOLE_SERIAL;
        else if (strcmp(optarg, "vuart") == 0)
            type = XK_CONSOLE_VUART;
        else {
            fprintf(stderr, "console type supported are: pv, serial, "
                    "vuart\n");
            return EXIT_FAILURE;
        }
        break;
    case 'n':
        num = atoi(optarg);   /* xl's parsing: junk reads as 0 */
        if (num < 0) {
            fprintf(stderr, "Unable to attach console\n");
            return EXIT_FAILURE;
        }
        break;
    default:
        break;
    }

    uint32_t domid;
    if (xl_find_domain(ctx, argv[optind], &domid))
        return EXIT_FAILURE;
    return xl_console_attach(ctx, domid, type, (unsigned)num, -1);
}

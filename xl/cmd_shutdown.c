/*
 * cmd_shutdown.c: `xl shutdown` and `xl reboot`: ask guests to stop through
 * the PV control protocol (or press a virtual ACPI button with -F) and with
 * -w wait for them, with xl's messages and exit statuses.
 */
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"

/* libxl's codes, which xl prints in "shutdown failed (rc=N)". */
#define LIBXL_ERROR_FAIL       (-3)
#define LIBXL_ERROR_TIMEDOUT   (-9)
#define LIBXL_ERROR_NOPARAVIRT (-10)

struct stop_how {
    int reboot;     /* reboot rather than power off */
    int fallback;   /* -F: press the ACPI button if there is no PV control */
};

static int libxl_rc(int rc)
{
    switch (rc) {
    case XK_EUNSUPPORTED: return LIBXL_ERROR_NOPARAVIRT;
    case XK_ETIMEDOUT:    return LIBXL_ERROR_TIMEDOUT;
    default:              return LIBXL_ERROR_FAIL;
    }
}

/* Asks one domain to stop; prints xl's messages. 0 or -1. */
static int stop_domain(xk_ctx *ctx, uint32_t domid, const struct stop_how *h)
{
    fprintf(stderr, "%s domain %u\n",
            h->reboot ? "Rebooting" : "Shutting down", domid);
    int rc = xk_domain_shutdown(ctx, domid, h->reboot ? XK_SHUTDOWN_REBOOT
                                : XK_SHUTDOWN_POWEROFF, 0);
    if (rc == XK_EUNSUPPORTED) {
        const char *button = h->reboot ? "reset" : "power";
        if (h->fallback) {
            fprintf(stderr, "PV control interface not available: sending "
                    "ACPI %s button event.\n", button);
            rc = xk_domain_trigger(ctx, domid, h->reboot ? XK_TRIGGER_RESET
                                   : XK_TRIGGER_POWER, 0);
        } else {
            fprintf(stderr, "PV control interface not available: external "
                    "graceful %s not possible.\n",
                    h->reboot ? "reboot" : "shutdown");
            fprintf(stderr, "Use \"-F\" to fallback to ACPI %s event.\n",
                    button);
            fprintf(stderr, "%s failed (rc=%d)\n",
                    h->reboot ? "reboot" : "shutdown", libxl_rc(rc));
            return -1;
        }
    }
    if (rc) {
        xl_print_lib_error(ctx);
        fprintf(stderr, "%s failed (rc=%d)\n",
                h->reboot ? "reboot" : "shutdown", libxl_rc(rc));
        return -1;
    }
    return 0;
}

/*
 * -w once waits for each domain to shut down or go; given twice, only for it
 * to go (xl's reading of the option). Domains are waited for in turn: every
 * one must finish anyway, only the order of the lines can differ from xl.
 */
static int wait_domains(xk_ctx *ctx, const uint32_t *domids, size_t n,
                        int waits)
{
    fprintf(stderr, "Waiting for %zu domains\n", n);
    for (size_t i = 0; i < n; i++) {
        unsigned seen, reason;
        int rc = xk_domain_wait(ctx, domids[i], XK_WAIT_SHUTDOWN, -1,
                                &seen, &reason);
        while (rc == 0 && seen == XK_WAIT_SHUTDOWN) {
            fprintf(stderr, "Domain %u has been shut down, reason code %u\n",
                    domids[i], reason);
            if (waits == 1)
                break;
            fprintf(stderr, "Domain %u continue waiting for death\n",
                    domids[i]);
            rc = xk_domain_wait(ctx, domids[i], XK_WAIT_GONE, -1, &seen,
                                &reason);
        }
        if (rc) {
            xl_print_lib_error(ctx);
            fprintf(stderr, "Failed to get event, quitting (rc=%d)\n",
                    libxl_rc(rc));
            return EXIT_FAILURE;
        }
        if (seen == XK_WAIT_GONE)
            fprintf(stderr, "Domain %u has been destroyed\n", domids[i]);
    }
    return EXIT_SUCCESS;
}

/* -a: every domain but dom0, in id order. */
static int stop_all(xk_ctx *ctx, const struct stop_how *h, int waits)
{
    xk_dominfo *list;
    size_t n;
    if (xk_domain_list_states(ctx, &list, &n)) {
        xl_print_lib_error(ctx);
        fprintf(stderr, "libxl_list_domain failed.\n");
        return EXIT_FAILURE;
    }
    uint32_t *ids = malloc((n ? n : 1) * sizeof(*ids));
    if (!ids) {
        free(list);
        fprintf(stderr, "out of memory\n");
        return EXIT_FAILURE;
    }
    size_t nids = 0;
    int status = EXIT_SUCCESS;
    for (size_t i = 0; i < n; i++) {
        if (list[i].domid == 0)
            continue;
        if (stop_domain(ctx, list[i].domid, h)) {
            status = EXIT_FAILURE;
            goto out;
        }
        ids[nids++] = list[i].domid;
    }
    if (waits)
        status = wait_domains(ctx, ids, nids, waits);
out:
    free(ids);
    free(list);
    return status;
}

static int shutdown_or_reboot(xk_ctx *ctx, int reboot, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "all", no_argument, NULL, 'a' },
        { "wait", no_argument, NULL, 'w' },
        XL_COMMON_LONG_OPTS
    };
    struct stop_how h = { .reboot = reboot };
    int opt, all = 0, waits = 0;

    XL_FOREACH_OPT(opt, "awF", longopts, reboot ? "reboot" : "shutdown", 0) {
    case 'a': all = 1; break;
    case 'w': waits++; break;
    case 'F': h.fallback = 1; break;
    default: break;
    }
    if (!argv[optind] && !all) {
        fprintf(stderr, "You must specify -a or a domain id.\n\n");
        return EXIT_FAILURE;
    }
    if (all)
        return stop_all(ctx, &h, waits);

    uint32_t domid;
    if (xl_find_domain(ctx, argv[optind], &domid))
        return EXIT_FAILURE;
    if (stop_domain(ctx, domid, &h))
        return EXIT_FAILURE;
    return waits ? wait_domains(ctx, &domid, 1, waits) : EXIT_SUCCESS;
}

int cmd_shutdown(xk_ctx *ctx, const struct xl_globals *g, int argc,
                 char **argv)
{
    (void)g;
    return shutdown_or_reboot(ctx, 0, argc, argv);
}

int cmd_reboot(xk_ctx *ctx, const struct xl_globals *g, int argc, char **argv)
{
    (void)g;
    return shutdown_or_reboot(ctx, 1, argc, argv);
}

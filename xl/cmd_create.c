/*
 * cmd_create.c: `xl create`: parse the config, build the domain, hand it to
 * xenkit-monitord for its on_* actions, and optionally attach its console.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"

/* What xl exits with when libxl fails to create (ERROR_FAIL). */
#define XL_CREATE_FAILED 3

struct create_opts {
    const char *config_file;
    const char **overrides;
    size_t noverrides;
    int paused, console, quiet, debug, dry_run;
    int daemonize, monitor, vnc;
};

/* The config's text and overrides, as the monitor re-creates it from on
 * restart: the file, then after an XK_LIFECYCLE_OVERRIDES line each
 * KEY=VALUE on its own line, ending with pin (the "vif=[...]" that keeps
 * the generated MACs; may be NULL). NULL if the file cannot be read now
 * (the monitor then has none). */
static char *config_text(const struct create_opts *o, const char *pin,
                         size_t *len_r)
{
    FILE *f = fopen(o->config_file, "re");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m) {
        fclose(f);
        return NULL;
    }
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        fwrite(chunk, 1, n, m);
    fclose(f);
    /* Always, so that a file holding the marker line itself is not cut
     * short: the last one is ours. */
    fputs("\n" XK_LIFECYCLE_OVERRIDES "\n", m);
    for (size_t i = 0; i < o->noverrides; i++)
        fprintf(m, "%s\n", o->overrides[i]);
    if (pin)
        fprintf(m, "%s\n", pin);
    if (fclose(m) != 0) {
        free(buf);
        return NULL;
    }
    *len_r = len;
    return buf;
}

/* Builds the domain with the signals that would kill us held back, so a
 * Ctrl-C lands between steps we can undo rather than in the middle. */
static int create_guarded(xk_ctx *ctx, const xk_domain_config *cfg,
                          unsigned flags, const xk_lifecycle *lc,
                          uint32_t *domid_r, int *signo_r)
{
    sigset_t block, old, pending;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigaddset(&block, SIGQUIT);
    sigprocmask(SIG_BLOCK, &block, &old);
    int rc = xk_domain_create_supervised(ctx, cfg, flags, lc, domid_r);
    *signo_r = 0;
    sigpending(&pending);
    static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
    for (size_t i = 0; i < sizeof(sigs) / sizeof(*sigs); i++)
        if (sigismember(&pending, sigs[i]))
            *signo_r = sigs[i];
    if (*signo_r && rc == 0) {
        /* Interrupted: the user does not want the domain. */
        xk_domain_destroy(ctx, *domid_r);
    }
    sigprocmask(SIG_SETMASK, &old, NULL);  /* a pending signal lands here */
    return rc;
}

static int do_create(xk_ctx *ctx, const struct create_opts *o)
{
    if (!o->quiet)
        fprintf(stderr, "Parsing config from %s\n", o->config_file);

    xk_domain_config *cfg = NULL;
    int rc = xk_config_parse_file(ctx, o->config_file, o->overrides,
                                  o->noverrides, &cfg);
    if (rc) {
        /* As `xl create -n`: the parser's message is complete. */
        fprintf(stderr, "%s\n", xk_ctx_last_error(ctx));
        return rc == XK_ENOENT || rc == XK_EIO ? XL_CREATE_FAILED
                                               : EXIT_FAILURE;
    }
    /* xl applies its global defaults (/etc/xen/xl.conf) to every domain;
     * xl refuses to run at all (status 1) when that file is bad. */
    rc = xk_config_apply_xl_conf(ctx, cfg, NULL);
    if (rc) {
        fprintf(stderr, "%s\n", xk_ctx_last_error(ctx));
        xk_config_free(cfg);
        return EXIT_FAILURE;
    }
    for (size_t i = 0; i < xk_config_warning_count(cfg); i++)
        fprintf(stderr, "%s\n", xk_config_warning(cfg, i));
    /* MACs are made up now rather than by the create, so that the
     * monitor's copy of the config keeps them: a restarted domain has the
     * NICs it had, as under xl. */
    char *pin = NULL;
    if (xk_config_generate_macs(ctx, cfg, o->monitor ? &pin : NULL)) {
        xl_print_lib_error(ctx);
        xk_config_free(cfg);
        return XL_CREATE_FAILED;
    }
    if (o->debug) {
        char *json = NULL;
        if (xk_config_to_json(ctx, cfg, &json) == 0) {
            fputs(json, stderr);
            free(json);
        }
    }

    /* With -c the console must be open before the guest runs, or its
     * first lines are lost: create paused, attach, then unpause. */
    unsigned flags = (o->paused || o->console) ? XK_CREATE_PAUSED : 0;
    uint32_t domid = 0;
    int signo = 0;
    /* The record xenkit-monitord acts on is written with the domain. */
    xk_lifecycle lc;
    size_t text_len = 0;
    char *text = o->monitor ? config_text(o, pin, &text_len) : NULL;
    xk_lifecycle_from_config(&lc, cfg, text, text_len);
    rc = create_guarded(ctx, cfg, flags, o->monitor ? &lc : NULL, &domid,
                        &signo);
    free(text);
    if (rc || signo) {
        if (rc)
            xl_print_lib_error(ctx);
        else
            fprintf(stderr, "xl: interrupted: domain destroyed\n");
        xk_config_free(cfg);
        free(pin);
        return XL_CREATE_FAILED;
    }

    int status = EXIT_SUCCESS;
    pid_t console = -1;
    if (o->console) {
        console = xl_console_spawn(domid);
        if (console < 0)
            fprintf(stderr, "xl: could not attach to the console of domain "
                    "%u; the domain is kept\n", domid);
    }
    if (o->monitor && xl_ensure_monitord() != 0)
        fprintf(stderr, "xl: domain %u is running without a monitor: its "
                "on_poweroff/on_reboot/on_crash actions will not be "
                "carried out\n", domid);
    if (o->vnc)
        fprintf(stderr, "xl: domain %u has no VNC display (PV guest "
                "without vfb)\n", domid);
    if (o->console && !o->paused && xk_domain_unpause(ctx, domid)) {
        xl_print_lib_error(ctx);
        status = XL_CREATE_FAILED;
    }
    if (console > 0)
        status = xl_console_wait(console);
    else if (!o->daemonize && o->monitor) {
        /* -F: stay until the domain is gone (the monitor acts on it). */
        unsigned seen = 0;
        if (xk_domain_wait(ctx, domid, XK_WAIT_GONE, -1, &seen, NULL)) {
            xl_print_lib_error(ctx);
            status = EXIT_FAILURE;
        }
    }
    xk_config_free(cfg);
    free(pin);
    return status;
}

int cmd_create(xk_ctx *ctx, const struct xl_globals *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "defconfig", required_argument, NULL, 'f' },
        { "dryrun", no_argument, NULL, 'n' },
        { "ignore-global-affinity-masks", no_argument, NULL, 'i' },
        { "quiet", no_argument, NULL, 'q' },
        { "vncviewer", no_argument, NULL, 'V' },
        { "vncviewer-autopass", no_argument, NULL, 'A' },
        XL_COMMON_LONG_OPTS
    };
    struct create_opts o = { .daemonize = 1, .monitor = 1,
                             .dry_run = g->dry_run };

    /* xl takes a first operand that is neither an option nor KEY=VALUE as
     * the config file before reading options. */
    if (argc > 1 && argv[1][0] != '-' && !strchr(argv[1], '=')) {
        o.config_file = argv[1];
        argv[1] = argv[0];
        argc--;
        argv++;
    }

    int opt;
    XL_FOREACH_OPT(opt, "AFVcdef:inpq", longopts, "create", 0) {
    case 'A': o.vnc = 1; break;
    case 'F': o.daemonize = 0; break;
    case 'V': o.vnc = 1; break;
    case 'c': o.console = 1; break;
    case 'd': o.debug = 1; break;
    case 'e': o.daemonize = 0; o.monitor = 0; break;
    case 'f': o.config_file = optarg; break;
    case 'i': break;           /* xenkit applies no global affinity masks */
    case 'n': o.dry_run = 1; break;
    case 'p': o.paused = 1; break;
    case 'q': o.quiet = 1; break;
    default: break;
    }

    const char **ov = calloc((size_t)argc + 1, sizeof(*ov));
    if (!ov) {
        perror("xl");
        return EXIT_FAILURE;
    }
    for (; optind < argc; optind++) {
        if (strchr(argv[optind], '='))
            ov[o.noverrides++] = argv[optind];
        else if (!o.config_file)
            o.config_file = argv[optind];
        else {
            xl_print_help(stderr, "create");
            free(ov);
            return 2;
        }
    }
    o.overrides = ov;
    int status;
    if (!o.config_file) {
        /* xl's words and status (ERROR_INVAL) */
        fprintf(stderr, "Config file not specified and none in save file\n");
        status = 6;
    } else if (o.dry_run) {
        status = xl_create_dry_run(ctx, o.config_file, o.overrides,
                                   o.noverrides, o.quiet);
    } else {
        status = do_create(ctx, &o);
    }
    free(ov);
    return status;
}

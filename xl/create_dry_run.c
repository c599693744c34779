/*
 * create_dry_run.c: `xl create -n`: the configuration as libxl's JSON, as
 * Debian's xl prints it, but without needing Xen (or root) to do it.
 */
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"

/* xl exits with ERROR_FAIL's magnitude when it cannot read the file. */
#define XL_EXIT_UNREADABLE 3

int xl_create_dry_run(xk_ctx *ctx, const char *cfgfile,
                      const char *const *overrides, size_t noverrides,
                      int quiet)
{
    xk_domain_config *cfg = NULL;

    int rc = xk_config_parse_file(ctx, cfgfile, overrides, noverrides, &cfg);
    int unreadable = rc == XK_ENOENT || rc == XK_EIO;
    /* xl says this once it has read the file, before what it finds */
    if (!quiet && !unreadable)
        fprintf(stderr, "Parsing config from %s\n", cfgfile);
    if (rc) {
        fprintf(stderr, "%s\n", xk_ctx_last_error(ctx));
        return unreadable ? XL_EXIT_UNREADABLE : EXIT_FAILURE;
    }
    /* xl applies its global defaults (/etc/xen/xl.conf) to every domain */
    rc = xk_config_apply_xl_conf(ctx, cfg, NULL);
    if (rc) {
        fprintf(stderr, "%s\n", xk_ctx_last_error(ctx));
        xk_config_free(cfg);
        return EXIT_FAILURE;
    }
    for (size_t i = 0; i < xk_config_warning_count(cfg); i++)
        fprintf(stderr, "%s\n", xk_config_warning(cfg, i));

    char *json = NULL;
    rc = xk_config_to_json(ctx, cfg, &json);
    xk_config_free(cfg);
    if (rc) {
        fprintf(stderr, "Failed to convert domain configuration to JSON: "
                "%s\n", xk_ctx_last_error(ctx));
        return EXIT_FAILURE;
    }
    fputs(json, stdout);
    free(json);
    if (fflush(stdout) != 0) {
        perror("xl: stdout");
        return EXIT_FAILURE;
    }
    return 0;
}

/*
 * spec_json.c: what `xl -N block-attach` and `xl -N network-attach` print:
 * the spec, parsed as for attaching, in libxl's JSON (the config layer's
 * printer, so it matches the disks/nics of `xl create -n`).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "config/build.h"
#include "config/json_out.h"
#include "core/context.h"

static const struct xk_cfg_loc cmdline_loc = { "command line", 1, 0 };

/* The first element of the array key that xk__json_devices() makes of c. */
static int print_first(xk_ctx *ctx, const struct xk_domain_config *c,
                       const char *key, char **json_r)
{
    json_t *root = json_object();
    if (!root || xk__json_devices(root, c) < 0) {
        json_decref(root);
        return xk__error(ctx, XK_ENOMEM, "out of memory printing JSON");
    }
    json_t *item = json_array_get(json_object_get(root, key), 0);
    char *s = item ? xk__json_print_yajl(item) : NULL;
    json_decref(root);
    if (!s)
        return xk__error(ctx, XK_ENOMEM, "out of memory printing JSON");
    *json_r = s;
    return 0;
}

int xk_disk_spec_json(xk_ctx *ctx, const char *spec, char **json_r)
{
    if (!ctx || !spec || !json_r)
        return XK_EINVAL;
    xk__clear_error(ctx);
    *json_r = NULL;
    struct xk__build b = { .ctx = ctx };
    struct xk_disk_spec d;
    int rc = xk__disk_spec_parse(&b, spec, &cmdline_loc, &d);
    if (!rc) {
        struct xk_domain_config c;
        memset(&c, 0, sizeof(c));
        c.disks = &d;
        c.num_disks = 1;
        rc = print_first(ctx, &c, "disks", json_r);
    }
    xk__disk_spec_dispose(&d);
    return rc;
}

int xk_nic_spec_json(xk_ctx *ctx, const char *spec, char **json_r)
{
    if (!ctx || !spec || !json_r)
        return XK_EINVAL;
    xk__clear_error(ctx);
    *json_r = NULL;
    struct xk__build b = { .ctx = ctx };
    struct xk_vif_spec v = { .devid = -1 };
    int rc = xk__vif_spec_parse(&b, spec, &cmdline_loc, &v);
    if (!rc) {
        struct xk_domain_config c;
        memset(&c, 0, sizeof(c));
        c.vifs = &v;
        c.num_vifs = 1;
        rc = print_first(ctx, &c, "nics", json_r);
    }
    xk__vif_spec_dispose(&v);
    return rc;
}

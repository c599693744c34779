/* cmd_block.c: `xl block-attach`, `xl block-list` and `xl block-detach`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"

/* xl's block-attach takes the spec's components as separate arguments or
 * as one: either way they are one comma-separated spec. */
static char *join_spec(int argc, char **argv)
{
    size_t len = 1;
    for (int i = 0; i < argc; i++)
        len += strlen(argv[i]) + 1;
    char *s = malloc(len);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (int i = 0; i < argc; i++) {
        if (i)
            strcat(s, ",");
        strcat(s, argv[i]);
    }
    return s;
}

int cmd_block_attach(xk_ctx *ctx, const struct xl_globals *g, int argc,
                     char **argv)
{
    int opt;
    XL_FOREACH_OPT(opt, "", NULL, "block-attach", 2) {
    default: break;
    }
    uint32_t domid;
    if (xk_domain_lookup(ctx, argv[optind], &domid) != 0) {
        fprintf(stderr, "%s is an invalid domain identifier\n", argv[optind]);
        return 1;
    }
    char *spec = join_spec(argc - optind - 1, argv + optind + 1);
    if (!spec) {
        perror("xl block-attach");
        return 1;
    }
    if (g->dry_run) {
        char *json;
        int jrc = xk_disk_spec_json(ctx, spec, &json);
        free(spec);
        if (jrc) {
            xl_print_lib_error(ctx);
            return 1;
        }
        printf("disk: %s\n", json);
        free(json);
        return 0;
    }
    int rc = xk_disk_attach(ctx, domid, spec);
    free(spec);
    if (rc) {
        xl_print_lib_error(ctx);
        fprintf(stderr, "libxl_device_disk_add failed.\n");
        return 1;
    }
    return 0;
}

int cmd_block_list(xk_ctx *ctx, const struct xl_globals *g, int argc,
                   char **argv)
{
    int opt;
    (void)g;
    XL_FOREACH_OPT(opt, "", NULL, "block-list", 1) {
    default: break;
    }
    printf("%-5s %-3s %-6s %-5s %-6s %-8s %-30s\n",
           "Vdev", "BE", "handle", "state", "evt-ch", "ring-ref", "BE-path");
    for (int i = optind; i < argc; i++) {
        uint32_t domid;
        if (xk_domain_lookup(ctx, argv[i], &domid) != 0) {
            fprintf(stderr, "%s is an invalid domain identifier\n", argv[i]);
            continue;
        }
        xk_disk_info *list;
        size_t n;
        if (xk_disk_list(ctx, domid, &list, &n) != 0)
            continue;
        for (size_t k = 0; k < n; k++)
            printf("%-5d %-3u %-6u %-5d %-6d %-8d %-30s\n", list[k].devid,
                   list[k].backend_id, list[k].frontend_id, list[k].state,
                   list[k].evtch, list[k].ring_ref, list[k].backend);
        free(list);
    }
    return 0;
}

int cmd_block_detach(xk_ctx *ctx, const struct xl_globals *g, int argc,
                     char **argv)
{
    static const struct option longopts[] = {
        { "force", no_argument, NULL, 'f' },
        XL_COMMON_LONG_OPTS
    };
    int opt;
    unsigned flags = 0;
    (void)g;
    XL_FOREACH_OPT(opt, "f", longopts, "block-detach", 2) {
    case 'f': flags |= XK_DEVICE_FORCE; break;
    default: break;
    }
    uint32_t domid;
    if (xl_find_domain(ctx, argv[optind], &domid))
        return 1;
    const char *vdev = argv[optind + 1];
    int rc = xk_disk_detach(ctx, domid, vdev, flags);
    if (rc == XK_ENOENT || rc == XK_EINVAL) {
        fprintf(stderr, "Error: Device %s not connected.\n", vdev);
        return 1;
    }
    if (rc) {
        xl_print_lib_error(ctx);
        fprintf(stderr, "libxl_device_disk_%s failed.\n",
                flags & XK_DEVICE_FORCE ? "destroy" : "safe_remove");
        return 1;
    }
    return 0;
}

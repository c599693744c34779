/* cmd_network.c: `xl network-attach`, `xl network-list`, `xl network-detach`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"

int cmd_network_attach(xk_ctx *ctx, const struct xl_globals *g, int argc,
                       char **argv)
{
    int opt;
    XL_FOREACH_OPT(opt, "", NULL, "network-attach", 1) {
    default: break;
    }
    uint32_t domid;
    if (xl_find_domain(ctx, argv[optind], &domid))
        return 1;
    /* Each argument is one key=value of a vif spec. */
    size_t len = 1;
    for (int i = optind + 1; i < argc; i++)
        len += strlen(argv[i]) + 1;
    char *spec = malloc(len);
    if (!spec) {
        perror("xl network-attach");
        return 1;
    }
    spec[0] = '\0';
    for (int i = optind + 1; i < argc; i++) {
        if (i > optind + 1)
            strcat(spec, ",");
        strcat(spec, argv[i]);
    }
    if (g->dry_run) {
        char *json;
        int jrc = xk_nic_spec_json(ctx, spec, &json);
        free(spec);
        if (jrc) {
            xl_print_lib_error(ctx);
            return 1;
        }
        printf("vif: %s\n", json);
        free(json);
        return 0;
    }
    int rc = xk_nic_attach(ctx, domid, spec, NULL);
    free(spec);
    if (rc) {
        xl_print_lib_error(ctx);
        fprintf(stderr, "libxl_device_nic_add failed.\n");
        return 1;
    }
    return 0;
}

int cmd_network_list(xk_ctx *ctx, const struct xl_globals *g, int argc,
                     char **argv)
{
    int opt;
    (void)g;
    XL_FOREACH_OPT(opt, "", NULL, "network-list", 1) {
    default: break;
    }
    printf("%-3s %-2s %-17s %-6s %-5s %-6s %5s/%-5s %-30s\n",
           "Idx", "BE", "Mac Addr.", "handle", "state", "evt-ch", "tx-",
           "rx-ring-ref", "BE-path");
    for (int i = optind; i < argc; i++) {
        uint32_t domid;
        if (xl_find_domain(ctx, argv[i], &domid))
            return 1;
        xk_nic_info *list;
        size_t n;
        if (xk_nic_list(ctx, domid, &list, &n) != 0)
            continue;
        for (size_t k = 0; k < n; k++) {
            const xk_nic_info *v = &list[k];
            printf("%-3d %-2u ", v->devid, v->backend_id);
            printf("%02x:%02x:%02x:%02x:%02x:%02x", v->mac[0], v->mac[1],
                   v->mac[2], v->mac[3], v->mac[4], v->mac[5]);
            printf("%6d %5d %6d %5d/%-11d %-30s\n", v->devid, v->state,
                   v->evtch, v->tx_ring_ref, v->rx_ring_ref, v->backend);
        }
        free(list);
    }
    return 0;
}

int cmd_network_detach(xk_ctx *ctx, const struct xl_globals *g, int argc,
                       char **argv)
{
    int opt;
    (void)g;
    XL_FOREACH_OPT(opt, "", NULL, "network-detach", 2) {
    default: break;
    }
    uint32_t domid;
    if (xl_find_domain(ctx, argv[optind], &domid))
        return 1;
    const char *which = argv[optind + 1];
    int rc = xk_nic_detach(ctx, domid, which, 0);
    if (rc == XK_ENOENT || rc == XK_EINVAL) {
        fprintf(stderr, "Unknown device %s.\n", which);
        return 1;
    }
    if (rc) {
        xl_print_lib_error(ctx);
        fprintf(stderr, "libxl_device_nic_del failed.\n");
        return 1;
    }
    return 0;
}

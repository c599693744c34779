/* placement.c: where domains live: their CPU pool's name, their NUMA nodes. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <xenctrl.h>

#include "core/context.h"
#include "hv/hv.h"
#include "store/store.h"

int xk_cpupool_name(xk_ctx *ctx, uint32_t poolid, char *name, size_t size)
{
    if (!ctx || !name || !size)
        return XK_EINVAL;
    xk__clear_error(ctx);
    char path[64];
    int rc = xk__store_path(ctx, path, sizeof(path), "/local/pool/%u/name",
                            poolid);
    if (rc)
        return rc;
    rc = xk__store_read_buf(ctx, XK_STORE_NOTXN, path, name, size);
    if (rc == XK_ENOENT)
        return xk__error(ctx, XK_ENOENT, "cpupool %u has no name", poolid);
    return rc;
}

int xk_domain_node_affinity(xk_ctx *ctx, uint32_t domid, uint8_t *map,
                            size_t size)
{
    if (!ctx || !map)
        return XK_EINVAL;
    xk__clear_error(ctx);
    int rc = xk__hv_open(ctx);
    if (rc)
        return rc;
    xk__hv_clear_log(ctx);
    int xsize = xc_get_nodemap_size(ctx->xc);
    if (xsize <= 0)
        return xk__hv_fail(ctx, XK_EXEN, errno, "getting the node map size");
    xc_nodemap_t nodes = xc_nodemap_alloc(ctx->xc);
    if (!nodes)
        return xk__hv_fail(ctx, XK_ENOMEM, errno, "allocating a node map");
    if (xc_domain_node_getaffinity(ctx->xc, domid, nodes) != 0) {
        rc = xk__hv_fail(ctx, XK_EXEN, errno, "getting node affinity");
        free(nodes);
        return rc;
    }
    memset(map, 0, size);
    memcpy(map, nodes, (size_t)xsize < size ? (size_t)xsize : size);
    free(nodes);
    return 0;
}

/* start_time.c: xk_domain_start_time, for `xl uptime`. */
#include <stdlib.h>

#include "core/context.h"
#include "store/store.h"

int xk_domain_start_time(xk_ctx *ctx, uint32_t domid, uint64_t *secs_r)
{
    if (!ctx || !secs_r)
        return XK_EINVAL;
    xk__clear_error(ctx);

    char path[XK_STORE_PATH_MAX], vm[256], stamp[64];
    int rc = xk__store_path(ctx, path, sizeof(path), "/local/domain/%u/vm",
                            domid);
    if (rc)
        return rc;
    /* The toolstack wrote /local/domain/N/vm ("/vm/UUID"); a value that is
     * not such a path is refused rather than followed anywhere. */
    rc = xk__store_read_buf(ctx, XK_STORE_NOTXN, path, vm, sizeof(vm));
    if (rc == 0 && (vm[0] != '/' || vm[1] != 'v' || vm[2] != 'm' ||
                    vm[3] != '/'))
        rc = XK_ENOENT;
    if (rc == 0)
        rc = xk__store_path(ctx, path, sizeof(path), "%s/start_time", vm);
    if (rc == 0)
        rc = xk__store_read_buf(ctx, XK_STORE_NOTXN, path, stamp,
                                sizeof(stamp));
    if (rc == XK_ENOENT)
        return xk__error(ctx, XK_ENOENT,
                         "domain %u has no recorded start time", domid);
    if (rc)
        return rc;
    /* "SECONDS.HUNDREDTHS": the whole seconds are what uptime needs. */
    *secs_r = strtoull(stamp, NULL, 10);
    return 0;
}

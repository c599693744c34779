/* sharing.h: refusing to give a guest write access to a disk another
 * domain already has, as xl's block script does. */
#ifndef XK_DEVICE_SHARING_H
#define XK_DEVICE_SHARING_H

#include <stdbool.h>
#include <stdint.h>

#include "xenkit.h"

/* XK_EBUSY if target (a file or block device) backs a disk of another
 * domain and either that disk or the new one is read-write; 0 if not, or
 * if target cannot be looked at (the caller's own checks report that). */
int xk__disk_sharing_check(xk_ctx *ctx, uint32_t domid, const char *target,
                           const char *vdev, bool readwrite);

#endif

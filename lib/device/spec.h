/*
 * spec.h: turning xl's disk and vif spec strings into the device layer's
 * descriptors (struct xk__vbd, struct xk__vif).
 */
#ifndef XK_DEVICE_SPEC_H
#define XK_DEVICE_SPEC_H

#include "device/device.h"

/* Owns the strings a descriptor borrows; free with xk__spec_store_free. */
struct xk__spec_store {
    char *buf;
};

void xk__spec_store_free(struct xk__spec_store *st);

int xk__vbd_from_spec(xk_ctx *ctx, const char *spec, struct xk__vbd *d,
                      struct xk__spec_store *st);
int xk__vif_from_spec(xk_ctx *ctx, const char *spec, struct xk__vif *v,
                      struct xk__spec_store *st);

#endif

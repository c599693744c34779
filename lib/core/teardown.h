/*
 * teardown.h: closing the Xen handles a context opened lazily. Each layer that
 * opens a handle closes it here, so xk_ctx_close stays one call.
 */
#ifndef XK_CORE_TEARDOWN_H
#define XK_CORE_TEARDOWN_H

#include "xenkit.h"

void xk__teardown_handles(xk_ctx *ctx);

#endif

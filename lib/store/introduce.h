/*
 * introduce.h: xenstored's side of a new domain: introducing its store
 * ring, and where the store and console daemons live.
 */
#ifndef XK_STORE_INTRODUCE_H
#define XK_STORE_INTRODUCE_H

#include <stdint.h>

#include "store/store.h"

/* XS_INTRODUCE: xenstored maps the ring at mfn and binds port; from then
 * on the guest can talk to the store and @introduceDomain fires. */
int xk__store_introduce(xk_ctx *ctx, uint32_t domid, unsigned long mfn,
                        uint32_t port);

/* A domid stored at path (/tool/xenstored/domid, /tool/xenconsoled/domid);
 * a missing node means dom0. */
int xk__store_read_domid(xk_ctx *ctx, const char *path, uint32_t *domid_r);

#endif

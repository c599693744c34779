/*
 * control.h: internals shared by the control, wait and lifecycle code: one
 * domain's hypervisor record, and the guest's PV control node.
 */
#ifndef XK_DOMAIN_CONTROL_H
#define XK_DOMAIN_CONTROL_H

#include <stdint.h>

#include <xenctrl.h>

#include "xenkit.h"

/* How long a guest gets to acknowledge a control request (as libxl). */
#define XK_PVCONTROL_ACK_MS (60 * 1000)

/*
 * The hypervisor's record of domid. XK_ENOENT (with a message) if there is
 * no such domain.
 */
int xk__domain_xcinfo(xk_ctx *ctx, uint32_t domid, xc_domaininfo_t *info);

/*
 * Whether the guest can be asked to shut down through xenstore: always for
 * PV and PVH guests, for HVM guests only once their PV drivers have set up
 * the event callback. 1 or 0, or a negative XK_E* code.
 */
int xk__pvcontrol_available(xk_ctx *ctx, uint32_t domid,
                            const xc_domaininfo_t *info);

#endif

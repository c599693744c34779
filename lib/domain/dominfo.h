/*
 * dominfo.h: reading domains from the hypervisor and their names from
 * xenstore, shared by xk_domain_list/info and the name lookup.
 */
#ifndef XK_DOMAIN_DOMINFO_H
#define XK_DOMAIN_DOMINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <xenctrl.h>

#include "xenkit.h"

/* Converts the hypervisor's record of a domain; the name is left "". */
void xk__dominfo_from_xc(const xc_domaininfo_t *xc, xk_dominfo *out);

/* The list of the n domains of all (the hypervisor's records), with
 * their names when names is true. */
int xk__domain_list_of(xk_ctx *ctx, const xc_domaininfo_t *all, size_t n,
                       bool names, xk_dominfo **list_r);

/*
 * Reads /local/domain/DOMID/name into name (size bytes, truncated).
 * A domain without one gives "" and 0; xenstore failures are errors.
 */
int xk__domain_name(xk_ctx *ctx, uint32_t domid, char *name, size_t size);

#endif

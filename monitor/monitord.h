/*
 * monitord.h: xenkit-monitord, the daemon that carries out the on_* actions
 * of the domains xenkit's xl created (their lifecycle records in xenstore).
 */
#ifndef XK_MONITORD_H
#define XK_MONITORD_H

#include <stdint.h>

#include "xenkit.h"

/* Held for the daemon's whole life; xl checks it (XL_MONITORD_LOCK). */
#define MONITORD_LOCK "/run/xenkit/monitord.lock"
#define MONITORD_RUNDIR "/run/xenkit"
#define MONITORD_LOG "/var/log/xen/xenkit-monitord.log"
/* Where coredump-* actions write, as xl (XEN_DUMP_DIR). */
#define MONITORD_DUMP_DIR "/var/lib/xen/dump"

/* A timestamped line on the daemon's log (stderr). */
void mlog(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Carries out the action for a domain that has shut down, if it has a
 * lifecycle record; name is its current name. Returns 0 (also when the
 * domain is not ours), -1 on failure (logged).
 */
int monitord_handle(xk_ctx *ctx, uint32_t domid, const char *name,
                    unsigned reason);

/* Runs `xl ARGS...` (the xl from $XENKIT_XL, else ours) and waits for it;
 * its output goes to our log. Returns its exit status, or -1. */
int monitord_run_xl(const char *const *args);

#endif

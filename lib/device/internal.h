/*
 * internal.h: what the files of lib/device share among themselves and with
 * nobody else: paths, the loop and netlink helpers, scripts and waits.
 */
#ifndef XK_DEVICE_INTERNAL_H
#define XK_DEVICE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "device/device.h"
#include "store/store.h"

/* ---- Paths (paths.c) ---- */

/* The three places a device lives in xenstore. */
struct xk__devpaths {
    char frontend[96];  /* /local/domain/D/device/KIND/N: guest-writable */
    char backend[112];  /* /local/domain/B/backend/BKIND/D/N: dom0's */
    char record[80];    /* /libxl/D/device/KIND/N: the toolstack's record */
};

/* kind is the frontend kind ("vbd", "vif"), bkind the backend's ("vbd",
 * "qdisk", "vif"). */
void xk__devpaths(struct xk__devpaths *p, uint32_t domid, uint32_t backend,
                  const char *kind, const char *bkind, int devid);

/*
 * Reads the record's "backend" node and checks that it names a backend
 * path of this very device: /local/domain/B/backend/BKIND/DOMID/DEVID with
 * BKIND one we know. Fills p (all three paths) and *backend_r.
 */
int xk__devpaths_from_record(xk_ctx *ctx, uint32_t domid, const char *kind,
                             int devid, struct xk__devpaths *p,
                             uint32_t *backend_r);

/* Records why a backend gave up on a device (its error node) as XK_EIO;
 * what is "disk" or "vif", name the vdev or index. */
int xk__backend_failed(xk_ctx *ctx, const struct xk__devpaths *p,
                       const char *what, const char *name);

/* Reads a small node into buf; "" if missing. */
void xk__read_opt(xk_ctx *ctx, const char *dir, const char *name,
                  char *buf, size_t size);

/* Reads a node that should hold a small decimal number; -1 if missing or
 * not one (guest-written values go through here). */
long xk__read_num(xk_ctx *ctx, const char *dir, const char *name);

/* ---- Writing a device's nodes (nodes.c) ---- */

/* A NULL-terminated list of name, value pairs. */
struct xk__kv {
    const char *name;
    const char *value;
};

/*
 * Writes a new device in one transaction: the record, the backend directory
 * (dom0's, readable by the guest) and the frontend directory (the guest's,
 * readable by the backend domain), each with its entries. XK_EEXIST if the
 * record already exists.
 */
int xk__device_write_nodes(xk_ctx *ctx, uint32_t domid, uint32_t backend,
                           const struct xk__devpaths *p,
                           const struct xk__kv *back,
                           const struct xk__kv *front,
                           const struct xk__kv *record_extra);

/* Removes the three directories (and empty parents of the backend's). */
int xk__device_remove_nodes(xk_ctx *ctx, const struct xk__devpaths *p);

/* ---- Waiting (wait.c) ---- */

/* Returns 1 when the wait is over, 0 to keep waiting, <0 on an error. */
typedef int (*xk__wait_fn)(xk_ctx *ctx, void *arg);

/*
 * Calls fn until it returns non-zero, waking on xenstore events under
 * watch_path (NULL: none) and at least every poll_ms. XK_ETIMEDOUT (no
 * message) after timeout_ms.
 */
int xk__wait(xk_ctx *ctx, const char *watch_path, int timeout_ms, int poll_ms,
             xk__wait_fn fn, void *arg);

/* 1 if the kernel's xen-backend device (e.g. "vbd-3-51712") exists. */
int xk__backend_sysfs_exists(const char *bkind, uint32_t domid, int devid,
                             const char *attr);

/* ---- Loop devices (loop.c) ---- */

struct xk__loop {
    int fd;             /* kept open until blkback holds the device */
    int number;
    char path[32];
    unsigned major, minor;
    uint64_t backing_dev, backing_ino;
};

int xk__loop_attach(xk_ctx *ctx, const char *file, bool readonly,
                    struct xk__loop *lo);
void xk__loop_release(struct xk__loop *lo);
/* If path is still bound to that file, unbind it (deferred while in use).
 * 1 if it was, 0 if not, -errno on failure. */
int xk__loop_detach_if_ours(const char *path, uint64_t dev, uint64_t ino);
int xk__loop_bound_to(const char *path, uint64_t dev, uint64_t ino);

/* ---- Network interfaces (netif.c) ---- */

int xk__netif_exists(const char *name);
int xk__netif_wait(xk_ctx *ctx, const char *name, bool present,
                   int timeout_ms);
int xk__netif_bridge_check(xk_ctx *ctx, const char *bridge);
/* Renames ifname to newname (if given), sets MAC fe:ff:ff:ff:ff:ff and the
 * MTU (the bridge's when mtu is 0), enslaves it to bridge, sets it up. */
int xk__netif_join_bridge(xk_ctx *ctx, const char *ifname,
                          const char *newname, const char *bridge,
                          unsigned mtu);
/* Takes it down and out of its bridge; 0 or -errno. */
int xk__netif_unplug(const char *ifname);

/* ---- Hotplug scripts (hotplug.c) ---- */

/*
 * Runs a hotplug script as xl does: args SCRIPT ACTION [type_if=vif],
 * environment XENBUS_TYPE, XENBUS_PATH, XENBUS_BASE_PATH, script, and for
 * vifs vif and netdev; stdin /dev/null, stdout to our stderr; killed after
 * XK__DEVICE_SCRIPT_TIMEOUT_MS. A failure reports the backend's
 * hotplug-error node.
 */
int xk__hotplug_run(xk_ctx *ctx, const char *script, const char *action,
                    const char *bkind, uint32_t domid, int devid,
                    const char *backend_path);

/* The absolute path of a script= value. */
int xk__hotplug_path(xk_ctx *ctx, const char *script, char *buf, size_t size);

#endif

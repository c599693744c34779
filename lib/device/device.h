/*
 * device.h: the device layer's internal interface: virtual disks (vbd) and
 * NICs (vif) of PV guests, their xenstore nodes, the dom0 resources behind
 * them (loop devices, bridge ports) and their teardown. lib/domain calls
 * xk__device_add_disk / xk__device_add_nic while creating a domain and
 * xk__device_remove_all when it goes away.
 */
#ifndef XK_DEVICE_DEVICE_H
#define XK_DEVICE_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xenkit.h"

/* ---- What to attach, in the device layer's own terms ---- */

enum xk__disk_format {
    XK__DISK_RAW = 0, XK__DISK_QCOW, XK__DISK_QCOW2, XK__DISK_VHD,
    XK__DISK_QED, XK__DISK_EMPTY,
};

enum xk__disk_backend {
    XK__BACKEND_AUTO = 0,  /* pick: phy for raw images and block devices */
    XK__BACKEND_PHY,       /* the kernel's blkback */
    XK__BACKEND_QDISK,     /* QEMU's qdisk */
    XK__BACKEND_TAP,       /* blktap: not on Linux dom0s any more */
};

/* One virtual disk. Strings are borrowed from the caller. */
struct xk__vbd {
    const char *target;    /* file or block device; NULL or "" when empty */
    const char *vdev;      /* xvda, hdc, sdb1, d0p1 or a number */
    const char *script;    /* hotplug script, or NULL for native set-up */
    enum xk__disk_format format;
    enum xk__disk_backend backend;
    uint32_t backend_domid;
    bool readwrite;
    bool cdrom;
    bool direct_io_safe;
    bool untrusted;        /* tell the frontend not to trust the backend */
    int discard;           /* -1 default (on when read-write), 0, 1 */
};

/* One virtual NIC. Strings are borrowed from the caller. */
struct xk__vif {
    int devid;             /* -1: the next free index */
    bool has_mac;
    uint8_t mac[6];        /* generated when !has_mac, and written back */
    const char *bridge;    /* NULL: "xenbr0" */
    const char *ip;        /* written for scripts and tools; not enforced */
    const char *vifname;   /* rename vifD.N to this */
    const char *script;    /* hotplug script, or NULL for native set-up */
    const char *gatewaydev;
    uint64_t rate_bytes_per_interval; /* 0: unlimited */
    uint32_t rate_interval_usecs;
    unsigned mtu;          /* 0: 1500 */
    uint32_t backend_domid;
    bool untrusted;        /* tell the frontend not to trust the backend */
};

/* ---- Adding and removing, for create, destroy and hot-plug ---- */

/*
 * Adds a disk to domain domid: writes backend and frontend nodes, sets up
 * the backend (a loop device for an image file, or the script), and waits
 * until the kernel backend holds the device. On failure nothing of it is
 * left behind.
 */
int xk__device_add_vbd(xk_ctx *ctx, uint32_t domid, const struct xk__vbd *d);

/*
 * Adds a NIC: the frontend and backend nodes, then the vif interface into
 * its bridge and up (or the script). Fills v->mac if it had none and
 * v->devid if it was -1, so the caller can keep them for the domain's life.
 */
int xk__device_add_vif(xk_ctx *ctx, uint32_t domid, struct xk__vif *v);

/*
 * The same for domain creation, from the parsed config's specs
 * (lib/config/domain_config.h). xk__device_add_nic fills s->mac (and sets
 * s->mac_set) when the config gave none, and s->devid when it was -1:
 * keep them in the saved config so a reboot brings the same MAC back.
 */
struct xk_disk_spec;
struct xk_vif_spec;
int xk__device_add_disk(xk_ctx *ctx, uint32_t domid,
                        const struct xk_disk_spec *s);
int xk__device_add_nic(xk_ctx *ctx, uint32_t domid, struct xk_vif_spec *s);

/* How hard a removal pushes. */
enum xk__remove_mode {
    XK__REMOVE_SAFE,   /* ask the guest; fail if it does not let go */
    XK__REMOVE_AUTO,   /* ask the guest, then force after the timeout */
    XK__REMOVE_FORCE,  /* do not ask: the guest is going away */
};

/* Removes one device; kind is "vbd" or "vif". */
int xk__device_remove(xk_ctx *ctx, uint32_t domid, const char *kind,
                      int devid, enum xk__remove_mode mode);

/*
 * Removes every device of a domain (for destroy, shutdown and failed
 * creates): forced, in parallel, bounded in time, and driven only by the
 * toolstack's own records and the dom0-owned backend area, never by the
 * guest-writable frontend area. Returns the first error but always tries
 * everything.
 */
int xk__device_remove_all(xk_ctx *ctx, uint32_t domid);

/* ---- Pieces, exposed for unit tests and for each other ---- */

/* vdev.c: a vdev name to its device number, or -1 if invalid. disk_r and
 * part_r (either may be NULL) get the disk index and partition. */
int xk__vdev_to_devid(const char *vdev, int *disk_r, int *part_r);
/* The xvd name of a device number ("xvdb", "xvda1"); -1 if it cannot. */
int xk__devid_to_vdev(int devid, char *buf, size_t size);

/* mac.c */
#define XK__MAC_STRLEN 18
int xk__mac_parse(const char *s, uint8_t mac[6]);
void xk__mac_format(const uint8_t mac[6], char buf[XK__MAC_STRLEN]);
void xk__mac_from_random(uint8_t mac[6], const uint8_t rnd[3]);
int xk__mac_generate(xk_ctx *ctx, uint8_t mac[6]);

/* Timeouts, as xl's: waiting for a backend, a removal, a script. */
#define XK__DEVICE_INIT_TIMEOUT_MS    10000
#define XK__DEVICE_REMOVE_TIMEOUT_MS  10000
#define XK__DEVICE_SCRIPT_TIMEOUT_MS  40000

/* Where xl's hotplug scripts live and where a relative script= points. */
#define XK__XEN_SCRIPT_DIR "/etc/xen/scripts"

#endif

/*
 * domain_config.h: the typed domain configuration that the xl.cfg parser
 * builds and that domain creation consumes (struct xk_domain_config).
 *
 * Values follow xl's parse_config_data(): fields xl leaves unset keep
 * libxl's "default" sentinels (so the JSON prints like xl's), and the
 * *_kb / vcpus "effective" fields beside them carry the value creation
 * should use once libxl's defaults are applied. Every option that was set
 * keeps where it was set, for messages like "FILE:LINE:COL: kernel: ...".
 *
 * Ownership: all strings and arrays belong to the config and are freed by
 * xk_config_free(). The structure is only read after parsing.
 */
#ifndef XK_CONFIG_DOMAIN_CONFIG_H
#define XK_CONFIG_DOMAIN_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xenkit.h"

/* Where something was written: file (or "command line"), 1-based line and
 * column. line == 0 means "not from the file" (a default). */
struct xk_cfg_loc {
    const char *file;   /* owned by the config */
    unsigned line, column;
};

/* A tri-state like libxl's defbool: 0 = not set (default), 1 / -1. */
typedef int8_t xk_defbool;
#define XK_DEFBOOL_DEFAULT 0
#define XK_DEFBOOL_TRUE    1
#define XK_DEFBOOL_FALSE   (-1)
/* The value of b, or dflt when it was not set. */
static inline bool xk_defbool_val(xk_defbool b, bool dflt)
{
    return b == XK_DEFBOOL_DEFAULT ? dflt : b > 0;
}

#define XK_MEMKB_DEFAULT UINT64_MAX   /* libxl's LIBXL_MEMKB_DEFAULT */

/* Domain types, numbered as libxl's (the JSON prints their names). */
enum xk_domain_type {
    XK_DOMAIN_TYPE_INVALID = -1,
    XK_DOMAIN_TYPE_HVM = 1,
    XK_DOMAIN_TYPE_PV  = 2,
    XK_DOMAIN_TYPE_PVH = 3,
};

/* A string list (bootloader_args, extra qemu args...). */
struct xk_cfg_strlist {
    char **v;
    size_t n;
};

/* A set of CPUs: one bit per CPU, bit i of bits[i / 8]. nbits == 0: all. */
struct xk_cfg_cpumap {
    uint8_t *bits;
    size_t nbits;
};

/* ---- disks: xl-disk-configuration(5) ---- */

enum xk_disk_format {      /* libxl_disk_format */
    XK_DISK_FORMAT_UNKNOWN = 0,
    XK_DISK_FORMAT_QCOW  = 1,
    XK_DISK_FORMAT_QCOW2 = 2,
    XK_DISK_FORMAT_VHD   = 3,
    XK_DISK_FORMAT_RAW   = 4,
    XK_DISK_FORMAT_EMPTY = 5,
    XK_DISK_FORMAT_QED   = 6,
};

enum xk_disk_backend {     /* libxl_disk_backend */
    XK_DISK_BACKEND_UNKNOWN = 0,
    XK_DISK_BACKEND_PHY   = 1,
    XK_DISK_BACKEND_TAP   = 2,
    XK_DISK_BACKEND_QDISK = 3,
    XK_DISK_BACKEND_STANDALONE = 4,
};

enum xk_disk_specification { /* libxl_disk_specification */
    XK_DISK_SPEC_UNKNOWN = 0,
    XK_DISK_SPEC_XEN     = 1,
    XK_DISK_SPEC_VIRTIO  = 2,
};

struct xk_disk_spec {
    struct xk_cfg_loc loc;      /* of the spec string */
    char *pdev_path;            /* target; NULL for an empty CD-ROM */
    char *vdev;                 /* "xvda", "hdc"... (required) */
    enum xk_disk_format format; /* RAW when not given (as xl) */
    enum xk_disk_backend backend;      /* backendtype=, UNKNOWN if not given */
    char *backend_domname;      /* backend= */
    char *script;
    int readwrite;              /* access: 1 = rw (default), 0 = ro */
    int is_cdrom;               /* devtype=cdrom or ":cdrom" suffix */
    int removable;
    bool direct_io_safe;
    xk_defbool discard_enable;  /* discard / no-discard */
    xk_defbool trusted;         /* trusted / untrusted */
    enum xk_disk_specification specification;
    int transport;              /* libxl_disk_transport: 0 unknown, 1 mmio */
    xk_defbool colo_enable;
    xk_defbool colo_restore_enable;
    char *colo_host;
    int colo_port;
    char *colo_export, *active_disk, *hidden_disk;
};

/* ---- NICs: xl-network-configuration(5) ---- */

enum xk_nic_type {         /* libxl_nic_type */
    XK_NIC_TYPE_UNKNOWN   = 0,
    XK_NIC_TYPE_VIF_IOEMU = 1,
    XK_NIC_TYPE_VIF       = 2,
};

struct xk_vif_spec {
    struct xk_cfg_loc loc;
    int devid;                  /* index in vif = [...] */
    uint8_t mac[6];
    bool mac_set;               /* else generated at creation (00:16:3e) */
    char *bridge;               /* NULL: the default (xenbr0) at creation */
    char *ip;
    char *ifname;               /* vifname= */
    char *script;
    char *model;
    enum xk_nic_type nictype;   /* type= */
    char *backend_domname;      /* backend= */
    char *gatewaydev;
    int mtu;                    /* 0: not given */
    uint64_t rate_bytes_per_interval; /* 0: unlimited */
    uint32_t rate_interval_usecs;
    xk_defbool trusted;
    char *accel;                /* parsed and carried (xl ignores it) */
    struct xk_cfg_strlist colo; /* colo_* KEY=VALUE pairs, carried */
};

/* ---- other devices and options ---- */

struct xk_vnc_opts {
    xk_defbool enable;          /* vnc= */
    char *listen;               /* vnclisten= */
    char *passwd;               /* vncpasswd= */
    int display;                /* vncdisplay=, 0 if not given */
    xk_defbool findunused;      /* vncunused= */
};

struct xk_sdl_opts {
    xk_defbool enable;          /* sdl= */
    xk_defbool opengl;          /* opengl= */
    char *display;              /* display= */
    char *xauthority;           /* xauthority= */
};

/* One entry of vfb = [...] (PV framebuffer). */
struct xk_vfb_spec {
    struct xk_cfg_loc loc;
    int devid;
    char *backend_domname;
    struct xk_vnc_opts vnc;
    struct xk_sdl_opts sdl;
    char *keymap;
};

/* One entry of channel = [...]. */
enum xk_channel_connection { /* libxl_channel_connection */
    XK_CHANNEL_UNKNOWN = 0,
    XK_CHANNEL_PTY     = 1,
    XK_CHANNEL_SOCKET  = 2,
};

struct xk_channel_spec {
    struct xk_cfg_loc loc;
    int devid;
    char *name;
    char *backend_domname;
    enum xk_channel_connection connection;
    char *path;                 /* for SOCKET */
};

/* An option the model carries as text because xenkit cannot act on it yet
 * (pci, vtpm, p9, usbctrl...): validated for its type, kept verbatim. */
struct xk_cfg_carried {
    char *key;
    struct xk_cfg_loc loc;
    struct xk_cfg_strlist items;  /* a string: one item; a list: each */
};

/* HVM-only options (also accepted, and carried, for the other types). */
struct xk_hvm_opts {
    char *firmware;             /* firmware_override= / firmware=PATH */
    int bios;                   /* libxl_bios_type: 0 unknown, 1 rombios,
                                   2 seabios, 3 ovmf */
    char *system_firmware;      /* bios_path_override= */
    char *smbios_firmware, *acpi_firmware;
    xk_defbool pae, acpi_s3, acpi_s4, acpi_laptop_slate, nx, hpet,
               vpt_align, viridian, altp2m, nographic, gfx_passthru,
               usb, vkb_device, xen_platform_pci;
    struct xk_cfg_strlist viridian_enable, viridian_disable;
    char *timeoffset;
    uint64_t mmio_hole_memkb;   /* XK_MEMKB_DEFAULT if not given */
    int hdtype;                 /* 1 ide (default), 2 ahci */
    int vga_kind;               /* libxl_vga_interface_type: 0 unknown,
                                   1 cirrus, 2 std, 3 none, 4 qxl */
    struct xk_vnc_opts vnc;
    struct xk_sdl_opts sdl;
    char *keymap;
    int gfx_passthru_kind;      /* 0 default, 1 igd */
    char *serial;               /* serial= as a string */
    struct xk_cfg_strlist serial_list; /* serial= as a list */
    char *boot;                 /* boot= ("cd", "dc"...) */
    int usbversion;
    char *usbdevice;            /* usbdevice= as a string */
    struct xk_cfg_strlist usbdevice_list;
    char *soundhw;
    int vendor_device;          /* 0 none, 1 xenserver */
    uint8_t ms_vm_genid[16];    /* all zero: none */
    int rdm_strategy, rdm_policy; /* rdm=; policy -1 = not given */
    uint64_t rdm_mem_boundary_memkb;
    uint64_t mca_caps;
    /* spice */
    xk_defbool spice_enable, spice_disable_ticketing, spice_agent_mouse,
               spice_vdagent, spice_clipboard_sharing;
    int spice_port, spice_tls_port, spice_usbredirection;
    char *spice_host, *spice_passwd, *spice_image_compression,
         *spice_streaming_video;
};

struct xk_domain_config {
    char *source_name;          /* file name or the caller's name */

    /* ---- c_info ---- */
    char *name;                 /* name= (required) */
    enum xk_domain_type type;   /* type= / builder=; PV if neither */
    uint8_t uuid[16];
    bool uuid_set;              /* else generated (random) at parse time */
    xk_defbool hap, oos;
    char *pool_name;            /* pool= */
    char *ssid_label;           /* init_seclabel= / seclabel= */
    char *exec_ssid_label;
    xk_defbool driver_domain;
    xk_defbool run_hotplug_scripts; /* xl.conf's default: true */
    int passthrough;            /* libxl_passthrough, 0 default */

    /* ---- memory and CPUs ---- */
    uint64_t target_memkb;      /* memory * 1024; XK_MEMKB_DEFAULT if unset */
    uint64_t max_memkb;         /* maxmem * 1024, else target_memkb */
    uint64_t memory_kb;         /* effective: target, 32 MiB if unset */
    uint64_t maxmem_kb;         /* effective: max, memory_kb if unset */
    uint64_t shadow_memkb, video_memkb; /* XK_MEMKB_DEFAULT if unset */
    unsigned vcpus_set;         /* vcpus= as given, 0 if not */
    unsigned max_vcpus_set;     /* maxvcpus=, or vcpus= (as xl), 0 if neither */
    unsigned vcpus;             /* effective online vcpus, >= 1 */
    unsigned max_vcpus;         /* effective, >= vcpus */
    struct xk_cfg_cpumap cpumap;  /* cpus= as one set for every vcpu */
    struct xk_cfg_cpumap *vcpu_hard_affinity; /* cpus=[...] per vcpu */
    size_t num_vcpu_hard_affinity;
    struct xk_cfg_cpumap *vcpu_soft_affinity; /* cpus_soft= */
    size_t num_vcpu_soft_affinity;
    char *cpus_text, *cpus_soft_text;  /* as written, for messages */
    xk_defbool numa_placement;
    xk_defbool claim_mode;
    int sched_weight, sched_cap, sched_period, sched_slice, sched_latency,
        sched_extratime;        /* -1 (libxl's default) if unset */
    uint32_t max_grant_frames, max_maptrack_frames; /* UINT32_MAX: unset */
    int max_grant_version;      /* -1: unset */
    uint32_t event_channels;    /* max_event_channels=, 0 unset */

    /* ---- boot ---- */
    char *kernel;
    char *ramdisk;
    char *cmdline;              /* cmdline=, or root= and extra= joined */
    char *root, *extra;         /* as written (NULL if not) */
    char *bootloader;
    struct xk_cfg_strlist bootloader_args;
    char *device_tree;
    xk_defbool acpi, apic, nested_hvm, localtime, disable_migrate,
               e820_host, pvshim, vpmu, dm_restrict, device_model_stubdomain,
               msr_relaxed;
    char *pvshim_path, *pvshim_cmdline, *pvshim_extra;
    int tsc_mode;               /* libxl_tsc_mode, 0 default */
    int timer_mode;             /* libxl_timer_mode, -1 unset... see JSON */
    bool timer_mode_set;
    uint32_t rtc_timeoffset;
    int altp2m;                 /* libxl_altp2m_mode */
    int vmtrace_buf_kb;
    char *blkdev_start;

    /* ---- device model (qemu): carried ---- */
    int device_model_version;   /* 0 unknown, 1 traditional, 2 qemu-xen */
    char *device_model;         /* device_model_override= */
    char *device_model_user;
    struct xk_cfg_strlist dm_extra, dm_extra_pv, dm_extra_hvm;
    uint64_t stubdomain_memkb;

    /* ---- what to do when the guest stops: XK_ACTION_* of xenkit.h ---- */
    unsigned on_poweroff;       /* default destroy */
    unsigned on_reboot;         /* default restart */
    unsigned on_watchdog;       /* default destroy */
    unsigned on_crash;          /* default destroy */
    unsigned on_soft_reset;     /* default soft-reset */

    /* ---- devices ---- */
    struct xk_disk_spec *disks;
    size_t num_disks;
    struct xk_vif_spec *vifs;
    size_t num_vifs;
    struct xk_vfb_spec *vfbs;
    size_t num_vfbs;
    struct xk_channel_spec *channels;
    size_t num_channels;

    struct xk_hvm_opts hvm;

    /* Options parsed and validated but that xenkit cannot act on yet
     * (pci, vtpm, p9, usbctrl, usbdev, vkb, vdispl, vsnd, dtdev, ioports,
     * irqs, iomem, vnuma, cpuid, ...). Creating a domain with any of
     * these must fail, naming the option and its location. */
    struct xk_cfg_carried *carried;
    size_t num_carried;

    /* ---- diagnostics ---- */
    char **warnings;            /* "FILE:LINE:COL: ..." */
    size_t num_warnings;

    /* Internal: the syntax tree's settings, for xk__config_loc(). */
    struct xk__cfg_file *file_;
};

/* Where option key was set (the last, effective setting), or NULL. */
const struct xk_cfg_loc *xk__config_loc(const struct xk_domain_config *cfg,
                                        const char *key);

/*
 * Records a configuration error about key at its location:
 * "FILE:LINE:COL: KEY: MESSAGE" (without the location when key was not
 * set), and returns code. For creation's "not supported yet" checks.
 */
int xk__config_error_at(xk_ctx *ctx, const struct xk_domain_config *cfg,
                        const char *key, int code, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Same, at an explicit location (a disk or vif spec's loc). */
int xk__config_error_loc(xk_ctx *ctx, const struct xk_cfg_loc *loc,
                         const char *key, int code, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif

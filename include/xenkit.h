/*
 * xenkit.h: the one public interface of libxenkit, a Xen toolstack library.
 *
 * Stability: everything declared here is kept source- and binary-compatible
 * within a major XENKIT_API_VERSION. New functions arrive with a
 * XENKIT_HAVE_* macro so callers can test for them at compile time.
 *
 * Conventions:
 *  - Functions return 0 on success or a negative XK_E* code. On failure the
 *    context keeps a message (xk_ctx_last_error) naming the step, and for
 *    configuration errors the file, line, column and option.
 *  - Out parameters end in _r. Memory returned through one is owned by the
 *    caller and freed with the function named beside it.
 *  - A context is not thread-safe: use one per thread.
 *  - The library never prints and never exits.
 */
#ifndef XENKIT_H
#define XENKIT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* 0xMMmmpp: major, minor, patch. */
#define XENKIT_API_VERSION 0x000100

/* ------------------------------------------------------------------ */
/* Errors                                                             */
/* ------------------------------------------------------------------ */

enum {
    XK_OK           = 0,
    XK_EINVAL       = -1,  /* bad argument from the caller */
    XK_ENOMEM       = -2,  /* out of memory */
    XK_ENOENT       = -3,  /* no such domain, file or node */
    XK_EEXIST       = -4,  /* already exists (e.g. a domain name) */
    XK_EXEN         = -5,  /* the hypervisor or a Xen library refused */
    XK_ESTORE       = -6,  /* xenstore failed */
    XK_ECONFIG      = -7,  /* the configuration is invalid */
    XK_EUNSUPPORTED = -8,  /* valid, but not supported by xenkit yet */
    XK_ETIMEDOUT    = -9,  /* gave up waiting */
    XK_EIO          = -10, /* an I/O error on a file or device */
    XK_EBUSY        = -11, /* the object is in use */
    XK_EPERM        = -12, /* not permitted (usually: not root in dom0) */
    XK_EGUEST       = -13, /* the guest did something unexpected */
};

/* A short static description of an XK_E* code; never NULL. */
const char *xk_strerror(int code);

/* ------------------------------------------------------------------ */
/* Context                                                            */
/* ------------------------------------------------------------------ */

typedef struct xk_ctx xk_ctx;

/*
 * Opens a context. It does not touch Xen: handles to the hypervisor and
 * xenstore are opened on first use, so configuration functions work on a
 * machine without Xen. flags must be 0.
 */
int xk_ctx_open(xk_ctx **ctx_r, unsigned flags);

/* Closes a context and everything it opened. NULL is allowed. */
void xk_ctx_close(xk_ctx *ctx);

/*
 * The message of the last failed call on this context, or "" if none.
 * Owned by the context; valid until the next call on it.
 */
const char *xk_ctx_last_error(const xk_ctx *ctx);

/* The XK_E* code of the last failed call, or 0. */
int xk_ctx_last_code(const xk_ctx *ctx);

/* XENKIT_API_VERSION of the library actually loaded. */
unsigned xk_api_version(void);

/* ------------------------------------------------------------------ */
/* Host                                                               */
/* ------------------------------------------------------------------ */

/* What `xl info` reports of the host: the hypervisor, its memory and CPUs. */
typedef struct xk_host_info {
    /* uname(2) of the domain running the toolstack */
    char host[65], release[65], version[65], machine[65];

    /* physical CPUs and memory, from XEN_SYSCTL_physinfo */
    uint32_t nr_cpus, max_cpu_id, nr_nodes;
    uint32_t cores_per_socket, threads_per_core;
    uint32_t cpu_khz;
    uint32_t hw_cap[8];
    unsigned cap_pv:1, cap_hvm:1, cap_hvm_directio:1, cap_hap:1,
             cap_shadow:1, cap_iommu_hap_pt_share:1, cap_vmtrace:1,
             cap_vpmu:1, cap_gnttab_v1:1, cap_gnttab_v2:1;
    uint64_t total_pages, free_pages, scrub_pages, outstanding_pages;
    uint64_t sharing_freed_pages, sharing_used_frames; /* 0 without sharing */
    uint32_t free_cpus;        /* CPUs in no cpupool */

    /* the hypervisor, from xen_version */
    uint32_t xen_major, xen_minor;
    char xen_extra[16];
    char xen_caps[1024];
    uint32_t sched_id;         /* Xen's XEN_SCHEDULER_* number */
    char scheduler[16];        /* its name ("credit2"), "" if unknown */
    uint32_t pagesize;         /* bytes */
    uint64_t virt_start;
    char changeset[64];
    char commandline[1024];
    char cc_compiler[64], cc_compile_by[16], cc_compile_domain[32],
         cc_compile_date[32];
    char build_id[257];        /* hex; "" if Xen has none */
} xk_host_info;

/* Fills *info_r. Needs the hypervisor (root in dom0). */
int xk_host_info_get(xk_ctx *ctx, xk_host_info *info_r);
#define XENKIT_HAVE_HOST_INFO 1

/* An id the hypervisor could not tell (a CPU's node, a device's node...). */
#define XK_TOPO_INVALID UINT32_MAX

/* Where each CPU sits; index = CPU number. */
typedef struct xk_cpu_topology {
    uint32_t core, socket, node;   /* XK_TOPO_INVALID if unknown (offline) */
} xk_cpu_topology;

/* The CPUs' topology; *list_r (*n_r entries) is freed with free(). */
int xk_host_cpu_topology(xk_ctx *ctx, xk_cpu_topology **list_r, size_t *n_r);

/* One NUMA node's memory; index = node number. */
typedef struct xk_numa_node {
    int valid;                 /* 0 if the hypervisor does not know its size */
    uint64_t memsize, memfree; /* bytes */
} xk_numa_node;

/*
 * The NUMA nodes and their distances: *dist_r[i * n + j] is node i's
 * distance to node j (XK_TOPO_INVALID if unknown). Both arrays are freed
 * with free().
 */
int xk_host_numa_info(xk_ctx *ctx, xk_numa_node **nodes_r, uint32_t **dist_r,
                      size_t *n_r);

/* A PCI device of the host (from /sys/bus/pci/devices) and its node. */
typedef struct xk_pci_topology {
    uint16_t seg;
    uint8_t bus, devfn;
    uint32_t node;             /* XK_TOPO_INVALID if unknown */
} xk_pci_topology;

/* The host's PCI devices in sysfs order; *list_r is freed with free(). */
int xk_host_pci_topology(xk_ctx *ctx, xk_pci_topology **list_r, size_t *n_r);

/*
 * Everything in the hypervisor's console ring (what `xl dmesg` prints), as
 * *len_r bytes at *text_r (also NUL-terminated; freed with free()). With
 * clear, the ring is emptied as it is read.
 */
int xk_host_console_read(xk_ctx *ctx, int clear, char **text_r,
                         size_t *len_r);

/*
 * The FLASK (XSM) security label of a domain's ssidref into buf, truncated
 * to size bytes. XK_EUNSUPPORTED when Xen runs without FLASK or the sid has
 * no label.
 */
int xk_security_label(xk_ctx *ctx, uint32_t ssidref, char *buf, size_t size);

/* ------------------------------------------------------------------ */
/* Configuration                                                      */
/* ------------------------------------------------------------------ */

/*
 * A domain's configuration, parsed from xl.cfg(5) text (with xl's syntax,
 * disk and vif specs, and defaults). It needs no Xen. Errors are recorded
 * on the context as "FILE:LINE:COLUMN: OPTION: found X, expected Y".
 */
typedef struct xk_domain_config xk_domain_config;

/*
 * Parses the file at path. overrides are xl's command-line "KEY=VALUE"
 * strings (xl create CFG KEY=VALUE...), applied after the file as if
 * appended to it. XK_ENOENT/XK_EIO if the file cannot be read,
 * XK_ECONFIG if it is invalid. *cfg_r is freed with xk_config_free().
 */
int xk_config_parse_file(xk_ctx *ctx, const char *path,
                         const char *const *overrides, size_t noverrides,
                         xk_domain_config **cfg_r);

/* Same, from len bytes of text; source_name names it in messages. */
int xk_config_parse_string(xk_ctx *ctx, const char *source_name,
                           const char *text, size_t len,
                           const char *const *overrides, size_t noverrides,
                           xk_domain_config **cfg_r);

/* Frees a configuration. NULL is allowed. */
void xk_config_free(xk_domain_config *cfg);

/*
 * The configuration as JSON in libxl's domain-configuration layout (what
 * `xl create -n` and `xl list -l` print): pretty-printed, 4-space indent,
 * only fields that differ from libxl's defaults. *json_r is freed with
 * free().
 */
int xk_config_to_json(xk_ctx *ctx, const xk_domain_config *cfg,
                      char **json_r);

/* Warnings found while parsing (unknown keys, deprecated forms...), each
 * a "FILE:LINE:COLUMN: ..." line without newline. Owned by cfg. */
size_t xk_config_warning_count(const xk_domain_config *cfg);
const char *xk_config_warning(const xk_domain_config *cfg, size_t i);

/* The domain's name (name=). Owned by cfg. */
const char *xk_config_name(const xk_domain_config *cfg);

/*
 * The on_* action (XK_ACTION_*, declared with the lifecycle API) for a
 * shutdown reason (XK_SHUTDOWN_*), as on_poweroff= and friends set it;
 * destroy for a reason without an on_* option (suspend).
 */
unsigned xk_config_action(const xk_domain_config *cfg, unsigned reason);

/*
 * Applies xl.conf(5), the global defaults xl reads before every command,
 * to a parsed configuration, as xl does: run_hotplug_scripts, claim_mode,
 * blkdev_start, max_grant_frames, max_maptrack_frames and
 * max_grant_version (where the config sets none), and vif.default.script,
 * .bridge, .gatewaydev, .backend for NICs that do not set theirs. path
 * NULL means /etc/xen/xl.conf; a missing file changes nothing. Warnings
 * (deprecated keys) join the config's.
 */
int xk_config_apply_xl_conf(xk_ctx *ctx, xk_domain_config *cfg,
                            const char *path);
#define XENKIT_HAVE_XL_CONF 1
#define XENKIT_HAVE_CONFIG 1

/*
 * Gives each NIC of cfg without a mac= the address xk_domain_create would
 * otherwise make up for it (random, under 00:16:3e), so that it is known
 * before the domain exists and can be kept across its restarts, as xl
 * keeps it. If override_r is not NULL, *override_r gets a command-line
 * override ("vif=[...]", the config's vif specs with mac= added where
 * there was none) that gives the same NICs these addresses when the
 * config's text is parsed again; NULL when no NIC needed an address.
 * Freed with free(). On failure cfg is unchanged.
 */
int xk_config_generate_macs(xk_ctx *ctx, xk_domain_config *cfg,
                            char **override_r);
#define XENKIT_HAVE_CONFIG_MACS 1

/* ------------------------------------------------------------------ */
/* Domains                                                            */
/* ------------------------------------------------------------------ */

/* What the hypervisor says of one domain (xk_domain_list, xk_domain_info). */
typedef struct xk_dominfo {
    uint32_t domid;
    uint8_t uuid[16];
    char name[256];          /* from xenstore; "" if it has none */
    uint64_t current_kb;     /* memory now allocated to the domain */
    uint64_t max_kb;         /* its maximum */
    uint64_t cpu_time_ns;
    uint32_t vcpus_online;
    uint32_t max_vcpu_id;
    uint32_t ssidref;
    unsigned running:1, blocked:1, paused:1, shutdown:1, crashed:1,
             dying:1, hvm:1;
    unsigned shutdown_reason; /* XK_SHUTDOWN_*, valid when shutdown */
    uint64_t outstanding_kb; /* claimed but not yet allocated */
    uint32_t cpupool;
    uint64_t shared_kb;      /* memory shared with other domains */
} xk_dominfo;

/* Why a domain shut down, as Xen's SHUTDOWN_* numbers. */
enum {
    XK_SHUTDOWN_POWEROFF = 0,
    XK_SHUTDOWN_REBOOT   = 1,
    XK_SHUTDOWN_SUSPEND  = 2,
    XK_SHUTDOWN_CRASH    = 3,
    XK_SHUTDOWN_WATCHDOG = 4,
    XK_SHUTDOWN_SOFT_RESET = 5,
};

/*
 * All domains, ordered by domid. *list_r is an array of *n_r entries, freed
 * with free().
 */
int xk_domain_list(xk_ctx *ctx, xk_dominfo **list_r, size_t *n_r);

/*
 * xk_domain_list without the names (each is ""): what the hypervisor
 * alone says, with no xenstore request, so it costs the same whatever the
 * number of domains. For callers that look at states and need few names
 * (xk_domain_info gives one).
 */
int xk_domain_list_states(xk_ctx *ctx, xk_dominfo **list_r, size_t *n_r);
#define XENKIT_HAVE_DOMAIN_LIST_STATES 1

/* One domain; XK_ENOENT if there is none with that id. */
int xk_domain_info(xk_ctx *ctx, uint32_t domid, xk_dominfo *info_r);

/*
 * Resolves a domain given as a name or a decimal id, as xl's commands accept
 * them. A string of digits is taken as an id without checking that such a
 * domain exists (as xl does: the operation on it reports that); a name must
 * be some existing domain's /local/domain/N/name, else XK_ENOENT.
 */
int xk_domain_lookup(xk_ctx *ctx, const char *name_or_id, uint32_t *domid_r);

/*
 * The name of a CPU pool (xenstore /local/pool/ID/name) into name, truncated
 * to size bytes. XK_ENOENT if the pool has none.
 */
int xk_cpupool_name(xk_ctx *ctx, uint32_t poolid, char *name, size_t size);

/*
 * The NUMA node affinity of a domain's memory as a bitmap, bit N of byte
 * N / 8 standing for node N; size bytes of map are filled (bits past the
 * host's nodes are 0).
 */
int xk_domain_node_affinity(xk_ctx *ctx, uint32_t domid, uint8_t *map,
                            size_t size);

/*
 * When the domain was created, in seconds since the Epoch, from the
 * start_time its toolstack recorded under its /vm/UUID node. XK_ENOENT if
 * none was recorded.
 */
int xk_domain_start_time(xk_ctx *ctx, uint32_t domid, uint64_t *secs_r);

/*
 * Renames a domain (xl rename): its name in xenstore, where libxl keeps it
 * (/local/domain/N/name and /vm/UUID/name), and in xenkit's lifecycle
 * record so that a restart brings it back under the new name, all in one
 * xenstore transaction with the check that no other domain has the name
 * (XK_EEXIST). The empty name is allowed and never clashes, as in xl.
 * XK_ENOENT if there is no such domain; XK_EINVAL for a name longer than
 * 255 bytes.
 */
int xk_domain_rename(xk_ctx *ctx, uint32_t domid, const char *new_name);
#define XENKIT_HAVE_DOMAIN_RENAME 1

/*
 * A domain's configuration as `xl list -l` shows it: the one its toolstack
 * (libxl or xenkit) stored at creation in libxl's userdata file, with the
 * name, UUID, online vcpus, memory, scheduler parameters and devices of
 * the running domain, as libxl's JSON of a domain config (pretty-printed,
 * ending in a newline). XK_ENOENT if there is no such domain or it has no
 * stored config (dom0 has one once xen-init-dom0 ran); XK_ECONFIG if the
 * stored one is not valid JSON. *json_r is freed with free().
 */
int xk_domain_config_json(xk_ctx *ctx, uint32_t domid, char **json_r);
#define XENKIT_HAVE_DOMAIN_CONFIG_JSON 1

/* (create, destroy and control: see the section added by the domain layer) */

/* ---- Create, destroy, pause ---- */

/* xk_domain_create flags */
#define XK_CREATE_PAUSED 1u   /* leave the new domain paused (xl create -p) */

/*
 * Creates and starts a PV domain from a parsed configuration: the domain,
 * its memory and vcpus, the kernel and ramdisk loaded by the domain
 * builder, its xenstore home (laid out as libxl does, so guests,
 * xenconsoled and Debian's xl see an ordinary domain), its console wired
 * to xenconsoled, and its disks and NICs. *domid_r gets the new id.
 *
 * On failure nothing of the domain is left, and the message names the
 * step that failed, or the option and FILE:LINE when the configuration is
 * the cause: XK_ECONFIG (invalid), XK_ENOENT (kernel/ramdisk missing),
 * XK_EEXIST (the name is taken), XK_ENOMEM (the host lacks the memory),
 * XK_EUNSUPPORTED (an option xenkit cannot act on yet), XK_EXEN.
 *
 * A create killed part-way (even by SIGKILL) leaves a record in xenstore
 * (/xenkit/creating/UUID); the next xk_domain_create or xk_domain_destroy
 * on the host, or xk_domain_reap, removes what it left.
 */
int xk_domain_create(xk_ctx *ctx, const xk_domain_config *cfg, unsigned flags,
                     uint32_t *domid_r);

/*
 * Destroys a domain at once (no guest shutdown): its devices and their
 * dom0 resources, its xenstore nodes (/local/domain/N, /vm/UUID,
 * /libxl/N, backends) and libxl's per-domain files, then the domain.
 * Works on domains created by libxl too. XK_ENOENT if there is none;
 * XK_EINVAL for domain 0.
 */
int xk_domain_destroy(xk_ctx *ctx, uint32_t domid);

/* Pauses / unpauses every vcpu of a domain. XK_ENOENT if there is none. */
int xk_domain_pause(xk_ctx *ctx, uint32_t domid);
int xk_domain_unpause(xk_ctx *ctx, uint32_t domid);

/*
 * Removes what creates killed part-way left behind (see xk_domain_create).
 * Cheap when there is nothing: one xenstore read.
 */
int xk_domain_reap(xk_ctx *ctx);
#define XENKIT_HAVE_DOMAIN_CREATE 1

/* ---- Control: asking a guest to stop, waiting for it ---- */

/* xk_domain_shutdown flags */
#define XK_SHUTDOWN_NOWAIT 1u  /* return once asked, without the guest's ack */

/*
 * Asks the guest to power off (reason XK_SHUTDOWN_POWEROFF) or reboot
 * (XK_SHUTDOWN_REBOOT) through the PV control protocol: writes "poweroff" or
 * "reboot" to control/shutdown in its xenstore home, then waits up to 60 s
 * for the guest to acknowledge by clearing the node (not for it to stop:
 * see xk_domain_wait). XK_ENOENT if there is no such domain,
 * XK_EUNSUPPORTED if it has no PV control interface (an HVM guest without
 * PV drivers: see xk_domain_trigger), XK_ETIMEDOUT if it did not answer.
 */
int xk_domain_shutdown(xk_ctx *ctx, uint32_t domid, unsigned reason,
                       unsigned flags);

/* Virtual events for xk_domain_trigger (Xen's XEN_DOMCTL_SENDTRIGGER_*). */
enum {
    XK_TRIGGER_NMI   = 0,
    XK_TRIGGER_RESET = 1,  /* the ACPI reset button */
    XK_TRIGGER_INIT  = 2,
    XK_TRIGGER_POWER = 3,  /* the ACPI power button */
    XK_TRIGGER_SLEEP = 4,
};

/* Sends a virtual event to an HVM guest's vcpu (xl trigger, xl shutdown -F). */
int xk_domain_trigger(xk_ctx *ctx, uint32_t domid, unsigned trigger,
                      uint32_t vcpu);

/* xk_domain_wait conditions, and what it reports having seen. */
#define XK_WAIT_SHUTDOWN 1u  /* the domain has shut down, or is gone */
#define XK_WAIT_GONE     2u  /* the domain is gone (destroyed, or dying) */

/*
 * Sleeps until domid satisfies what (XK_WAIT_SHUTDOWN or XK_WAIT_GONE),
 * woken by xenstore's @releaseDomain watch rather than polling. A domain
 * that does not exist counts as gone. *seen_r (may be NULL) gets
 * XK_WAIT_GONE or XK_WAIT_SHUTDOWN, and then *reason_r (may be NULL) the
 * XK_SHUTDOWN_* reason. timeout_ms < 0 waits for ever; else XK_ETIMEDOUT.
 */
int xk_domain_wait(xk_ctx *ctx, uint32_t domid, unsigned what,
                   int timeout_ms, unsigned *seen_r, unsigned *reason_r);

/*
 * A standing watch for supervisors of many domains: wakes whenever any
 * domain shuts down or goes away (@releaseDomain); re-read the domain list
 * after each wake-up. Not lost between waits. Close it with the context it
 * was opened on.
 */
typedef struct xk_domain_watch xk_domain_watch;
int xk_domain_watch_open(xk_ctx *ctx, xk_domain_watch **w_r);
/* 1 after an event, 0 after timeout_ms (< 0: a while) without one. */
int xk_domain_watch_wait(xk_ctx *ctx, xk_domain_watch *w, int timeout_ms);
void xk_domain_watch_close(xk_ctx *ctx, xk_domain_watch *w);
#define XENKIT_HAVE_DOMAIN_CONTROL 1

/*
 * The name service: domain names for xk_domain_list in other processes,
 * kept current by a xenstore watch on each domain's name and answered on
 * a Unix socket (/run/xenkit/names) after a round trip with xenstored, so
 * no change xenstored made before the question goes unseen. With 200
 * domains a list then costs xenstored 8 requests instead of 200 reads.
 * xk_domain_list asks it when more than 16 domains run, and reads the
 * names itself when fewer run or no service answers.
 * xenkit-monitord runs one. Open replaces any socket left at the path.
 * Step serves the questions that arrive within timeout_ms (< 0: waits for
 * ever); an error is worth logging, the service goes on. Not thread-safe:
 * give it a context of its own.
 */
typedef struct xk_name_service xk_name_service;
int xk_name_service_open(xk_ctx *ctx, xk_name_service **s_r);
int xk_name_service_step(xk_ctx *ctx, xk_name_service *s, int timeout_ms);
void xk_name_service_close(xk_ctx *ctx, xk_name_service *s);
#define XENKIT_HAVE_NAME_SERVICE 1

/* ---- Consoles ---- */

/* Console types, as `xl console -t` names them. */
enum {
    XK_CONSOLE_PRIMARY = 0, /* PV for PV/PVH guests, serial for HVM ones */
    XK_CONSOLE_PV      = 1,
    XK_CONSOLE_SERIAL  = 2, /* falls back to PV when there is no serial */
    XK_CONSOLE_VUART   = 3,
};

/* The xenstore node holding the pty path of a console (for messages). */
int xk_console_tty(xk_ctx *ctx, uint32_t domid, unsigned type, unsigned num,
                   char *path, size_t size);

/*
 * Opens the dom0 end of console num of a domain: the pty xenconsoled
 * publishes in xenstore, waiting up to timeout_ms for it to appear, set to
 * raw mode. *fd_r is the caller's to close; read it for the guest's output,
 * write to it for the guest's input. It reads EOF or EIO once the domain is
 * gone. XK_ENOENT if the domain or the console is not there in time.
 */
int xk_console_open(xk_ctx *ctx, uint32_t domid, unsigned type, unsigned num,
                    int timeout_ms, int *fd_r);
#define XENKIT_HAVE_CONSOLE 1

/* ---- Lifecycle: what happens when a guest stops by itself ---- */

/* The on_poweroff/on_reboot/on_watchdog/on_crash/on_soft_reset actions. */
enum {
    XK_ACTION_DESTROY          = 0,
    XK_ACTION_RESTART          = 1,
    XK_ACTION_RESTART_RENAME   = 2, /* keep it renamed, start a new one */
    XK_ACTION_PRESERVE         = 3, /* leave it shut down */
    XK_ACTION_COREDUMP_DESTROY = 4,
    XK_ACTION_COREDUMP_RESTART = 5,
    XK_ACTION_SOFT_RESET       = 6,
};

/* xl.cfg's name of an action ("rename-restart"); "unknown" if none. */
const char *xk_action_name(unsigned action);
/* The action named s; XK_EINVAL (no message) if s names none. */
int xk_action_parse(const char *s, unsigned *action_r);

/*
 * A domain's lifecycle record, kept in xenstore (under /libxl/DOMID,
 * dom0-only, removed with the domain) for whatever supervises it
 * (xenkit-monitord): the actions, and the xl.cfg text to re-create the
 * domain from when it restarts.
 */
typedef struct xk_lifecycle {
    unsigned on_poweroff, on_reboot, on_watchdog, on_crash, on_soft_reset;
    char *config;        /* xl.cfg text, NUL-terminated; may be NULL */
    size_t config_len;   /* bytes of config, without the NUL */
} xk_lifecycle;

/* xl's defaults: destroy, restart, destroy, destroy, soft-reset; no config. */
void xk_lifecycle_init(xk_lifecycle *lc);
/*
 * Fills lc with cfg's on_* actions and borrows text (len bytes: the xl.cfg
 * text cfg was parsed from, with any command-line KEY=VALUE lines
 * appended) as the config to restart from; for xk_lifecycle_record. Do not
 * dispose lc: it owns nothing.
 */
void xk_lifecycle_from_config(xk_lifecycle *lc, const xk_domain_config *cfg,
                              const char *text, size_t len);
/*
 * A line of its own in a record's config text, after which come the
 * command-line KEY=VALUE overrides, one a line (xl create's arguments and
 * the "vif=[...]" of xk_config_generate_macs): whoever re-creates the
 * domain parses the text before the last such line as the file and the
 * lines after it as overrides, which replace the file's settings of the
 * same keys rather than repeat them (a repeat is an error in a file).
 */
#define XK_LIFECYCLE_OVERRIDES "#xenkit: overrides"
#define XENKIT_HAVE_LIFECYCLE_OVERRIDES 1
/* Frees what xk_lifecycle_read allocated (config); idempotent. */
void xk_lifecycle_dispose(xk_lifecycle *lc);
/* The action lc gives for a XK_SHUTDOWN_* reason (destroy if unknown). */
unsigned xk_lifecycle_action(const xk_lifecycle *lc, unsigned reason);

/* Records lc for domid (replacing any record). config is copied. */
int xk_lifecycle_record(xk_ctx *ctx, uint32_t domid, const xk_lifecycle *lc);
/*
 * Reads domid's record into *lc_r (dispose it after). XK_ENOENT, with no
 * message, if the domain has none: nobody asked xenkit to supervise it.
 */
int xk_lifecycle_read(xk_ctx *ctx, uint32_t domid, xk_lifecycle *lc_r);
/* Removes domid's record: the domain is no longer supervised. */
int xk_lifecycle_forget(xk_ctx *ctx, uint32_t domid);

/*
 * xk_domain_create, recording lc for the new domain (as
 * xk_lifecycle_record would) together with the domain's xenstore home: the
 * domain never runs without its record, and the record costs the create
 * no round trips of its own. lc NULL: the same as xk_domain_create.
 */
int xk_domain_create_supervised(xk_ctx *ctx, const xk_domain_config *cfg,
                                unsigned flags, const xk_lifecycle *lc,
                                uint32_t *domid_r);
#define XENKIT_HAVE_DOMAIN_CREATE_SUPERVISED 1

/*
 * Keeps a stopped domain aside for rename-restart: renames it to its name
 * followed by suffix and gives it a fresh UUID (xenstore and hypervisor).
 */
int xk_domain_preserve(xk_ctx *ctx, uint32_t domid, const char *suffix);

/* Writes the domain's memory as an ELF core file (xc_domain_dumpcore). */
int xk_domain_core_dump(xk_ctx *ctx, uint32_t domid, const char *file);
#define XENKIT_HAVE_LIFECYCLE 1

/* ------------------------------------------------------------------ */
/* Devices                                                            */
/* ------------------------------------------------------------------ */

/*
 * Virtual disks and NICs of running PV domains (xl's block-* and network-*
 * commands). Backends are set up in dom0 without shell scripts unless a
 * spec names a script=; every call waits until the backend is ready or
 * gone, bounded by xl's timeouts. Need root in dom0.
 */
#define XENKIT_HAVE_DEVICES 1

/* Flags of the detach calls. */
#define XK_DEVICE_FORCE 1u  /* do not wait for the guest to let go */

/* A virtual disk, as `xl block-list` shows it. */
typedef struct xk_disk_info {
    int devid;             /* the device number its vdev names */
    uint32_t backend_id;   /* the domain running its backend */
    uint32_t frontend_id;  /* the guest */
    int state;             /* the guest's xenbus state; -1 if unknown */
    int evtch;             /* event channel; -1 if unknown */
    int ring_ref;          /* grant of the ring; -1 if unknown */
    int readwrite;
    char vdev[32];         /* as attached: "xvdb", "hdc"... */
    char target[256];      /* file or device behind it (truncated) */
    char backend[128];     /* its backend's xenstore path */
} xk_disk_info;

/*
 * Attaches a disk to a running domain. spec is an xl disk spec
 * (xl-disk-configuration(5)), e.g. "phy:/dev/vg/x,xvdb,w" or
 * "format=raw,vdev=xvdc,access=ro,target=/img"; xl's separate
 * block-attach arguments join into one spec with commas.
 * XK_EUNSUPPORTED for formats that need QEMU (qcow2...).
 */
int xk_disk_attach(xk_ctx *ctx, uint32_t domid, const char *spec);

/*
 * Detaches the disk named by vdev ("xvdb" or its device number). Without
 * XK_DEVICE_FORCE, XK_ETIMEDOUT if the guest does not let go in time (the
 * disk stays). XK_ENOENT if there is no such disk.
 */
int xk_disk_detach(xk_ctx *ctx, uint32_t domid, const char *vdev,
                   unsigned flags);

/* A domain's disks in xl's order; *list_r is freed with free(). */
int xk_disk_list(xk_ctx *ctx, uint32_t domid, xk_disk_info **list_r,
                 size_t *n_r);

/* A virtual NIC, as `xl network-list` shows it. */
typedef struct xk_nic_info {
    int devid;
    uint32_t backend_id;
    uint32_t frontend_id;
    int state, evtch, tx_ring_ref, rx_ring_ref; /* -1 if unknown */
    uint8_t mac[6];
    char bridge[64];
    char ifname[16];       /* its interface in the backend domain */
    char backend[128];
} xk_nic_info;

/*
 * Attaches a NIC. spec is an xl vif spec (xl-network-configuration(5)):
 * "bridge=xenbr0,mac=00:16:3e:01:02:03,ip=10.0.0.2,vifname=web0,
 * rate=10Mb/s,script=vif-bridge", every key optional; a MAC is generated
 * under 00:16:3e when none is given. *devid_r (may be NULL) gets its index.
 */
int xk_nic_attach(xk_ctx *ctx, uint32_t domid, const char *spec,
                  int *devid_r);

/*
 * Detaches the NIC named by its index ("1") or MAC address. The guest is
 * asked first and the NIC forced away if it does not answer in time, as xl
 * does; XK_DEVICE_FORCE skips the asking.
 */
int xk_nic_detach(xk_ctx *ctx, uint32_t domid, const char *devid_or_mac,
                  unsigned flags);

/* A domain's NICs in xl's order; *list_r is freed with free(). */
int xk_nic_list(xk_ctx *ctx, uint32_t domid, xk_nic_info **list_r,
                size_t *n_r);

/*
 * The libxl JSON that `xl -N block-attach` / `xl -N network-attach` print
 * for a spec (parsed as the attach calls parse it, nothing attached).
 * *json_r is freed with free().
 */
int xk_disk_spec_json(xk_ctx *ctx, const char *spec, char **json_r);
int xk_nic_spec_json(xk_ctx *ctx, const char *spec, char **json_r);

#ifdef __cplusplus
}
#endif

#endif /* XENKIT_H */

/*
 * libxl_json.h: shaping a domain's configuration in libxl's JSON layout (a
 * jansson tree, fields in libxl_types.idl order): what libxl adds to a new
 * domain's config before it stores it, and what it refreshes from the live
 * domain when it reads one back for `xl list -l`. No I/O here: the callers
 * (userdata.c, running_config.c) gather the facts.
 */
#ifndef XK_DOMAIN_LIBXL_JSON_H
#define XK_DOMAIN_LIBXL_JSON_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* The field orders of the structs we add fields to (NULL-terminated). */
extern const char *const xk__idl_config[];
extern const char *const xk__idl_c_info[];
extern const char *const xk__idl_b_info[];
extern const char *const xk__idl_disk[];
extern const char *const xk__idl_nic[];

/*
 * Sets obj[key] to v (stealing the reference, also on failure). A key
 * already there keeps its place; a new one goes where `order` puts it
 * among the keys obj has ("type.pv" and friends stand for libxl's "u").
 * -1 on ENOMEM or if v is NULL.
 */
int xk__jput(json_t *obj, const char *key, json_t *v,
             const char *const *order);

/* An unsigned 64-bit field of obj, or dflt when absent or not a number. */
uint64_t xk__jget_u64(const json_t *obj, const char *key, uint64_t dflt);

/*
 * What libxl adds to a new PV domain's config (the `xl create -n` JSON)
 * when it stores it: c_info.domid (xl's domid_policy, "none chosen"),
 * b_info.video_memkb 0, arch_x86.msr_relaxed False, each disk's
 * colo_restore_enable False, each NIC's nictype "vif" and its MAC
 * (macs[i], nmacs entries: generated ones included). -1 on ENOMEM.
 */
int xk__libxl_json_stored(json_t *root, const uint8_t (*macs)[6],
                          size_t nmacs);

/* A device array and the ids xenstore lists for it (/libxl/N/device/KIND). */
struct xk__live_devs {
    const char *key;       /* "disks", "nics", "vtpms"... */
    const int *ids;        /* devids; for disks, of their vdevs */
    size_t n;
};

/* The live facts libxl_retrieve_domain_configuration takes over. */
struct xk__live_domain {
    const char *name;      /* /local/domain/N/name; NULL: none (libxl then
                              keeps the rest as stored) */
    uint8_t uuid[16];      /* the hypervisor's handle */
    const uint8_t *vcpu_online; /* for vcpus 0..nvcpus-1: 1 if online */
    size_t nvcpus;
    uint64_t target_kb, static_max_kb; /* memory/target, memory/static-max */
    unsigned sched_id;     /* Xen's XEN_SCHEDULER_* of the domain's pool */
    int weight, cap;       /* credit, credit2 */
    int period, budget;    /* rtds */
    const struct xk__live_devs *devs;
    size_t ndevs;
};

/* b_info.max_vcpus of a stored config (0 when absent). */
unsigned xk__libxl_json_max_vcpus(const json_t *root);

/*
 * Refreshes root, a stored config, from live as libxl does before `xl
 * list -l` prints it: name, uuid, avail_vcpus, max_memkb and target_memkb
 * (with libxl's "fudge": the stored video_memkb, libxl's default of
 * all-ones included, is added to the target), sched_params, and device
 * entries xenstore no longer lists dropped. 0; XK_EUNSUPPORTED for a
 * scheduler libxl cannot read (arinc653); -1 on ENOMEM or a root that is
 * not a config object.
 */
int xk__libxl_json_refresh(json_t *root, const struct xk__live_domain *live);

#endif

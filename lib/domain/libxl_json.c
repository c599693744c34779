/*
 * libxl_json.c: the additions libxl makes to a domain's stored config and
 * the refresh it does when reading one back (see libxl_json.h).
 */
#include <stdio.h>
#include <string.h>

#include "xenkit.h"
#include "domain/libxl_json.h"
#include "device/device.h"

const char *const xk__idl_config[] = {
    "c_info", "b_info", "disks", "nics", "pcidevs", "rdms", "dtdevs", "vfbs",
    "vkbs", "vtpms", "p9s", "pvcallsifs", "vdispls", "vsnds", "channels",
    "usbctrls", "usbdevs", "on_poweroff", "on_reboot", "on_watchdog",
    "on_crash", "on_soft_reset", NULL };

const char *const xk__idl_c_info[] = {
    "type", "hap", "oos", "ssidref", "ssid_label", "name", "domid", "uuid",
    "xsdata", "platformdata", "poolid", "pool_name", "run_hotplug_scripts",
    "driver_domain", "passthrough", "xend_suspend_evtchn_compat", NULL };

const char *const xk__idl_b_info[] = {
    "max_vcpus", "avail_vcpus", "cpumap", "nodemap", "vcpu_hard_affinity",
    "vcpu_soft_affinity", "numa_placement", "tsc_mode", "max_memkb",
    "target_memkb", "video_memkb", "shadow_memkb", "iommu_memkb",
    "rtc_timeoffset", "exec_ssidref", "exec_ssid_label", "localtime",
    "disable_migrate", "cpuid", "blkdev_start", "vnuma_nodes",
    "max_grant_frames", "max_maptrack_frames", "max_grant_version",
    "device_model_version", "device_model_stubdomain", "stubdomain_memkb",
    "stubdomain_kernel", "stubdomain_cmdline", "stubdomain_ramdisk",
    "device_model", "device_model_ssidref", "device_model_ssid_label",
    "device_model_user", "extra", "extra_pv", "extra_hvm", "sched_params",
    "ioports", "irqs", "iomem", "claim_mode", "event_channels", "kernel",
    "cmdline", "ramdisk", "device_tree", "acpi", "bootloader",
    "bootloader_args", "timer_mode", "nested_hvm", "apic", "dm_restrict",
    "tee", "u", "arch_arm", "arch_x86", "altp2m", "vmtrace_buf_kb", "vpmu",
    NULL };

const char *const xk__idl_disk[] = {
    "backend_domid", "backend_domname", "pdev_path", "vdev", "backend",
    "format", "script", "removable", "readwrite", "is_cdrom",
    "direct_io_safe", "discard_enable", "specification", "transport", "irq",
    "base", "colo_enable", "colo_restore_enable", "colo_host", "colo_port",
    "colo_export", "active_disk", "hidden_disk", "trusted", NULL };

/* Only the head of libxl_device_nic: the colo_* fields all come after
 * nictype, and trusted after them, so unknown keys sort as "later". */
const char *const xk__idl_nic[] = {
    "backend_domid", "backend_domname", "devid", "mtu", "model", "mac", "ip",
    "bridge", "ifname", "script", "nictype", "rate_bytes_per_interval",
    "rate_interval_usecs", "gatewaydev", NULL };

static const char *const sched_order[] = {
    "sched", "weight", "cap", "period", "budget", "extratime", "slice",
    "latency", NULL };

/* Position of key in order; the keyed union "type.X" is libxl's "u".
 * Keys not listed sort after every listed one. */
static size_t rank(const char *key, const char *const *order)
{
    if (strncmp(key, "type.", 5) == 0)
        key = "u";
    size_t i;
    for (i = 0; order && order[i]; i++)
        if (strcmp(order[i], key) == 0)
            return i;
    return i + 1;
}

int xk__jput(json_t *obj, const char *key, json_t *v,
             const char *const *order)
{
    if (!v || !json_is_object(obj)) {
        json_decref(v);
        return -1;
    }
    if (json_object_get(obj, key))
        return json_object_set_new(obj, key, v);

    /* A new key: rebuild the object with it in its place. */
    size_t r = rank(key, order);
    json_t *tmp = json_object();
    const char *k;
    json_t *item;
    int placed = 0, rc = 0;
    if (!tmp) {
        json_decref(v);
        return -1;
    }
    json_object_foreach(obj, k, item) {
        if (!placed && rank(k, order) > r) {
            rc |= json_object_set(tmp, key, v);
            placed = 1;
        }
        rc |= json_object_set(tmp, k, item);
    }
    if (!placed)
        rc |= json_object_set(tmp, key, v);
    json_decref(v);
    if (rc == 0)
        rc = json_object_clear(obj) || json_object_update(obj, tmp);
    json_decref(tmp);
    return rc ? -1 : 0;
}

uint64_t xk__jget_u64(const json_t *obj, const char *key, uint64_t dflt)
{
    const json_t *v = json_object_get(obj, key);
    return json_is_integer(v) ? (uint64_t)json_integer_value(v) : dflt;
}

/* A uint64 as libxl prints it; jansson holds it in a signed integer, so
 * values past INT64_MAX (never memory sizes in practice) wrap. */
static json_t *ju64(uint64_t v)
{
    return json_integer((json_int_t)v);
}

/* obj[key], made an empty object (placed by order) when missing. */
static json_t *sub_object(json_t *obj, const char *key,
                          const char *const *order)
{
    json_t *o = json_object_get(obj, key);
    if (json_is_object(o))
        return o;
    if (xk__jput(obj, key, json_object(), order))
        return NULL;
    return json_object_get(obj, key);
}

static void format_mac(char *buf, const uint8_t m[6])
{
    snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x",
             m[0], m[1], m[2], m[3], m[4], m[5]);
}

int xk__libxl_json_stored(json_t *root, const uint8_t (*macs)[6],
                          size_t nmacs)
{
    json_t *c = sub_object(root, "c_info", xk__idl_config);
    json_t *b = sub_object(root, "b_info", xk__idl_config);
    if (!c || !b)
        return -1;
    /* xl asks for a domid only with domid_policy set in xl.conf; libxl's
     * INVALID_DOMID otherwise. */
    if (!json_object_get(c, "domid") &&
        xk__jput(c, "domid", json_integer(4294967295LL), xk__idl_c_info))
        return -1;
    /* PV guests have no video memory: libxl's default becomes 0. */
    if (!json_object_get(b, "video_memkb") &&
        xk__jput(b, "video_memkb", json_integer(0), xk__idl_b_info))
        return -1;
    json_t *x86 = sub_object(b, "arch_x86", xk__idl_b_info);
    if (!x86 || (!json_object_get(x86, "msr_relaxed") &&
                 xk__jput(x86, "msr_relaxed", json_string("False"), NULL)))
        return -1;

    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(root, "disks"), i, d)
        if (!json_object_get(d, "colo_restore_enable") &&
            xk__jput(d, "colo_restore_enable", json_string("False"),
                     xk__idl_disk))
            return -1;
    json_array_foreach(json_object_get(root, "nics"), i, d) {
        if (i < nmacs) {
            char mac[18];
            format_mac(mac, macs[i]);
            if (xk__jput(d, "mac", json_string(mac), xk__idl_nic))
                return -1;
        }
        if (!json_object_get(d, "nictype") &&
            xk__jput(d, "nictype", json_string("vif"), xk__idl_nic))
            return -1;
    }
    return 0;
}

unsigned xk__libxl_json_max_vcpus(const json_t *root)
{
    const json_t *b = json_object_get(root, "b_info");
    uint64_t n = xk__jget_u64(b, "max_vcpus", 0);
    return n > 0xffff ? 0xffff : (unsigned)n;
}

static int has_id(const struct xk__live_devs *d, int id)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->ids[i] == id)
            return 1;
    return 0;
}

/* The id libxl compares a stored device by: a disk's vdev as a device
 * number, any other device's devid. */
static int device_id(const char *key, const json_t *dev)
{
    if (strcmp(key, "disks") == 0) {
        const char *vdev = json_string_value(json_object_get(dev, "vdev"));
        return vdev ? xk__vdev_to_devid(vdev, NULL, NULL) : -1;
    }
    const json_t *id = json_object_get(dev, "devid");
    return json_is_integer(id) ? (int)json_integer_value(id) : -1;
}

/* Drops the stored devices of one kind that xenstore does not list. */
static void merge_devices(json_t *root, const struct xk__live_devs *d)
{
    json_t *a = json_object_get(root, d->key);
    if (!json_is_array(a))
        return;
    for (size_t i = 0; i < json_array_size(a);) {
        if (has_id(d, device_id(d->key, json_array_get(a, i))))
            i++;
        else
            json_array_remove(a, i);
    }
    if (json_array_size(a) == 0)
        json_object_del(root, d->key);
}

static int sched_params(json_t *b, const struct xk__live_domain *l)
{
    /* XEN_SCHEDULER_*: credit 5, credit2 6, rtds 8, null 9 */
    static const char *const names[] = {
        [5] = "credit", [6] = "credit2", [8] = "rtds", [9] = "null" };
    if (l->sched_id >= sizeof(names) / sizeof(names[0]) ||
        !names[l->sched_id])
        return XK_EUNSUPPORTED;
    json_t *s = json_object();
    if (!s || json_object_set_new(s, "sched",
                                  json_string(names[l->sched_id]))) {
        json_decref(s);
        return -1;
    }
    int rc = 0;
    /* -1 is libxl's "default" for each, and left out. */
    if (l->sched_id == 5 || l->sched_id == 6) {
        if (l->weight != -1)
            rc |= xk__jput(s, "weight", json_integer(l->weight), sched_order);
        if (l->cap != -1)
            rc |= xk__jput(s, "cap", json_integer(l->cap), sched_order);
    } else if (l->sched_id == 8) {
        if (l->period != -1)
            rc |= xk__jput(s, "period", json_integer(l->period), sched_order);
        if (l->budget != -1)
            rc |= xk__jput(s, "budget", json_integer(l->budget), sched_order);
    }
    if (rc) {
        json_decref(s);
        return -1;
    }
    return xk__jput(b, "sched_params", s, xk__idl_b_info);
}

int xk__libxl_json_refresh(json_t *root, const struct xk__live_domain *l)
{
    json_t *c = json_object_get(root, "c_info");
    json_t *b = json_object_get(root, "b_info");
    if (!json_is_object(c) || !json_is_object(b))
        return -1;

    /* libxl stops here, successfully, when the domain has no name. */
    if (!l->name)
        return 0;
    if (xk__jput(c, "name", json_string(l->name), xk__idl_c_info))
        return -1;

    static const uint8_t nil[16];
    if (memcmp(l->uuid, nil, 16) == 0) {
        json_object_del(c, "uuid");
    } else {
        char u[37];
        const uint8_t *x = l->uuid;
        snprintf(u, sizeof(u), "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                 "%02x%02x%02x%02x%02x%02x", x[0], x[1], x[2], x[3], x[4],
                 x[5], x[6], x[7], x[8], x[9], x[10], x[11], x[12], x[13],
                 x[14], x[15]);
        if (xk__jput(c, "uuid", json_string(u), xk__idl_c_info))
            return -1;
    }

    /* avail_vcpus: the vcpus xenstore calls online; none is no field. */
    json_t *avail = json_array();
    if (!avail)
        return -1;
    for (size_t i = 0; i < l->nvcpus; i++)
        if (l->vcpu_online[i] &&
            json_array_append_new(avail, json_integer((json_int_t)i))) {
            json_decref(avail);
            return -1;
        }
    if (json_array_size(avail) == 0) {
        json_decref(avail);
        json_object_del(b, "avail_vcpus");
    } else if (xk__jput(b, "avail_vcpus", avail, xk__idl_b_info)) {
        return -1;
    }

    /* Memory: libxl adds its "fudge" (the stored video_memkb, plus
     * LIBXL_MAXMEM_CONSTANT for HVM guests with room to balloon) to
     * xenstore's target, in unsigned arithmetic. */
    const uint64_t dflt = UINT64_MAX;
    uint64_t video = xk__jget_u64(b, "video_memkb", dflt);
    uint64_t max = xk__jget_u64(b, "max_memkb", dflt);
    uint64_t target = xk__jget_u64(b, "target_memkb", dflt);
    const char *type = json_string_value(json_object_get(c, "type"));
    uint64_t fudge = video;
    if (type && strcmp(type, "hvm") == 0 && max > target)
        fudge += 1024;
    uint64_t new_target = l->target_kb + fudge;
    if (new_target == dflt)
        json_object_del(b, "target_memkb");
    else if (xk__jput(b, "target_memkb", ju64(new_target), xk__idl_b_info))
        return -1;
    if (l->static_max_kb == dflt)
        json_object_del(b, "max_memkb");
    else if (xk__jput(b, "max_memkb", ju64(l->static_max_kb),
                      xk__idl_b_info))
        return -1;

    int rc = sched_params(b, l);
    if (rc)
        return rc;

    for (size_t i = 0; i < l->ndevs; i++)
        merge_devices(root, &l->devs[i]);
    return 0;
}

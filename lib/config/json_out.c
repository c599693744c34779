/*
 * json_out.c: the model as libxl's libxl_domain_config JSON (c_info,
 * b_info, devices, on_*), fields in libxl_types.idl order and only those
 * that differ from libxl's defaults: what Debian's `xl create -n` prints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/json_out.h"
#include "core/context.h"

int xk__jset(json_t *o, const char *key, json_t *v)
{
    if (!v)
        return -1;
    return json_object_set_new(o, key, v);
}

int xk__jstr(json_t *o, const char *key, const char *s)
{
    return s ? xk__jset(o, key, json_string_nocheck(s)) : 0;
}

int xk__jint(json_t *o, const char *key, long long v, long long dflt)
{
    return v != dflt ? xk__jset(o, key, json_integer(v)) : 0;
}

int xk__jbool(json_t *o, const char *key, xk_defbool b)
{
    if (b == XK_DEFBOOL_DEFAULT)
        return 0;
    return xk__jset(o, key, json_string_nocheck(b > 0 ? "True" : "False"));
}

int xk__jstrlist(json_t *o, const char *key, const struct xk_cfg_strlist *l)
{
    if (!l->n)
        return 0;
    json_t *a = json_array();
    if (!a)
        return -1;
    for (size_t i = 0; i < l->n; i++)
        if (json_array_append_new(a, json_string_nocheck(l->v[i])) < 0) {
            json_decref(a);
            return -1;
        }
    return xk__jset(o, key, a);
}

int xk__jenum(json_t *o, const char *key, int v, int dflt,
              const char *const *names, int first)
{
    if (v == dflt)
        return 0;
    return xk__jset(o, key, json_string_nocheck(names[v - first]));
}

/* A bitmap as libxl prints it: the numbers of the set bits. */
static json_t *jbitmap(const struct xk_cfg_cpumap *m)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < m->nbits; i++)
        if (m->bits[i / 8] & (1u << (i % 8)))
            json_array_append_new(a, json_integer((json_int_t)i));
    return a;
}

json_t *xk__jvnc(const struct xk_vnc_opts *v)
{
    json_t *o = json_object();
    if (!o || xk__jbool(o, "enable", v->enable) ||
        xk__jstr(o, "listen", v->listen) || xk__jstr(o, "passwd", v->passwd) ||
        xk__jint(o, "display", v->display, 0) ||
        xk__jbool(o, "findunused", v->findunused)) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *xk__jsdl(const struct xk_sdl_opts *s)
{
    json_t *o = json_object();
    if (!o || xk__jbool(o, "enable", s->enable) ||
        xk__jbool(o, "opengl", s->opengl) ||
        xk__jstr(o, "display", s->display) ||
        xk__jstr(o, "xauthority", s->xauthority)) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static const char *const type_names[] = { "hvm", "pv", "pvh" };

static int c_info(json_t *root, const struct xk_domain_config *c)
{
    char uuid[40];
    const uint8_t *u = c->uuid;
    snprintf(uuid, sizeof(uuid), "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x"
             "-%02x%02x%02x%02x%02x%02x", u[0], u[1], u[2], u[3], u[4], u[5],
             u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
    json_t *o = json_object();
    if (!o || xk__jset(root, "c_info", o))
        return -1;
    if (xk__jstr(o, "type", type_names[c->type - 1]) ||
        xk__jbool(o, "hap", c->hap) || xk__jbool(o, "oos", c->oos) ||
        xk__jstr(o, "ssid_label", c->ssid_label) ||
        xk__jstr(o, "name", c->name) || xk__jstr(o, "uuid", uuid) ||
        xk__jstr(o, "pool_name", c->pool_name) ||
        xk__jbool(o, "run_hotplug_scripts", c->run_hotplug_scripts) ||
        xk__jbool(o, "driver_domain", c->driver_domain))
        return -1;
    const char *s = xk__carried_str(c, "passthrough");
    if (s && strcmp(s, "default") && xk__jstr(o, "passthrough", s))
        return -1;
    s = xk__carried_str(c, "xend_suspend_evtchn_compat");
    if (s && xk__jbool(o, "xend_suspend_evtchn_compat",
                       strtol(s, NULL, 0) ? XK_DEFBOOL_TRUE
                                          : XK_DEFBOOL_FALSE))
        return -1;
    return 0;
}

static int affinity(json_t *o, const char *key,
                    const struct xk_cfg_cpumap *maps, size_t n)
{
    if (!n)
        return 0;
    json_t *a = json_array();
    if (!a || xk__jset(o, key, a))
        return -1;
    for (size_t i = 0; i < n; i++)
        if (json_array_append_new(a, jbitmap(&maps[i])) < 0)
            return -1;
    return 0;
}

static int sched_params(json_t *b, const struct xk_domain_config *c)
{
    json_t *o = json_object();
    if (!o || xk__jset(b, "sched_params", o))
        return -1;
    return xk__jint(o, "weight", c->sched_weight, -1) ||
           xk__jint(o, "cap", c->sched_cap, -1) ||
           xk__jint(o, "period", c->sched_period, -1) ||
           xk__jint(o, "extratime", c->sched_extratime, -1) ||
           xk__jint(o, "slice", c->sched_slice, -1) ||
           xk__jint(o, "latency", c->sched_latency, -1) ? -1 : 0;
}

static const char *const bios_names[] = { "unknown", "rombios", "seabios",
                                          "ovmf" };
static const char *const vga_names[] = { "unknown", "cirrus", "std", "none",
                                         "qxl" };
static const char *const viridian_names[] = {
    "base", "freq", "time_ref_count", "reference_tsc",
    "hcall_remote_tlb_flush", "apic_assist", "crash_ctl", "synic", "stimer",
    "hcall_ipi", "ex_processor_masks", "no_vp_limit", "cpu_hotplug", NULL };

/* viridian_enable / _disable as bitmaps: names to bit numbers, "all" for
 * all 64 bits, "!name" clearing one after it. */
static int viridian_bits(json_t *o, const char *key,
                         const struct xk_cfg_strlist *l)
{
    uint64_t m = 0;
    for (size_t i = 0; i < l->n; i++) {
        const char *n = l->v[i];
        int neg = *n == '!';
        if (!strcmp(n, "all"))
            m = ~(uint64_t)0;
        for (int k = 0; viridian_names[k]; k++)
            if (!strcmp(n + neg, viridian_names[k])) {
                if (neg)
                    m &= ~((uint64_t)1 << k);
                else
                    m |= (uint64_t)1 << k;
            }
    }
    if (!m)
        return 0;   /* libxl prints an empty map as no field */
    uint8_t bits[8];
    for (int i = 0; i < 8; i++)
        bits[i] = (uint8_t)(m >> (8 * i));
    struct xk_cfg_cpumap map = { bits, 64 };
    return xk__jset(o, key, jbitmap(&map));
}

/* rdm="strategy=host,policy=relaxed" (carried: checked, not acted on) */
static int rdm_fields(json_t *rdm, const struct xk_domain_config *c,
                      const struct xk_hvm_opts *h,
                      const char *const *strategy, const char *const *policy)
{
    int st = h->rdm_strategy, po = h->rdm_policy;
    const char *s = xk__carried_str(c, "rdm");
    if (s) {
        if (strstr(s, "strategy=host")) st = 1;
        if (strstr(s, "policy=relaxed")) po = 1;
        else if (strstr(s, "policy=strict")) po = 0;
    }
    return xk__jenum(rdm, "strategy", st, 0, strategy, 0) ||
           xk__jenum(rdm, "policy", po, -1, policy, 0);
}

static json_t *hvm_part(const struct xk_domain_config *c)
{
    const struct xk_hvm_opts *h = &c->hvm;
    json_t *o = json_object(), *vga, *rdm, *spice;
    if (!o)
        return NULL;
    if (xk__jstr(o, "firmware", h->firmware) ||
        xk__jenum(o, "bios", h->bios, 0, bios_names, 0) ||
        xk__jbool(o, "pae", h->pae) ||
        xk__jbool(o, "acpi_s3", h->acpi_s3) ||
        xk__jbool(o, "acpi_s4", h->acpi_s4) ||
        xk__jbool(o, "acpi_laptop_slate", h->acpi_laptop_slate) ||
        xk__jbool(o, "nx", h->nx) || xk__jbool(o, "viridian", h->viridian) ||
        viridian_bits(o, "viridian_enable", &h->viridian_enable) ||
        viridian_bits(o, "viridian_disable", &h->viridian_disable) ||
        xk__jstr(o, "timeoffset", h->timeoffset) ||
        xk__jbool(o, "hpet", h->hpet) ||
        xk__jbool(o, "vpt_align", h->vpt_align) ||
        (h->mmio_hole_memkb != XK_MEMKB_DEFAULT &&
         xk__jset(o, "mmio_hole_memkb",
                  json_integer((json_int_t)h->mmio_hole_memkb))) ||
        xk__jbool(o, "altp2m", h->altp2m) ||
        xk__jstr(o, "system_firmware", h->system_firmware) ||
        xk__jstr(o, "smbios_firmware", h->smbios_firmware) ||
        xk__jstr(o, "acpi_firmware", h->acpi_firmware) ||
        (h->hdtype == 2 && xk__jstr(o, "hdtype", "ahci")) ||
        xk__jbool(o, "nographic", h->nographic) ||
        xk__jset(o, "vga", vga = json_object()) ||
        xk__jenum(vga, "kind", h->vga_kind, 0, vga_names, 0))
        goto fail;
    if (xk__jset(o, "vnc", xk__jvnc(&h->vnc)) ||
        xk__jstr(o, "keymap", h->keymap) ||
        xk__jset(o, "sdl", xk__jsdl(&h->sdl)) ||
        xk__jset(o, "spice", spice = json_object()))
        goto fail;
    if (xk__jbool(spice, "enable", h->spice_enable) ||
        xk__jint(spice, "port", h->spice_port, 0) ||
        xk__jint(spice, "tls_port", h->spice_tls_port, 0) ||
        xk__jstr(spice, "host", h->spice_host) ||
        xk__jbool(spice, "disable_ticketing", h->spice_disable_ticketing) ||
        xk__jstr(spice, "passwd", h->spice_passwd) ||
        xk__jbool(spice, "agent_mouse", h->spice_agent_mouse) ||
        xk__jbool(spice, "vdagent", h->spice_vdagent) ||
        xk__jbool(spice, "clipboard_sharing", h->spice_clipboard_sharing) ||
        xk__jint(spice, "usbredirection", h->spice_usbredirection, 0) ||
        xk__jstr(spice, "image_compression", h->spice_image_compression) ||
        xk__jstr(spice, "streaming_video", h->spice_streaming_video))
        goto fail;
    static const char *const gfx[] = { "default", "igd" };
    static const char *const vendor[] = { "none", "xenserver" };
    if (xk__jbool(o, "gfx_passthru", h->gfx_passthru) ||
        xk__jenum(o, "gfx_passthru_kind", h->gfx_passthru_kind, 0, gfx, 0) ||
        xk__jstr(o, "serial", h->serial) || xk__jstr(o, "boot", h->boot) ||
        xk__jbool(o, "usb", h->usb) ||
        xk__jint(o, "usbversion", h->usbversion, 0) ||
        xk__jstr(o, "usbdevice", h->usbdevice) ||
        xk__jbool(o, "vkb_device", h->vkb_device) ||
        xk__jstr(o, "soundhw", h->soundhw) ||
        xk__jbool(o, "xen_platform_pci", h->xen_platform_pci) ||
        xk__jstrlist(o, "usbdevice_list", &h->usbdevice_list) ||
        xk__jenum(o, "vendor_device", h->vendor_device, 0, vendor, 0))
        goto fail;
    static const uint8_t zero[16];
    if (memcmp(h->ms_vm_genid, zero, 16)) {
        json_t *g = json_array();
        for (int i = 0; g && i < 16; i++)
            json_array_append_new(g, json_integer(h->ms_vm_genid[i]));
        if (xk__jset(o, "ms_vm_genid", g))
            goto fail;
    }
    static const char *const policy[] = { "strict", "relaxed" };
    static const char *const strategy[] = { "ignore", "host" };
    if (xk__jstrlist(o, "serial_list", &h->serial_list) ||
        xk__jset(o, "rdm", rdm = json_object()) ||
        rdm_fields(rdm, c, h, strategy, policy) ||
        (h->rdm_mem_boundary_memkb != XK_MEMKB_DEFAULT &&
         xk__jset(o, "rdm_mem_boundary_memkb",
                  json_integer((json_int_t)h->rdm_mem_boundary_memkb))) ||
        xk__jint(o, "mca_caps", (long long)h->mca_caps, 0))
        goto fail;
    return o;
fail:
    json_decref(o);
    return NULL;
}

static json_t *type_part(const struct xk_domain_config *c)
{
    if (c->type == XK_DOMAIN_TYPE_HVM)
        return hvm_part(c);
    json_t *o = json_object();
    if (!o)
        return NULL;
    /* xl turns e820_host on for a PV guest given PCI devices */
    int rc = c->type == XK_DOMAIN_TYPE_PV
        ? xk__jbool(o, "e820_host", xk__carried_str(c, "pci")
                    ? XK_DEFBOOL_TRUE : c->e820_host)
        : xk__jbool(o, "pvshim", c->pvshim) ||
          xk__jstr(o, "pvshim_path", c->pvshim_path) ||
          xk__jstr(o, "pvshim_cmdline", c->pvshim_cmdline) ||
          xk__jstr(o, "pvshim_extra", c->pvshim_extra);
    if (rc) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static const char *const tsc_names[] = { "default", "always_emulate",
                                         "native", "native_paravirt" };
static const char *const timer_names[] = { "delay_for_missed_ticks",
    "no_delay_for_missed_ticks", "no_missed_ticks_pending",
    "one_missed_tick_pending" };
static const char *const dmv_names[] = { "unknown", "qemu_xen_traditional",
                                         "qemu_xen" };
static const char *const altp2m_names[] = { "disabled", "mixed", "external",
                                            "limited" };

static int memkb(json_t *o, const char *key, uint64_t v)
{
    return v != XK_MEMKB_DEFAULT ? xk__jset(o, key, json_integer((json_int_t)v))
                                 : 0;
}

static int carried_array(json_t *o, const struct xk_domain_config *c,
                         const char *key)
{
    json_t *a = xk__carried_json(c, key);
    return a ? xk__jset(o, key, a) : 0;
}

static int b_info(json_t *root, const struct xk_domain_config *c)
{
    json_t *b = json_object();
    if (!b || xk__jset(root, "b_info", b))
        return -1;
    if (xk__jint(b, "max_vcpus", c->max_vcpus_set, 0))
        return -1;
    if (c->vcpus_set) {
        json_t *a = json_array();
        if (!a || xk__jset(b, "avail_vcpus", a))
            return -1;
        for (unsigned i = 0; i < c->vcpus_set; i++)
            if (json_array_append_new(a, json_integer(i)) < 0)
                return -1;
    }
    if (affinity(b, "vcpu_hard_affinity", c->vcpu_hard_affinity,
                 c->num_vcpu_hard_affinity) ||
        affinity(b, "vcpu_soft_affinity", c->vcpu_soft_affinity,
                 c->num_vcpu_soft_affinity) ||
        xk__jbool(b, "numa_placement", c->numa_placement) ||
        xk__jenum(b, "tsc_mode", c->tsc_mode, 0, tsc_names, 0) ||
        memkb(b, "max_memkb", c->max_memkb) ||
        memkb(b, "target_memkb", c->target_memkb) ||
        memkb(b, "video_memkb", c->video_memkb) ||
        memkb(b, "shadow_memkb", c->shadow_memkb) ||
        xk__jint(b, "rtc_timeoffset", c->rtc_timeoffset, 0) ||
        xk__jstr(b, "exec_ssid_label", c->exec_ssid_label) ||
        xk__jbool(b, "localtime", c->localtime) ||
        xk__jbool(b, "disable_migrate", c->disable_migrate) ||
        xk__jstr(b, "blkdev_start", c->blkdev_start) ||
        xk__jint(b, "max_grant_frames", c->max_grant_frames, UINT32_MAX) ||
        xk__jint(b, "max_maptrack_frames", c->max_maptrack_frames,
                 UINT32_MAX) ||
        xk__jint(b, "max_grant_version", c->max_grant_version, -1) ||
        xk__jenum(b, "device_model_version", c->device_model_version, 0,
                  dmv_names, 0) ||
        xk__jbool(b, "device_model_stubdomain", c->device_model_stubdomain) ||
        memkb(b, "stubdomain_memkb", c->stubdomain_memkb) ||
        xk__jstr(b, "stubdomain_kernel",
                 xk__carried_str(c, "stubdomain_kernel")) ||
        xk__jstr(b, "stubdomain_cmdline",
                 xk__carried_str(c, "stubdomain_cmdline")) ||
        xk__jstr(b, "stubdomain_ramdisk",
                 xk__carried_str(c, "stubdomain_ramdisk")) ||
        xk__jstr(b, "device_model", c->device_model) ||
        xk__jstr(b, "device_model_ssid_label",
                 xk__carried_str(c, "device_model_stubdomain_seclabel")) ||
        xk__jstr(b, "device_model_user", c->device_model_user) ||
        xk__jstrlist(b, "extra", &c->dm_extra) ||
        xk__jstrlist(b, "extra_pv", &c->dm_extra_pv) ||
        xk__jstrlist(b, "extra_hvm", &c->dm_extra_hvm) ||
        sched_params(b, c) ||
        carried_array(b, c, "ioports") || carried_array(b, c, "irqs") ||
        carried_array(b, c, "iomem") ||
        xk__jbool(b, "claim_mode", c->claim_mode) ||
        xk__jint(b, "event_channels", c->event_channels, 0) ||
        xk__jstr(b, "kernel", c->kernel) ||
        xk__jstr(b, "cmdline", c->cmdline) ||
        xk__jstr(b, "ramdisk", c->ramdisk) ||
        xk__jstr(b, "device_tree", c->device_tree) ||
        xk__jbool(b, "acpi", c->acpi) ||
        xk__jstr(b, "bootloader", c->bootloader) ||
        xk__jstrlist(b, "bootloader_args", &c->bootloader_args) ||
        xk__jenum(b, "timer_mode", c->timer_mode, -1, timer_names, 0) ||
        xk__jbool(b, "nested_hvm", c->nested_hvm) ||
        xk__jbool(b, "apic", c->apic) ||
        xk__jbool(b, "dm_restrict", c->dm_restrict))
        return -1;
    const char *tee = xk__carried_str(c, "tee");
    if (tee && strcmp(tee, "none") && xk__jstr(b, "tee", tee))
        return -1;
    char key[16];
    snprintf(key, sizeof(key), "type.%s", type_names[c->type - 1]);
    json_t *x86, *arm;
    const char *gic = xk__carried_str(c, "gic_version");
    if (xk__jset(b, key, type_part(c)) ||
        xk__jset(b, "arch_arm", arm = json_object()) ||
        (gic && strcmp(gic, "default") && xk__jstr(arm, "gic_version", gic)) ||
        xk__jstr(arm, "vuart", xk__carried_str(c, "vuart")) ||
        xk__jset(b, "arch_x86", x86 = json_object()) ||
        xk__jbool(x86, "msr_relaxed", c->msr_relaxed) ||
        xk__jenum(b, "altp2m", c->altp2m, 0, altp2m_names, 0) ||
        xk__jint(b, "vmtrace_buf_kb", c->vmtrace_buf_kb, 0) ||
        xk__jbool(b, "vpmu", c->vpmu))
        return -1;
    return 0;
}

static const char *const action_json[] = {
    "destroy", "restart", "restart_rename", "preserve", "coredump_destroy",
    "coredump_restart", "soft_reset",
};

static int actions(json_t *root, const struct xk_domain_config *c)
{
    struct { const char *key; unsigned v; } a[] = {
        { "on_poweroff", c->on_poweroff }, { "on_reboot", c->on_reboot },
        { "on_watchdog", c->on_watchdog }, { "on_crash", c->on_crash },
        { "on_soft_reset", c->on_soft_reset },
    };
    for (size_t i = 0; i < sizeof(a) / sizeof(a[0]); i++)
        if (a[i].v != XK_ACTION_DESTROY && a[i].v <= XK_ACTION_SOFT_RESET &&
            xk__jstr(root, a[i].key, action_json[a[i].v - XK_ACTION_DESTROY]))
            return -1;
    return 0;
}

json_t *xk__config_json(const xk_domain_config *cfg)
{
    json_t *root = json_object();
    if (!root || c_info(root, cfg) || b_info(root, cfg) ||
        xk__json_devices(root, cfg) || actions(root, cfg)) {
        json_decref(root);
        return NULL;
    }
    return root;
}

int xk_config_to_json(xk_ctx *ctx, const xk_domain_config *cfg,
                      char **json_r)
{
    if (!ctx || !cfg || !json_r)
        return XK_EINVAL;
    xk__clear_error(ctx);
    *json_r = NULL;
    json_t *root = xk__config_json(cfg);
    if (!root)
        return xk__error(ctx, XK_ENOMEM, "out of memory building JSON");
    *json_r = xk__json_print_yajl(root);
    json_decref(root);
    if (!*json_r)
        return xk__error(ctx, XK_ENOMEM, "out of memory printing JSON");
    return 0;
}

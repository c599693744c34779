/*
 * options_build.c: the domain-wide options (c_info and the common part of
 * b_info): type, name, uuid, memory, vcpus, boot, scheduling, on_* actions,
 * read in xl's order with xl's defaults.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "config/build.h"
#include "core/context.h"

#define TRY(x) do { int rc_ = (x); if (rc_ < 0) return rc_; } while (0)

/* Memory sizes in MiB: up to 16 TiB, the most x86 Xen addresses. */
#define MAX_MIB 16777216L
#define MAX_VCPUS 4096L

static int parse_uuid(const char *s, uint8_t out[16])
{
    static const int dash[] = { 8, 13, 18, 23 };
    if (strlen(s) != 36)
        return -1;
    for (int i = 0, d = 0, k = 0; i < 36; i++) {
        if (d < 4 && i == dash[d]) {
            if (s[i] != '-')
                return -1;
            d++;
            continue;
        }
        int c = s[i], v;
        if (c >= '0' && c <= '9') v = c - '0';
        else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
        else return -1;
        if (k % 2 == 0)
            out[k / 2] = (uint8_t)(v << 4);
        else
            out[k / 2] |= (uint8_t)v;
        k++;
    }
    return 0;
}

/* xl compares with strncmp(buf, name, strlen(buf)): any prefix counts. */
static int is_prefix(const char *s, const char *name)
{
    return *s && strncmp(s, name, strlen(s)) == 0;
}

static int build_type(struct xk__build *b)
{
    struct xk_domain_config *c = b->cfg;
    struct xk__cfg_setting *s;
    char *buf = NULL;
    int rc = xk__get_string(b, "type", &buf);
    if (rc < 0)
        return rc;
    if (rc == 1) {
        s = xk__cfg_find(b->f, "type");
        if (is_prefix(buf, "hvm")) c->type = XK_DOMAIN_TYPE_HVM;
        else if (is_prefix(buf, "pv")) c->type = XK_DOMAIN_TYPE_PV;
        else if (is_prefix(buf, "pvh")) c->type = XK_DOMAIN_TYPE_PVH;
        else {
            free(buf);
            return xk__value_error(b, "type", s->value,
                                   "one of \"pv\", \"pvh\", \"hvm\"");
        }
        if (strcmp(buf, "hvm") && strcmp(buf, "pv") && strcmp(buf, "pvh"))
            xk__warn(b, &s->value->loc, "type: \"%s\" taken as \"%s\", as "
                     "xl does; write it in full", buf,
                     c->type == XK_DOMAIN_TYPE_HVM ? "hvm" :
                     c->type == XK_DOMAIN_TYPE_PV ? "pv" : "pvh");
        free(buf);
        buf = NULL;
    }
    /* builder= is xm's name for it, deprecated since Xen 4.10. */
    rc = xk__get_string(b, "builder", &buf);
    if (rc < 0)
        return rc;
    if (rc == 1) {
        s = xk__cfg_find(b->f, "builder");
        enum xk_domain_type bt;
        if (is_prefix(buf, "hvm")) bt = XK_DOMAIN_TYPE_HVM;
        else if (is_prefix(buf, "generic")) bt = XK_DOMAIN_TYPE_PV;
        else {
            free(buf);
            return xk__value_error(b, "builder", s->value,
                                   "\"generic\" or \"hvm\"");
        }
        free(buf);
        if (c->type != XK_DOMAIN_TYPE_INVALID && c->type != bt)
            return xk__loc_error(b, &s->loc, "builder", "found a builder "
                                 "that contradicts type=, expected the same "
                                 "kind of guest (or only type=)");
        c->type = bt;
    }
    if (c->type == XK_DOMAIN_TYPE_INVALID)
        c->type = XK_DOMAIN_TYPE_PV;
    return 0;
}

static int build_identity(struct xk__build *b)
{
    struct xk_domain_config *c = b->cfg;
    char *buf = NULL;
    int rc;

    TRY(xk__get_string(b, "init_seclabel", &c->ssid_label));
    rc = xk__get_string(b, "seclabel", &buf);
    if (rc < 0)
        return rc;
    if (rc == 1) {
        if (c->ssid_label)
            c->exec_ssid_label = buf;
        else
            c->ssid_label = buf;
    }
    TRY(build_type(b));
    TRY(xk__get_bool(b, "hap", &c->hap));

    rc = xk__get_string(b, "name", &c->name);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return xk__error(b->ctx, XK_ECONFIG, "%s: name: found no name, "
                         "expected name = \"...\" (every domain needs one)",
                         b->f->names[0]);
    if (!c->name[0]) {
        struct xk__cfg_setting *s = xk__cfg_find(b->f, "name");
        return xk__value_error(b, "name", s->value, "a non-empty name");
    }

    buf = NULL;
    rc = xk__get_string(b, "uuid", &buf);
    if (rc < 0)
        return rc;
    if (rc == 1) {
        struct xk__cfg_setting *s = xk__cfg_find(b->f, "uuid");
        int bad = parse_uuid(buf, c->uuid);
        free(buf);
        if (bad)
            return xk__value_error(b, "uuid", s->value, "a UUID like "
                                   "\"01234567-89ab-cdef-0123-456789abcdef\"");
        c->uuid_set = true;
    } else {
        /* xl makes one up; a random version-4 UUID like libxl's */
        if (getrandom(c->uuid, 16, 0) != 16)
            return xk__error(b->ctx, XK_EIO, "cannot generate a UUID");
        c->uuid[6] = (uint8_t)((c->uuid[6] & 0x0f) | 0x40);
        c->uuid[8] = (uint8_t)((c->uuid[8] & 0x3f) | 0x80);
    }
    TRY(xk__get_bool(b, "oos", &c->oos));
    TRY(xk__get_string(b, "pool", &c->pool_name));
    if (c->type == XK_DOMAIN_TYPE_PVH) {
        TRY(xk__get_bool(b, "pvshim", &c->pvshim));
        TRY(xk__get_string(b, "pvshim_path", &c->pvshim_path));
        TRY(xk__get_string(b, "pvshim_cmdline", &c->pvshim_cmdline));
        TRY(xk__get_string(b, "pvshim_extra", &c->pvshim_extra));
    }
    return 0;
}

static int get_int(struct xk__build *b, const char *key, long min, long max,
                   int *out)
{
    long l;
    int rc = xk__get_long(b, key, min, max, &l);
    if (rc == 1)
        *out = (int)l;
    return rc;
}

static int build_memory_cpus(struct xk__build *b)
{
    struct xk_domain_config *c = b->cfg;
    long l;
    int rc;

    TRY(get_int(b, "cpu_weight", 1, 65535, &c->sched_weight));
    TRY(get_int(b, "cap", 0, INT_MAX, &c->sched_cap));
    TRY(get_int(b, "period", 0, INT_MAX, &c->sched_period));
    TRY(get_int(b, "slice", 0, INT_MAX, &c->sched_slice));
    TRY(get_int(b, "latency", 0, INT_MAX, &c->sched_latency));
    TRY(get_int(b, "extratime", 0, INT_MAX, &c->sched_extratime));

    rc = xk__get_long(b, "memory", 1, MAX_MIB, &l);
    if (rc < 0)
        return rc;
    if (rc == 1)
        c->target_memkb = (uint64_t)l * 1024;
    rc = xk__get_long(b, "maxmem", 1, MAX_MIB, &l);
    if (rc < 0)
        return rc;
    if (rc == 1)
        c->max_memkb = (uint64_t)l * 1024;

    rc = xk__get_long(b, "vcpus", 1, MAX_VCPUS, &l);
    if (rc < 0)
        return rc;
    if (rc == 1)
        c->vcpus_set = (unsigned)l;
    rc = xk__get_long(b, "maxvcpus", 1, MAX_VCPUS, &l);
    if (rc < 0)
        return rc;
    if (rc == 1)
        c->max_vcpus_set = (unsigned)l;

    /* as xl: maxmem defaults to memory, maxvcpus to vcpus */
    if (c->max_memkb == XK_MEMKB_DEFAULT)
        c->max_memkb = c->target_memkb;
    if (c->max_vcpus_set == 0)
        c->max_vcpus_set = c->vcpus_set;
    if (c->max_vcpus_set < c->vcpus_set) {
        struct xk__cfg_setting *s = xk__cfg_find(b->f, "maxvcpus");
        char exp[64];
        snprintf(exp, sizeof(exp), "a number >= vcpus (%u)", c->vcpus_set);
        return xk__value_error(b, "maxvcpus", s->value, exp);
    }
    if (c->target_memkb != XK_MEMKB_DEFAULT &&
        c->max_memkb < c->target_memkb) {
        struct xk__cfg_setting *s = xk__cfg_find(b->f, "maxmem");
        char exp[64];
        snprintf(exp, sizeof(exp), "a number >= memory (%llu)",
                 (unsigned long long)(c->target_memkb / 1024));
        return xk__value_error(b, "maxmem", s->value, exp);
    }
    /* the values creation uses: libxl's defaults (32 MiB, 1 vcpu) */
    c->maxmem_kb = c->max_memkb != XK_MEMKB_DEFAULT ? c->max_memkb
                                                   : 32 * 1024;
    c->memory_kb = c->target_memkb != XK_MEMKB_DEFAULT ? c->target_memkb
                                                      : c->maxmem_kb;
    c->vcpus = c->vcpus_set ? c->vcpus_set : 1;
    c->max_vcpus = c->max_vcpus_set ? c->max_vcpus_set : 1;

    TRY(xk__build_cpus(b));

    rc = xk__get_long(b, "max_grant_frames", 0, INT_MAX, &l);
    if (rc < 0) return rc;
    if (rc == 1) c->max_grant_frames = (uint32_t)l;
    rc = xk__get_long(b, "max_maptrack_frames", 0, INT_MAX, &l);
    if (rc < 0) return rc;
    if (rc == 1) c->max_maptrack_frames = (uint32_t)l;
    TRY(get_int(b, "max_grant_version", 0, INT_MAX, &c->max_grant_version));
    return 0;
}

static const char *const action_names[] = {
    "destroy", "restart", "rename-restart", "preserve", "coredump-destroy",
    "coredump-restart", "soft-reset", NULL,
};
static const int action_values[] = {
    XK_ACTION_DESTROY, XK_ACTION_RESTART, XK_ACTION_RESTART_RENAME,
    XK_ACTION_PRESERVE, XK_ACTION_COREDUMP_DESTROY,
    XK_ACTION_COREDUMP_RESTART, XK_ACTION_SOFT_RESET,
};

static int build_actions(struct xk__build *b)
{
    struct xk_domain_config *c = b->cfg;
    struct { const char *key; unsigned *dst; } a[] = {
        { "on_poweroff", &c->on_poweroff }, { "on_reboot", &c->on_reboot },
        { "on_watchdog", &c->on_watchdog }, { "on_crash", &c->on_crash },
        { "on_soft_reset", &c->on_soft_reset },
    };
    for (size_t i = 0; i < sizeof(a) / sizeof(a[0]); i++) {
        int v;
        int rc = xk__get_enum(b, a[i].key, action_names, action_values, &v);
        if (rc < 0)
            return rc;
        if (rc == 1)
            *a[i].dst = (unsigned)v;
    }
    return 0;
}

static const char *const tsc_names[] = {
    "default", "always_emulate", "native", "native_paravirt", NULL };
static const int tsc_values[] = { 0, 1, 2, 3 };
static const char *const timer_names[] = {
    "delay_for_missed_ticks", "no_delay_for_missed_ticks",
    "no_missed_ticks_pending", "one_missed_tick_pending", NULL };
static const int timer_values[] = { 0, 1, 2, 3 };
static const char *const altp2m_names[] = {
    "disabled", "mixed", "external", "limited", NULL };
static const int altp2m_values[] = { 0, 1, 2, 3 };

/* An enum option xl also takes as its number (deprecated for some). */
static int get_enum_or_number(struct xk__build *b, const char *key,
                              const char *const *names, const int *values,
                              int max, int *out, bool warn_number)
{
    struct xk__cfg_setting *s = xk__cfg_find(b->f, key);
    if (!s)
        return 0;
    long l;
    if (s->value->type == XK__CFG_ATOM && !xk__parse_long(s->value->str, &l)) {
        int rc = xk__get_long(b, key, 0, max, &l);
        if (rc < 0)
            return rc;
        if (warn_number)
            xk__warn(b, &s->value->loc, "%s: a number is deprecated, use "
                     "%s = \"%s\"", key, key, names[l]);
        *out = (int)l;
        return 1;
    }
    return xk__get_enum(b, key, names, values, out);
}

static int build_cmdline(struct xk__build *b)
{
    struct xk_domain_config *c = b->cfg;
    char *cmd = NULL;
    TRY(xk__get_string(b, "cmdline", &cmd));
    TRY(xk__get_string(b, "root", &c->root));
    TRY(xk__get_string(b, "extra", &c->extra));
    if (cmd) {
        c->cmdline = cmd;
        if (c->root || c->extra)
            xk__warn(b, xk__config_loc(c, "cmdline"), "ignoring root= and "
                     "extra= in favour of cmdline=");
        return 0;
    }
    int n = 0;
    if (c->root && c->extra)
        n = asprintf(&c->cmdline, "root=%s %s", c->root, c->extra);
    else if (c->root)
        n = asprintf(&c->cmdline, "root=%s", c->root);
    else if (c->extra)
        c->cmdline = xk__strdup(b, c->extra), n = c->cmdline ? 0 : -1;
    if (n < 0) {
        c->cmdline = NULL;
        return xk__error(b->ctx, XK_ENOMEM, "out of memory");
    }
    return 0;
}

static int build_boot(struct xk__build *b)
{
    struct xk_domain_config *c = b->cfg;
    long l;
    int rc;

    TRY(build_actions(b));
    if (c->type == XK_DOMAIN_TYPE_PV)
        TRY(xk__get_bool(b, "e820_host", &c->e820_host));
    TRY(xk__get_bool(b, "nomigrate", &c->disable_migrate));
    TRY(get_enum_or_number(b, "tsc_mode", tsc_names, tsc_values, 3,
                           &c->tsc_mode, true));
    rc = xk__get_long(b, "rtc_timeoffset", LONG_MIN, LONG_MAX, &l);
    if (rc < 0) return rc;
    if (rc == 1) c->rtc_timeoffset = (uint32_t)l;
    rc = xk__get_long(b, "vncviewer", LONG_MIN, LONG_MAX, &l);
    if (rc < 0) return rc;
    if (rc == 1)
        xk__warn(b, xk__config_loc(c, "vncviewer"), "ignoring \"vncviewer\"; "
                 "use xl create -V to start a viewer");
    TRY(xk__get_bool(b, "localtime", &c->localtime));
    rc = xk__get_long(b, "shadow_memory", 0, MAX_MIB, &l);
    if (rc < 0) return rc;
    if (rc == 1) c->shadow_memkb = (uint64_t)l * 1024;
    rc = xk__get_long(b, "videoram", 0, MAX_MIB, &l);
    if (rc < 0) return rc;
    if (rc == 1) c->video_memkb = (uint64_t)l * 1024;
    rc = xk__get_long(b, "max_event_channels", 0, UINT32_MAX, &l);
    if (rc < 0) return rc;
    if (rc == 1) c->event_channels = (uint32_t)l;

    TRY(xk__get_string(b, "kernel", &c->kernel));
    TRY(xk__get_string(b, "ramdisk", &c->ramdisk));
    TRY(xk__get_string(b, "device_tree", &c->device_tree));
    TRY(build_cmdline(b));
    TRY(xk__get_bool(b, "driver_domain", &c->driver_domain));
    TRY(xk__get_bool(b, "acpi", &c->acpi));
    TRY(xk__get_string(b, "bootloader", &c->bootloader));

    struct xk__cfg_setting *s = xk__cfg_find(b->f, "bootloader_args");
    if (s && s->value->type == XK__CFG_ATOM) {
        xk__warn(b, &s->value->loc, "bootloader_args as a string is "
                 "deprecated; use a list of arguments");
        char *dup = xk__strdup(b, s->value->str), *save = NULL;
        if (!dup)
            return XK_ENOMEM;
        for (char *t = strtok_r(dup, " \t\n", &save); t;
             t = strtok_r(NULL, " \t\n", &save))
            if (xk__strlist_push(&c->bootloader_args, t) < 0) {
                free(dup);
                return xk__error(b->ctx, XK_ENOMEM, "out of memory");
            }
        free(dup);
    } else {
        TRY(xk__get_strlist(b, "bootloader_args", &c->bootloader_args));
    }

    s = xk__cfg_find(b->f, "timer_mode");
    if (s && c->type == XK_DOMAIN_TYPE_PV)
        return xk__loc_error(b, &s->loc, "timer_mode", "found it for a PV "
                             "guest, expected it only for HVM and PVH");
    rc = get_enum_or_number(b, "timer_mode", timer_names, timer_values, 3,
                            &c->timer_mode, true);
    if (rc < 0) return rc;
    c->timer_mode_set = rc == 1;
    TRY(xk__get_bool(b, "nestedhvm", &c->nested_hvm));
    return 0;
}

/* What follows the type-specific part in xl's order. */
static int build_tail(struct xk__build *b)
{
    struct xk_domain_config *c = b->cfg;
    long l;
    int rc;

    TRY(get_enum_or_number(b, "altp2m", altp2m_names, altp2m_values, 3,
                           &c->altp2m, false));
    rc = xk__get_long(b, "vmtrace_buf_kb", 0, INT_MAX, &l);
    if (rc < 0) return rc;
    if (rc == 1) c->vmtrace_buf_kb = (int)l;

    /* device model (qemu) */
    if (xk__cfg_find(b->f, "device_model"))
        xk__warn(b, xk__config_loc(c, "device_model"), "ignoring "
                 "device_model; use device_model_override for a "
                 "non-default device model");
    TRY(xk__get_string(b, "device_model_override", &c->device_model));
    static const char *const dmv_names[] = {
        "qemu-xen-traditional", "qemu-xen", NULL };
    static const int dmv_values[] = { 1, 2 };
    TRY(xk__get_enum(b, "device_model_version", dmv_names, dmv_values,
                     &c->device_model_version));
    TRY(xk__get_bool(b, "device_model_stubdomain_override",
                     &c->device_model_stubdomain));
    TRY(xk__get_string(b, "device_model_user", &c->device_model_user));
    rc = xk__get_long(b, "stubdomain_memory", 0, MAX_MIB, &l);
    if (rc < 0) return rc;
    if (rc == 1) c->stubdomain_memkb = (uint64_t)l * 1024;
    TRY(xk__get_strlist(b, "device_model_args", &c->dm_extra));
    TRY(xk__get_strlist(b, "device_model_args_pv", &c->dm_extra_pv));
    TRY(xk__get_strlist(b, "device_model_args_hvm", &c->dm_extra_hvm));
    TRY(xk__get_bool(b, "dm_restrict", &c->dm_restrict));
    rc = xk__get_bool(b, "msr_relaxed", &c->msr_relaxed);
    if (rc < 0) return rc;
    if (rc == 1)
        xk__warn(b, xk__config_loc(c, "msr_relaxed"), "msr_relaxed will be "
                 "removed in future versions of Xen");
    TRY(xk__get_bool(b, "vpmu", &c->vpmu));
    return 0;
}

/* PV and PVH guests boot a kernel, or a bootloader finds one. */
static int build_pv_boot(struct xk__build *b)
{
    struct xk_domain_config *c = b->cfg;
    char *fw = NULL;
    int rc = xk__get_string(b, "firmware", &fw);
    if (rc < 0)
        return rc;
    if (rc == 1) {
        struct xk__cfg_setting *s = xk__cfg_find(b->f, "firmware");
        if (c->kernel) {
            free(fw);
            return xk__loc_error(b, &s->loc, "firmware", "found both kernel "
                                 "and firmware, expected only one");
        }
        if (!is_prefix(fw, "pvgrub32") && !is_prefix(fw, "pvgrub64")) {
            free(fw);
            return xk__value_error(b, "firmware", s->value,
                                   "\"pvgrub32\" or \"pvgrub64\"");
        }
        int n = asprintf(&c->kernel, "/usr/lib/xen-4.17/boot/%s.bin", fw);
        free(fw);
        if (n < 0) {
            c->kernel = NULL;
            return xk__error(b->ctx, XK_ENOMEM, "out of memory");
        }
    }
    if (!c->kernel && !c->bootloader)
        return xk__error(b->ctx, XK_ECONFIG, "%s: kernel: found neither "
                         "kernel nor bootloader, expected one of them for "
                         "a %s guest", b->f->names[0],
                         c->type == XK_DOMAIN_TYPE_PV ? "PV" : "PVH");
    return 0;
}

int xk__build_domain(struct xk__build *b)
{
    struct xk_domain_config *c = b->cfg;
    c->run_hotplug_scripts = XK_DEFBOOL_TRUE;  /* xl.conf's default */
    c->claim_mode = XK_DEFBOOL_TRUE;           /* xl.conf's default */

    TRY(build_identity(b));
    TRY(build_memory_cpus(b));
    TRY(build_boot(b));
    if (c->type == XK_DOMAIN_TYPE_HVM)
        TRY(xk__build_hvm(b));
    else
        TRY(build_pv_boot(b));
    TRY(build_tail(b));
    TRY(xk__build_devices(b));
    TRY(xk__build_carried(b));
    return 0;
}

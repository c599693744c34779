/*
 * carried.c: options xl knows but xenkit cannot act on yet (PCI
 * passthrough, vTPM, 9p, USB, vNUMA, I/O ports...): checked for their type
 * and values, then carried so creation can refuse them by name and place.
 * Also the warnings for options that do not apply to the guest's type.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/build.h"
#include "core/context.h"

#define TRY(x) do { int rc_ = (x); if (rc_ < 0) return rc_; } while (0)

enum kind { LIST, NESTED, STRING, NUMBER, STRING_OR_LIST };

struct carried_opt {
    const char *key;
    enum kind kind;
    const char *const *values;   /* allowed strings, or NULL */
};

static const char *const passthrough_v[] = { "default", "disabled",
    "enabled", "sync_pt", "share_pt", NULL };
static const char *const vuart_v[] = { "sbsa_uart", NULL };
static const char *const gic_v[] = { "default", "v2", "v3", NULL };
static const char *const tee_v[] = { "none", "optee", NULL };

static const struct carried_opt carried_opts[] = {
    { "pci", LIST, NULL }, { "dtdev", LIST, NULL }, { "vtpm", LIST, NULL },
    { "p9", LIST, NULL }, { "pvcalls", LIST, NULL },
    { "usbctrl", LIST, NULL }, { "usbdev", LIST, NULL },
    { "vdispl", LIST, NULL }, { "vsnd", NESTED, NULL },
    { "vkb", LIST, NULL }, { "ioports", LIST, NULL },
    { "irqs", LIST, NULL }, { "iomem", LIST, NULL },
    { "vnuma", NESTED, NULL }, { "cpuid", STRING_OR_LIST, NULL },
    { "rdm", STRING, NULL }, { "passthrough", STRING, passthrough_v },
    { "vuart", STRING, vuart_v }, { "gic_version", STRING, gic_v },
    { "tee", STRING, tee_v },
    { "pci_msitranslate", NUMBER, NULL }, { "pci_power_mgmt", NUMBER, NULL },
    { "pci_permissive", NUMBER, NULL }, { "pci_seize", NUMBER, NULL },
    { "device_model_stubdomain_seclabel", STRING, NULL },
    { "stubdomain_kernel", STRING, NULL },
    { "stubdomain_cmdline", STRING, NULL },
    { "stubdomain_ramdisk", STRING, NULL },
    { "xend_suspend_evtchn_compat", NUMBER, NULL },
};

/* Options xl reads only for HVM guests (silently ignored otherwise). */
static const char *const hvm_only[] = {
    "pae", "acpi_s3", "acpi_s4", "acpi_laptop_slate", "nx", "hpet",
    "vpt_align", "apic", "viridian", "mmio_hole", "altp2mhvm",
    "smbios_firmware", "acpi_firmware", "ms_vm_genid", "rdm_mem_boundary",
    "mca_caps", "firmware_override", "bios_path_override", "bios", "vga",
    "stdvga", "hdtype", "spice", "spiceport", "spicetls_port", "spicehost",
    "spicedisable_ticketing", "spicepasswd", "spiceagent_mouse",
    "spicevdagent", "spice_clipboard_sharing", "spiceusbredirection",
    "spice_image_compression", "spice_streaming_video", "nographic",
    "gfx_passthru", "serial", "boot", "usb", "usbversion", "usbdevice",
    "vkb_device", "soundhw", "xen_platform_pci", "vendor_device", "keymap",
    NULL,
};

static int check_value(struct xk__build *b, const struct carried_opt *o,
                       const struct xk__cfg_value *v, int depth)
{
    if (v->type == XK__CFG_LIST) {
        if (o->kind == STRING || o->kind == NUMBER ||
            (depth > 0 && o->kind != NESTED) || depth > 1)
            return xk__value_error(b, o->key, v, o->kind == NUMBER ?
                                   "a number" : "a string");
        for (size_t i = 0; i < v->n; i++)
            TRY(check_value(b, o, v->items[i], depth + 1));
        return 0;
    }
    if (depth == 0 && (o->kind == LIST || o->kind == NESTED))
        return xk__value_error(b, o->key, v, "a list");
    if (o->kind == NUMBER) {
        long l;
        if (xk__parse_long(v->str, &l) < 0)
            return xk__value_error(b, o->key, v, "a number");
    }
    if (o->values) {
        for (size_t i = 0; o->values[i]; i++)
            if (!strcmp(v->str, o->values[i]))
                return 0;
        char exp[160];
        size_t n = (size_t)snprintf(exp, sizeof(exp), "one of");
        for (size_t i = 0; o->values[i] && n < sizeof(exp); i++)
            n += (size_t)snprintf(exp + n, sizeof(exp) - n, "%s \"%s\"",
                                  i ? "," : "", o->values[i]);
        return xk__value_error(b, o->key, v, exp);
    }
    return 0;
}

static int push_items(struct xk_cfg_strlist *l, const struct xk__cfg_value *v)
{
    if (v->type == XK__CFG_ATOM)
        return xk__strlist_push(l, v->str);
    for (size_t i = 0; i < v->n; i++)
        if (push_items(l, v->items[i]) < 0)
            return XK_ENOMEM;
    return 0;
}

static int carry(struct xk__build *b, const struct xk__cfg_setting *s)
{
    struct xk_domain_config *c = b->cfg;
    struct xk_cfg_carried *nv = realloc(c->carried,
                                        (c->num_carried + 1) * sizeof(*nv));
    if (!nv)
        return xk__error(b->ctx, XK_ENOMEM, "out of memory");
    c->carried = nv;
    struct xk_cfg_carried *k = &nv[c->num_carried];
    memset(k, 0, sizeof(*k));
    c->num_carried++;
    k->loc = s->loc;
    k->key = strdup(s->key);
    if (!k->key || push_items(&k->items, s->value) < 0)
        return xk__error(b->ctx, XK_ENOMEM, "out of memory");
    return 0;
}

int xk__build_carried(struct xk__build *b)
{
    struct xk_domain_config *c = b->cfg;
    for (size_t i = 0; i < sizeof(carried_opts) / sizeof(carried_opts[0]);
         i++) {
        const struct carried_opt *o = &carried_opts[i];
        struct xk__cfg_setting *s = xk__cfg_find(b->f, o->key);
        if (!s)
            continue;
        TRY(check_value(b, o, s->value, 0));
        /* an empty list asks for nothing */
        if (s->value->type == XK__CFG_LIST && s->value->n == 0)
            continue;
        TRY(carry(b, s));
    }
    TRY(xk__carried_check(b));
    if (c->type != XK_DOMAIN_TYPE_HVM) {
        for (size_t i = 0; hvm_only[i]; i++) {
            struct xk__cfg_setting *s;
            bool was_used = false;
            for (size_t j = 0; j < b->f->n; j++)
                if (!strcmp(b->f->v[j].key, hvm_only[i]))
                    was_used = b->f->v[j].used;
            if (was_used || !(s = xk__cfg_find(b->f, hvm_only[i])))
                continue;
            xk__warn(b, &s->loc, "%s applies only to HVM guests: ignored, "
                     "as xl does", s->key);
        }
    }
    if (c->type != XK_DOMAIN_TYPE_PV) {
        struct xk__cfg_setting *s = xk__cfg_find(b->f, "e820_host");
        if (s)
            xk__warn(b, &s->loc, "e820_host applies only to PV guests: "
                     "ignored, as xl does");
    }
    if (c->type != XK_DOMAIN_TYPE_PVH) {
        static const char *const pvh_only[] = { "pvshim", "pvshim_path",
            "pvshim_cmdline", "pvshim_extra", NULL };
        for (size_t i = 0; pvh_only[i]; i++) {
            struct xk__cfg_setting *s = xk__cfg_find(b->f, pvh_only[i]);
            if (s)
                xk__warn(b, &s->loc, "%s applies only to PVH guests: "
                         "ignored, as xl does", s->key);
        }
    }
    return 0;
}

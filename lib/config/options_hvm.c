/*
 * options_hvm.c: the HVM section of xl.cfg (firmware, platform flags,
 * viridian, video, VNC/SDL/SPICE, serial, boot order, USB, sound), read as
 * xl reads it for type = "hvm".
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/build.h"
#include "core/context.h"

#define TRY(x) do { int rc_ = (x); if (rc_ < 0) return rc_; } while (0)
#define MAX_MIB_HVM 16777216L

/* vnc*, sdl, opengl, display, xauthority at top level */
int xk__build_vnc_sdl(struct xk__build *b, struct xk_vnc_opts *vnc,
                      struct xk_sdl_opts *sdl);
int xk__build_vnc_sdl(struct xk__build *b, struct xk_vnc_opts *vnc,
                      struct xk_sdl_opts *sdl)
{
    long l;
    int rc;
    TRY(xk__get_bool(b, "vnc", &vnc->enable));
    TRY(xk__get_string(b, "vnclisten", &vnc->listen));
    TRY(xk__get_string(b, "vncpasswd", &vnc->passwd));
    rc = xk__get_long(b, "vncdisplay", 0, 65535 - 5900, &l);
    if (rc < 0) return rc;
    if (rc == 1) vnc->display = (int)l;
    TRY(xk__get_bool(b, "vncunused", &vnc->findunused));
    TRY(xk__get_bool(b, "sdl", &sdl->enable));
    TRY(xk__get_bool(b, "opengl", &sdl->opengl));
    TRY(xk__get_string(b, "display", &sdl->display));
    TRY(xk__get_string(b, "xauthority", &sdl->xauthority));
    return 0;
}

static const char *const bios_names[] = { "rombios", "seabios", "ovmf",
                                          NULL };
static const int bios_values[] = { 1, 2, 3 };

static int build_firmware(struct xk__build *b)
{
    struct xk_domain_config *c = b->cfg;
    struct xk_hvm_opts *h = &c->hvm;
    if (c->kernel) {
        const char *base = strrchr(c->kernel, '/');
        base = base ? base + 1 : c->kernel;
        if (strcmp(base, "hvmloader") == 0) {
            xk__warn(b, xk__config_loc(c, "kernel"), "kernel= naming "
                     "hvmloader is ignored for HVM guests; use "
                     "firmware_override for a non-default firmware");
            free(c->kernel);
            c->kernel = NULL;
        }
    }
    TRY(xk__get_string(b, "firmware_override", &h->firmware));
    TRY(xk__get_string(b, "bios_path_override", &h->system_firmware));
    int rc = xk__get_enum(b, "bios", bios_names, bios_values, &h->bios);
    if (rc < 0)
        return rc;
    if (rc == 0 && h->system_firmware)
        xk__warn(b, xk__config_loc(c, "bios_path_override"),
                 "bios_path_override given without a specific bios");
    return 0;
}

/*
 * viridian= as a list: enlightenments to enable, "!name" to disable,
 * "all", "defaults". xl applies them in order to two 64-bit maps; the
 * result is kept as names: viridian_enable is "all" followed by "!name"
 * for each bit cleared after it, or the enabled names; viridian_disable
 * the disabled names.
 */
static int build_viridian(struct xk__build *b)
{
    static const char *const names[] = {
        "base", "freq", "time_ref_count", "reference_tsc",
        "hcall_remote_tlb_flush", "apic_assist", "crash_ctl", "synic",
        "stimer", "hcall_ipi", "ex_processor_masks", "no_vp_limit",
        "cpu_hotplug", NULL };
    struct xk_hvm_opts *h = &b->cfg->hvm;
    struct xk__cfg_setting *s = xk__cfg_find(b->f, "viridian");
    if (!s)
        return 0;
    if (s->value->type == XK__CFG_ATOM)
        return xk__get_bool(b, "viridian", &h->viridian);
    uint64_t en = 0, dis = 0;
    for (size_t i = 0; i < s->value->n; i++) {
        struct xk__cfg_value *it = s->value->items[i];
        if (it->type != XK__CFG_ATOM)
            return xk__value_error(b, "viridian", it, "an enlightenment "
                                   "name");
        const char *n = it->str;
        if (strcmp(n, "all") == 0) {
            en = ~(uint64_t)0;
            continue;
        }
        if (strcmp(n, "defaults") == 0) {
            h->viridian = XK_DEFBOOL_TRUE;
            continue;
        }
        int neg = *n == '!';
        size_t k;
        for (k = 0; names[k]; k++)
            if (strcmp(n + neg, names[k]) == 0)
                break;
        if (!names[k])
            return xk__value_error(b, "viridian", it, "an enlightenment "
                                   "(\"base\", \"freq\", \"time_ref_count\","
                                   " ..., \"all\", \"defaults\", or one "
                                   "prefixed with !)");
        if (neg) {
            dis |= (uint64_t)1 << k;
            en &= ~((uint64_t)1 << k);
        } else {
            en |= (uint64_t)1 << k;
            dis &= ~((uint64_t)1 << k);
        }
    }
    int all = (en >> 13) != 0;   /* bits past the known ones: from "all" */
    if (all && xk__strlist_push(&h->viridian_enable, "all") < 0)
        return xk__error(b->ctx, XK_ENOMEM, "out of memory");
    for (size_t k = 0; names[k]; k++) {
        char buf[40];
        int on = (en >> k) & 1;
        if (all && on)
            continue;
        if (!all && !on)
            continue;
        snprintf(buf, sizeof(buf), "%s%s", all ? "!" : "", names[k]);
        if (xk__strlist_push(&h->viridian_enable, buf) < 0)
            return xk__error(b->ctx, XK_ENOMEM, "out of memory");
    }
    for (size_t k = 0; names[k]; k++)
        if (((dis >> k) & 1) &&
            xk__strlist_push(&h->viridian_disable, names[k]) < 0)
            return xk__error(b->ctx, XK_ENOMEM, "out of memory");
    return 0;
}

/* serial= and usbdevice= are a string or a list of strings. */
static int string_or_list(struct xk__build *b, const char *key, char **str,
                          struct xk_cfg_strlist *list)
{
    struct xk__cfg_setting *s = xk__cfg_find(b->f, key);
    if (!s)
        return 0;
    if (s->value->type == XK__CFG_ATOM)
        return xk__get_string(b, key, str);
    return xk__get_strlist(b, key, list);
}

static int build_display(struct xk__build *b)
{
    struct xk_hvm_opts *h = &b->cfg->hvm;
    long l;
    int rc;
    static const char *const vga_names[] = { "stdvga", "cirrus", "none",
                                             "qxl", NULL };
    static const int vga_values[] = { 2, 1, 3, 4 };
    rc = xk__get_enum(b, "vga", vga_names, vga_values, &h->vga_kind);
    if (rc < 0)
        return rc;
    if (rc == 0) {
        rc = xk__get_long(b, "stdvga", LONG_MIN, LONG_MAX, &l);
        if (rc < 0) return rc;
        if (rc == 1) h->vga_kind = l ? 2 : 1;
    }
    static const char *const hd_names[] = { "ide", "ahci", NULL };
    static const int hd_values[] = { 1, 2 };
    TRY(xk__get_enum(b, "hdtype", hd_names, hd_values, &h->hdtype));
    TRY(xk__get_string(b, "keymap", &h->keymap));
    TRY(xk__get_bool(b, "spice", &h->spice_enable));
    rc = xk__get_long(b, "spiceport", 0, 65535, &l);
    if (rc < 0) return rc;
    if (rc == 1) h->spice_port = (int)l;
    rc = xk__get_long(b, "spicetls_port", 0, 65535, &l);
    if (rc < 0) return rc;
    if (rc == 1) h->spice_tls_port = (int)l;
    TRY(xk__get_string(b, "spicehost", &h->spice_host));
    TRY(xk__get_bool(b, "spicedisable_ticketing",
                     &h->spice_disable_ticketing));
    TRY(xk__get_string(b, "spicepasswd", &h->spice_passwd));
    TRY(xk__get_bool(b, "spiceagent_mouse", &h->spice_agent_mouse));
    TRY(xk__get_bool(b, "spicevdagent", &h->spice_vdagent));
    TRY(xk__get_bool(b, "spice_clipboard_sharing",
                     &h->spice_clipboard_sharing));
    rc = xk__get_long(b, "spiceusbredirection", 0, 16, &l);
    if (rc < 0) return rc;
    if (rc == 1) h->spice_usbredirection = (int)l;
    TRY(xk__get_string(b, "spice_image_compression",
                       &h->spice_image_compression));
    TRY(xk__get_string(b, "spice_streaming_video",
                       &h->spice_streaming_video));
    TRY(xk__get_bool(b, "nographic", &h->nographic));

    struct xk__cfg_setting *s = xk__cfg_find(b->f, "gfx_passthru");
    if (s && s->value->type == XK__CFG_ATOM &&
        xk__parse_long(s->value->str, &l) == XK_EINVAL) {
        static const char *const gp_names[] = { "default", "igd", NULL };
        static const int gp_values[] = { 0, 1 };
        TRY(xk__get_enum(b, "gfx_passthru", gp_names, gp_values,
                         &h->gfx_passthru_kind));
        h->gfx_passthru = XK_DEFBOOL_TRUE;
    } else {
        TRY(xk__get_bool(b, "gfx_passthru", &h->gfx_passthru));
    }
    return 0;
}

int xk__build_hvm(struct xk__build *b)
{
    struct xk_domain_config *c = b->cfg;
    struct xk_hvm_opts *h = &c->hvm;
    long l;
    int rc;

    TRY(build_firmware(b));
    TRY(xk__get_bool(b, "pae", &h->pae));
    TRY(xk__get_bool(b, "acpi_s3", &h->acpi_s3));
    TRY(xk__get_bool(b, "acpi_s4", &h->acpi_s4));
    TRY(xk__get_bool(b, "acpi_laptop_slate", &h->acpi_laptop_slate));
    TRY(xk__get_bool(b, "nx", &h->nx));
    TRY(xk__get_bool(b, "hpet", &h->hpet));
    TRY(xk__get_bool(b, "vpt_align", &h->vpt_align));
    TRY(xk__get_bool(b, "apic", &c->apic));
    TRY(build_viridian(b));
    rc = xk__get_long(b, "mmio_hole", 256, 3840, &l);
    if (rc < 0) return rc;
    if (rc == 1) h->mmio_hole_memkb = (uint64_t)l * 1024;
    rc = xk__get_bool(b, "altp2mhvm", &h->altp2m);
    if (rc < 0) return rc;
    if (rc == 1)
        xk__warn(b, xk__config_loc(c, "altp2mhvm"), "altp2mhvm is "
                 "deprecated; use altp2m");
    TRY(xk__get_string(b, "smbios_firmware", &h->smbios_firmware));
    TRY(xk__get_string(b, "acpi_firmware", &h->acpi_firmware));
    static const char *const genid_names[] = { "generate", "none", NULL };
    static const int genid_values[] = { 1, 0 };
    int genid = 0;
    TRY(xk__get_enum(b, "ms_vm_genid", genid_names, genid_values, &genid));
    if (genid)
        for (int i = 0; i < 16; i++)   /* a fixed marker; made at create */
            h->ms_vm_genid[i] = (uint8_t)(i + 1);
    rc = xk__get_long(b, "rdm_mem_boundary", 0, MAX_MIB_HVM, &l);
    if (rc < 0) return rc;
    if (rc == 1) h->rdm_mem_boundary_memkb = (uint64_t)l * 1024;

    struct xk__cfg_setting *s = xk__cfg_find(b->f, "mca_caps");
    if (s) {
        if (s->value->type != XK__CFG_LIST)
            return xk__value_error(b, "mca_caps", s->value, "a list");
        for (size_t i = 0; i < s->value->n; i++) {
            struct xk__cfg_value *it = s->value->items[i];
            if (it->type != XK__CFG_ATOM || strcmp(it->str, "lmce"))
                return xk__value_error(b, "mca_caps", it, "\"lmce\"");
            h->mca_caps |= 1;   /* XEN_HVM_MCA_CAP_LMCE */
        }
    }

    /* firmware=: a bios name, uefi/bios, or a path */
    char *fw = NULL;
    rc = xk__get_string(b, "firmware", &fw);
    if (rc < 0)
        return rc;
    if (rc == 1) {
        int k;
        for (k = 0; bios_names[k]; k++)
            if (strcmp(fw, bios_names[k]) == 0)
                break;
        if (bios_names[k])
            h->bios = bios_values[k];
        else if (*fw && strncmp(fw, "uefi", strlen(fw)) == 0)
            h->bios = 3;
        else if (!*fw || strncmp(fw, "bios", strlen(fw)) != 0) {
            free(h->firmware);
            h->firmware = fw;
            fw = NULL;
        }
        free(fw);
    }
    TRY(build_display(b));
    TRY(string_or_list(b, "serial", &h->serial, &h->serial_list));
    TRY(xk__get_string(b, "boot", &h->boot));
    if (h->boot && (!h->boot[0] || strspn(h->boot, "acdn") !=
                    strlen(h->boot)))
        return xk__value_error(b, "boot", xk__cfg_find(b->f, "boot")->value,
                               "boot devices: letters a (floppy), c (disk),"
                               " d (CD-ROM), n (network)");
    TRY(xk__get_bool(b, "usb", &h->usb));
    rc = xk__get_long(b, "usbversion", 1, 3, &l);
    if (rc < 0) return rc;
    if (rc == 1) h->usbversion = (int)l;
    TRY(string_or_list(b, "usbdevice", &h->usbdevice, &h->usbdevice_list));
    TRY(xk__get_bool(b, "vkb_device", &h->vkb_device));
    TRY(xk__get_string(b, "soundhw", &h->soundhw));
    TRY(xk__get_bool(b, "xen_platform_pci", &h->xen_platform_pci));
    TRY(xk__build_vnc_sdl(b, &h->vnc, &h->sdl));
    if (h->vnc.listen && h->vnc.display && strchr(h->vnc.listen, ':'))
        return xk__loc_error(b, xk__config_loc(c, "vncdisplay"),
                             "vncdisplay", "found a display in vnclisten "
                             "too, expected it in only one of them");
    static const char *const vd_names[] = { "none", "xenserver", NULL };
    static const int vd_values[] = { 0, 1 };
    TRY(xk__get_enum(b, "vendor_device", vd_names, vd_values,
                     &h->vendor_device));
    return 0;
}

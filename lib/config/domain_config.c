/*
 * domain_config.c: the public entry points of the config layer: parse a
 * file or a string with command-line overrides into a struct
 * xk_domain_config, warn about unknown options, free it, and read it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/build.h"
#include "core/context.h"

static void free_cpumaps(struct xk_cfg_cpumap *m, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(m[i].bits);
    free(m);
}

void xk_config_free(xk_domain_config *c)
{
    if (!c)
        return;
    free(c->source_name);
    free(c->name);
    free(c->pool_name);
    free(c->ssid_label);
    free(c->exec_ssid_label);
    free(c->cpumap.bits);
    free_cpumaps(c->vcpu_hard_affinity, c->num_vcpu_hard_affinity);
    free_cpumaps(c->vcpu_soft_affinity, c->num_vcpu_soft_affinity);
    free(c->cpus_text);
    free(c->cpus_soft_text);
    free(c->kernel);
    free(c->ramdisk);
    free(c->cmdline);
    free(c->root);
    free(c->extra);
    free(c->bootloader);
    xk__strlist_free(&c->bootloader_args);
    free(c->device_tree);
    free(c->pvshim_path);
    free(c->pvshim_cmdline);
    free(c->pvshim_extra);
    free(c->blkdev_start);
    free(c->device_model);
    free(c->device_model_user);
    xk__strlist_free(&c->dm_extra);
    xk__strlist_free(&c->dm_extra_pv);
    xk__strlist_free(&c->dm_extra_hvm);
    for (size_t i = 0; i < c->num_disks; i++)
        xk__disk_spec_dispose(&c->disks[i]);
    free(c->disks);
    for (size_t i = 0; i < c->num_vifs; i++)
        xk__vif_spec_dispose(&c->vifs[i]);
    free(c->vifs);
    for (size_t i = 0; i < c->num_vfbs; i++) {
        struct xk_vfb_spec *f = &c->vfbs[i];
        free(f->backend_domname);
        free(f->vnc.listen);
        free(f->vnc.passwd);
        free(f->sdl.display);
        free(f->sdl.xauthority);
        free(f->keymap);
    }
    free(c->vfbs);
    for (size_t i = 0; i < c->num_channels; i++) {
        free(c->channels[i].name);
        free(c->channels[i].backend_domname);
        free(c->channels[i].path);
    }
    free(c->channels);
    struct xk_hvm_opts *h = &c->hvm;
    free(h->firmware);
    free(h->system_firmware);
    free(h->smbios_firmware);
    free(h->acpi_firmware);
    xk__strlist_free(&h->viridian_enable);
    xk__strlist_free(&h->viridian_disable);
    free(h->timeoffset);
    free(h->vnc.listen);
    free(h->vnc.passwd);
    free(h->sdl.display);
    free(h->sdl.xauthority);
    free(h->keymap);
    free(h->serial);
    xk__strlist_free(&h->serial_list);
    free(h->boot);
    free(h->usbdevice);
    xk__strlist_free(&h->usbdevice_list);
    free(h->soundhw);
    free(h->spice_host);
    free(h->spice_passwd);
    free(h->spice_image_compression);
    free(h->spice_streaming_video);
    for (size_t i = 0; i < c->num_carried; i++) {
        free(c->carried[i].key);
        xk__strlist_free(&c->carried[i].items);
    }
    free(c->carried);
    for (size_t i = 0; i < c->num_warnings; i++)
        free(c->warnings[i]);
    free(c->warnings);
    if (c->file_) {
        xk__cfg_file_dispose(c->file_);
        free(c->file_);
    }
    free(c);
}

/* libxl's initial values: what xl starts from before reading options. */
static void init_defaults(struct xk_domain_config *c)
{
    c->type = XK_DOMAIN_TYPE_INVALID;
    c->target_memkb = c->max_memkb = XK_MEMKB_DEFAULT;
    c->shadow_memkb = c->video_memkb = c->stubdomain_memkb = XK_MEMKB_DEFAULT;
    c->sched_weight = c->sched_cap = c->sched_period = c->sched_slice =
        c->sched_latency = c->sched_extratime = -1;
    c->max_grant_frames = c->max_maptrack_frames = UINT32_MAX;
    c->max_grant_version = -1;
    c->timer_mode = -1;
    c->on_poweroff = XK_ACTION_DESTROY;
    c->on_reboot = XK_ACTION_RESTART;
    c->on_watchdog = XK_ACTION_DESTROY;
    c->on_crash = XK_ACTION_DESTROY;
    c->on_soft_reset = XK_ACTION_SOFT_RESET;
    c->hvm.mmio_hole_memkb = XK_MEMKB_DEFAULT;
    c->hvm.rdm_mem_boundary_memkb = XK_MEMKB_DEFAULT;
    c->hvm.rdm_policy = -1;
    c->hvm.hdtype = 1;
}

static int warn_unknown(struct xk__build *b)
{
    for (size_t i = 0; i < b->f->n; i++) {
        struct xk__cfg_setting *s = &b->f->v[i];
        if (s->used)
            continue;
        int rc = xk__warn(b, &s->loc, "unknown option `%s' ignored", s->key);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* Command-line KEY=VALUE arguments, one per line, as xl appends them. */
static int parse_overrides(xk_ctx *ctx, struct xk__cfg_file *f,
                           const char *const *ov, size_t n)
{
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        if (!ov[i] || strchr(ov[i], '\n'))
            return xk__error(ctx, XK_EINVAL, "command line: override %zu: "
                             "found a newline, expected one KEY=VALUE", i + 1);
        len += strlen(ov[i]) + 1;
    }
    char *text = malloc(len + 1), *p = text;
    if (!text)
        return xk__error(ctx, XK_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(ov[i]);
        memcpy(p, ov[i], l);
        p += l;
        *p++ = '\n';
    }
    *p = '\0';
    int rc = xk__cfg_parse(ctx, f, "command line", text, len, true);
    free(text);
    return rc;
}

int xk_config_parse_string(xk_ctx *ctx, const char *source_name,
                           const char *text, size_t len,
                           const char *const *overrides, size_t noverrides,
                           xk_domain_config **cfg_r)
{
    if (!ctx || !cfg_r || (!text && len) || (!overrides && noverrides))
        return XK_EINVAL;
    xk__clear_error(ctx);
    *cfg_r = NULL;
    if (!source_name)
        source_name = "<string>";

    struct xk_domain_config *c = calloc(1, sizeof(*c));
    if (!c)
        return xk__error(ctx, XK_ENOMEM, "out of memory");
    init_defaults(c);
    c->file_ = calloc(1, sizeof(*c->file_));
    c->source_name = strdup(source_name);
    int rc;
    if (!c->file_ || !c->source_name) {
        rc = xk__error(ctx, XK_ENOMEM, "out of memory");
        goto fail;
    }
    xk__cfg_file_init(c->file_);
    rc = xk__cfg_parse(ctx, c->file_, source_name, text ? text : "", len,
                       false);
    if (rc)
        goto fail;
    if (noverrides) {
        rc = parse_overrides(ctx, c->file_, overrides, noverrides);
        if (rc)
            goto fail;
    }
    struct xk__build b = { .ctx = ctx, .f = c->file_, .cfg = c };
    rc = xk__build_domain(&b);
    if (rc)
        goto fail;
    rc = warn_unknown(&b);
    if (rc)
        goto fail;
    *cfg_r = c;
    return 0;
fail:
    xk_config_free(c);
    return rc < 0 ? rc : XK_ECONFIG;
}

int xk_config_parse_file(xk_ctx *ctx, const char *path,
                         const char *const *overrides, size_t noverrides,
                         xk_domain_config **cfg_r)
{
    if (!ctx || !path || !cfg_r)
        return XK_EINVAL;
    xk__clear_error(ctx);
    *cfg_r = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return xk__error(ctx, errno == ENOENT ? XK_ENOENT : XK_EIO,
                         "%s: cannot read the configuration: %s", path,
                         strerror(errno));
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    if (!buf) {
        close(fd);
        return xk__error(ctx, XK_ENOMEM, "out of memory");
    }
    for (;;) {
        if (len == cap) {
            if (cap > XK__CFG_MAX_TEXT) {
                free(buf);
                close(fd);
                return xk__error(ctx, XK_ECONFIG, "%s: the configuration is "
                                 "larger than %u bytes", path,
                                 XK__CFG_MAX_TEXT);
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                close(fd);
                return xk__error(ctx, XK_ENOMEM, "out of memory");
            }
            buf = nb;
            cap *= 2;
        }
        ssize_t n = read(fd, buf + len, cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            free(buf);
            close(fd);
            return xk__error(ctx, XK_EIO, "%s: cannot read the "
                             "configuration: %s", path, strerror(e));
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    close(fd);
    int rc = xk_config_parse_string(ctx, path, buf, len, overrides,
                                    noverrides, cfg_r);
    free(buf);
    return rc;
}

size_t xk_config_warning_count(const xk_domain_config *cfg)
{
    return cfg ? cfg->num_warnings : 0;
}

const char *xk_config_warning(const xk_domain_config *cfg, size_t i)
{
    return cfg && i < cfg->num_warnings ? cfg->warnings[i] : NULL;
}

const char *xk_config_name(const xk_domain_config *cfg)
{
    return cfg ? cfg->name : NULL;
}

unsigned xk_config_action(const xk_domain_config *cfg, unsigned reason)
{
    if (!cfg)
        return XK_ACTION_DESTROY;
    switch (reason) {
    case XK_SHUTDOWN_POWEROFF: return cfg->on_poweroff;
    case XK_SHUTDOWN_REBOOT: return cfg->on_reboot;
    case XK_SHUTDOWN_CRASH: return cfg->on_crash;
    case XK_SHUTDOWN_WATCHDOG: return cfg->on_watchdog;
    case XK_SHUTDOWN_SOFT_RESET: return cfg->on_soft_reset;
    default: return XK_ACTION_DESTROY;
    }
}

const struct xk_cfg_loc *xk__config_loc(const struct xk_domain_config *cfg,
                                        const char *key)
{
    if (!cfg || !cfg->file_)
        return NULL;
    for (size_t i = 0; i < cfg->file_->n; i++)
        if (strcmp(cfg->file_->v[i].key, key) == 0)
            return &cfg->file_->v[i].loc;
    return NULL;
}

static int verror_loc(xk_ctx *ctx, const char *source,
                      const struct xk_cfg_loc *loc, const char *key,
                      int code, const char *fmt, va_list ap)
{
    char msg[768];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    if (loc && loc->line)
        return xk__error(ctx, code, "%s:%u:%u: %s: %s", loc->file, loc->line,
                         loc->column, key, msg);
    return xk__error(ctx, code, "%s: %s: %s", source ? source : "config",
                     key, msg);
}

int xk__config_error_at(xk_ctx *ctx, const struct xk_domain_config *cfg,
                        const char *key, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = verror_loc(ctx, cfg ? cfg->source_name : NULL,
                        xk__config_loc(cfg, key), key, code, fmt, ap);
    va_end(ap);
    return rc;
}

int xk__config_error_loc(xk_ctx *ctx, const struct xk_cfg_loc *loc,
                         const char *key, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = verror_loc(ctx, loc ? loc->file : NULL, loc, key, code, fmt,
                        ap);
    va_end(ap);
    return rc;
}

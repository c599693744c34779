/*
 * from_config.c: xk_domain_create: checks that a parsed configuration asks
 * only for what xenkit can build (a PV guest from a kernel file), applies
 * libxl's defaults and hands the flat description to create.c. Anything
 * it cannot honour is an error naming the option and where it was set:
 * nothing in a config is silently ignored.
 */
#include <stdlib.h>
#include <string.h>

#include "config/domain_config.h"
#include "core/context.h"
#include "domain/create.h"
#include "domain/lifecycle.h"

static void origin(const xk_domain_config *cfg, const char *key,
                   struct xk__origin *o)
{
    const struct xk_cfg_loc *l = xk__config_loc(cfg, key);
    if (l) {
        o->file = l->file;
        o->line = l->line;
        o->column = l->column;
    } else {
        o->file = NULL;
        o->line = o->column = 0;
    }
}

static int unsupported(xk_ctx *ctx, const xk_domain_config *cfg,
                       const char *key, const char *what)
{
    return xk__config_error_at(ctx, cfg, key, XK_EUNSUPPORTED,
                               "%s: not supported by xenkit yet", what);
}

/* Options a PV domain could have that xenkit does not implement. */
static int check_supported(xk_ctx *ctx, const xk_domain_config *cfg)
{
    if (cfg->type != XK_DOMAIN_TYPE_PV)
        return unsupported(ctx, cfg, "type", "HVM and PVH guests");
    if (cfg->bootloader)
        return unsupported(ctx, cfg, "bootloader",
                           "bootloaders (give kernel= and ramdisk=)");
    if (cfg->num_carried)
        return xk__config_error_loc(ctx, &cfg->carried[0].loc,
                                    cfg->carried[0].key, XK_EUNSUPPORTED,
                                    "not supported by xenkit yet");
    if (cfg->num_vfbs)
        return xk__config_error_loc(ctx, &cfg->vfbs[0].loc, "vfb",
                                    XK_EUNSUPPORTED,
                                    "not supported by xenkit yet");
    if (cfg->num_channels)
        return xk__config_error_loc(ctx, &cfg->channels[0].loc, "channel",
                                    XK_EUNSUPPORTED,
                                    "not supported by xenkit yet");
    if (cfg->pool_name && strcmp(cfg->pool_name, "Pool-0") != 0)
        return unsupported(ctx, cfg, "pool", "CPU pools other than Pool-0");
    if (cfg->num_vcpu_soft_affinity)
        return unsupported(ctx, cfg, "cpus_soft", "soft CPU affinity");
    if (cfg->device_tree)
        return unsupported(ctx, cfg, "device_tree", "device trees");
    if (xk_defbool_val(cfg->e820_host, false))
        return unsupported(ctx, cfg, "e820_host", "the host's e820 map");
    if (xk_defbool_val(cfg->vpmu, false))
        return unsupported(ctx, cfg, "vpmu", "the virtual PMU");
    if (cfg->tsc_mode != 0)
        return unsupported(ctx, cfg, "tsc_mode", "TSC modes but the default");
    if (cfg->sched_weight != -1 || cfg->sched_cap != -1)
        return unsupported(ctx, cfg, cfg->sched_weight != -1 ? "weight" : "cap",
                           "scheduler parameters");
    if (cfg->max_grant_version >= 0)
        return unsupported(ctx, cfg, "max_grant_version",
                           "choosing the grant table version");
    return 0;
}

/* A config cpumap as the hypervisor layer's; nbits == 0 means "all". */
static void cpumap_view(const struct xk_cfg_cpumap *c, struct xk__cpumap *m)
{
    m->bits = c->bits;
    m->bytes = (c->nbits + 7) / 8;
}

/* The config stored for xl and libxl (userdata.c), as create.h's
 * meanwhile work. */
struct stored {
    const xk_domain_config *cfg;
    const struct xk_vif_spec *nics;
};

static void store_config(xk_ctx *ctx, void *arg, uint32_t domid)
{
    const struct stored *st = arg;
    xk__userdata_write(ctx, st->cfg, st->nics, domid);
    xk__timing(ctx, "create: stored config written");
}

static int create(xk_ctx *ctx, const xk_domain_config *cfg, unsigned flags,
                  const xk_lifecycle *lc, uint32_t *domid_r)
{
    if (!ctx || !cfg || !domid_r || (flags & ~XK_CREATE_PAUSED))
        return XK_EINVAL;
    xk__clear_error(ctx);
    int rc = lc ? xk__lifecycle_check(ctx, lc) : 0;
    if (!rc)
        rc = check_supported(ctx, cfg);
    if (rc)
        return rc;

    struct xk__domspec s;
    memset(&s, 0, sizeof(s));
    s.name = cfg->name;
    memcpy(s.uuid, cfg->uuid, 16);
    s.uuid_random = !cfg->uuid_set;
    s.kernel = cfg->kernel;
    s.ramdisk = cfg->ramdisk;
    s.cmdline = cfg->cmdline;
    s.target_kb = cfg->memory_kb;
    s.max_kb = cfg->maxmem_kb;
    s.vcpus = cfg->vcpus;
    s.max_vcpus = cfg->max_vcpus;
    s.max_evtchn_port = cfg->event_channels ? cfg->event_channels : 1023;
    s.max_grant_frames = cfg->max_grant_frames == UINT32_MAX
                       ? -1 : (int32_t)cfg->max_grant_frames;
    s.max_maptrack_frames = cfg->max_maptrack_frames == UINT32_MAX
                          ? -1 : (int32_t)cfg->max_maptrack_frames;
    origin(cfg, "name", &s.at_name);
    origin(cfg, "kernel", &s.at_kernel);
    origin(cfg, "ramdisk", &s.at_ramdisk);
    origin(cfg, "memory", &s.at_memory);
    origin(cfg, "maxmem", &s.at_maxmem);
    origin(cfg, "vcpus", &s.at_vcpus);

    /* Affinity: one set for all vcpus (cpus="2-3") or one per vcpu
     * (cpus=["2", "3"]). */
    struct xk__cpumap one, *per = NULL;
    if (cfg->num_vcpu_hard_affinity) {
        per = calloc(cfg->num_vcpu_hard_affinity, sizeof(*per));
        if (!per)
            return xk__error(ctx, XK_ENOMEM, "out of memory");
        for (size_t i = 0; i < cfg->num_vcpu_hard_affinity; i++)
            cpumap_view(&cfg->vcpu_hard_affinity[i], &per[i]);
        s.affinity = per;
        s.naffinity = cfg->num_vcpu_hard_affinity;
    } else if (cfg->cpumap.nbits) {
        cpumap_view(&cfg->cpumap, &one);
        s.affinity = &one;
        s.naffinity = 1;
    }

    /* The device layer fills in generated MACs: work on copies, the
     * caller's config is const. */
    struct xk_vif_spec *nics = NULL;
    if (cfg->num_vifs) {
        nics = malloc(cfg->num_vifs * sizeof(*nics));
        if (!nics) {
            free(per);
            return xk__error(ctx, XK_ENOMEM, "out of memory");
        }
        memcpy(nics, cfg->vifs, cfg->num_vifs * sizeof(*nics));
    }
    s.lifecycle = lc;
    s.disks = cfg->disks;
    s.ndisks = cfg->num_disks;
    s.nics = nics;
    s.nnics = cfg->num_vifs;

    /* Without network devices the config is final before the create
     * (no MAC is made up), so it is stored while xenstored writes the
     * domain's home; otherwise once the devices are in. */
    struct stored st = { cfg, nics };
    if (!cfg->num_vifs) {
        s.meanwhile = store_config;
        s.meanwhile_arg = &st;
    }
    rc = xk__domain_create_spec(ctx, &s, flags, domid_r);
    if (rc == 0 && cfg->num_vifs) {
        xk__userdata_write(ctx, cfg, nics, *domid_r);
        xk__timing(ctx, "create: stored config written");
    }
    free(nics);
    free(per);
    return rc;
}

int xk_domain_create(xk_ctx *ctx, const xk_domain_config *cfg, unsigned flags,
                     uint32_t *domid_r)
{
    return create(ctx, cfg, flags, NULL, domid_r);
}

int xk_domain_create_supervised(xk_ctx *ctx, const xk_domain_config *cfg,
                                unsigned flags, const xk_lifecycle *lc,
                                uint32_t *domid_r)
{
    return create(ctx, cfg, flags, lc, domid_r);
}

/*
 * running_config.c: xk_domain_config_json, a domain's configuration as
 * `xl list -l` prints it: the config libxl (or our create) stored in
 * /var/lib/xen/userdata-d.DOMID.UUID.libxl-json, refreshed from the live
 * domain the way libxl_retrieve_domain_configuration does.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xenctrl.h>

#include "config/json_out.h"
#include "core/context.h"
#include "domain/create.h"
#include "domain/libxl_json.h"
#include "domain/userdata.h"
#include "hv/hv.h"
#include "store/store.h"

/* A stored config bigger than this is not one libxl wrote. */
#define STORED_MAX (4u << 20)

/* Reads the stored config: XK_ENOENT when there is none or it is empty
 * (libxl treats both as "no config"). *root_r is the caller's. */
static int load_stored(xk_ctx *ctx, uint32_t domid, const uint8_t uuid[16],
                       json_t **root_r)
{
    char path[256];
    xk__userdata_path(path, sizeof(path), domid, uuid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT)
        return xk__error(ctx, XK_ENOENT, "domain %u has no stored "
                         "configuration (%s)", domid, path);
    if (fd < 0)
        return xk__error(ctx, XK_EIO, "%s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size > STORED_MAX) {
        close(fd);
        return xk__error(ctx, XK_EIO, "%s: not a configuration file "
                         "(too big or unreadable)", path);
    }
    size_t cap = (size_t)st.st_size + 1, len = 0;
    char *buf = malloc(cap);
    if (!buf) {
        close(fd);
        return xk__error(ctx, XK_ENOMEM, "out of memory");
    }
    for (;;) {
        ssize_t r = read(fd, buf + len, cap - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        len += (size_t)r;
        if (len == cap)
            break;
    }
    close(fd);
    /* libxl stores the text with its terminating NUL. */
    while (len && buf[len - 1] == '\0')
        len--;
    if (len == 0) {
        free(buf);
        return xk__error(ctx, XK_ENOENT, "domain %u has no stored "
                         "configuration (%s is empty)", domid, path);
    }
    json_error_t err;
    json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err);
    free(buf);
    if (!root || !json_is_object(root)) {
        json_decref(root);
        return root ? xk__error(ctx, XK_ECONFIG, "%s: not a domain "
                                "configuration", path)
                    : xk__error(ctx, XK_ECONFIG, "%s:%d: %s", path,
                                err.line, err.text);
    }
    *root_r = root;
    return 0;
}

/* A decimal xenstore node of the domain; XK_ENOENT if missing. */
static int read_kb(xk_ctx *ctx, uint32_t domid, const char *node,
                   uint64_t *v_r)
{
    char path[XK_STORE_PATH_MAX];
    int rc = xk__store_path(ctx, path, sizeof(path), "/local/domain/%u/%s",
                            domid, node);
    return rc ? rc : xk__store_read_u64(ctx, XK_STORE_NOTXN, path, v_r);
}

static int memory(xk_ctx *ctx, const xk_dominfo *info,
                  struct xk__live_domain *l)
{
    int rc = read_kb(ctx, info->domid, "memory/target", &l->target_kb);
    if (rc == 0)
        rc = read_kb(ctx, info->domid, "memory/static-max",
                     &l->static_max_kb);
    if (rc == XK_ENOENT && info->domid == 0) {
        /* dom0 may have no memory nodes: libxl takes the hypervisor's. */
        l->target_kb = info->current_kb;
        l->static_max_kb = info->max_kb;
        return 0;
    }
    if (rc == XK_ENOENT)
        return xk__error(ctx, XK_ENOENT, "domain %u: no memory target in "
                         "xenstore", info->domid);
    return rc;
}

/* The vcpus xenstore says are online, of the first n. */
static int vcpus(xk_ctx *ctx, uint32_t domid, size_t n, uint8_t **on_r)
{
    uint8_t *on = calloc(n ? n : 1, 1);
    if (!on)
        return xk__error(ctx, XK_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        char path[XK_STORE_PATH_MAX], val[16];
        int rc = xk__store_path(ctx, path, sizeof(path),
                                "/local/domain/%u/cpu/%zu/availability",
                                domid, i);
        if (!rc)
            rc = xk__store_read_buf(ctx, XK_STORE_NOTXN, path, val,
                                    sizeof(val));
        if (rc == 0)
            on[i] = strcmp(val, "online") == 0;
        else if (rc != XK_ENOENT) {
            free(on);
            return rc;
        }
    }
    *on_r = on;
    return 0;
}

static int sched(xk_ctx *ctx, const xk_dominfo *info,
                 struct xk__live_domain *l)
{
    int rc = xk__hv_open(ctx);
    if (rc)
        return rc;
    xk__hv_clear_log(ctx);
    xc_cpupoolinfo_t *pool = xc_cpupool_getinfo(ctx->xc, info->cpupool);
    if (!pool || pool->cpupool_id != info->cpupool) {
        if (pool)
            xc_cpupool_infofree(ctx->xc, pool);
        return xk__hv_fail(ctx, XK_EXEN, errno, "reading the domain's "
                           "CPU pool");
    }
    l->sched_id = pool->sched_id;
    xc_cpupool_infofree(ctx->xc, pool);
    l->weight = l->cap = l->period = l->budget = -1;
    int r = 0;
    if (l->sched_id == XEN_SCHEDULER_CREDIT) {
        struct xen_domctl_sched_credit s;
        if ((r = xc_sched_credit_domain_get(ctx->xc, info->domid, &s)) == 0)
            l->weight = s.weight, l->cap = s.cap;
    } else if (l->sched_id == XEN_SCHEDULER_CREDIT2) {
        struct xen_domctl_sched_credit2 s;
        if ((r = xc_sched_credit2_domain_get(ctx->xc, info->domid, &s)) == 0)
            l->weight = s.weight, l->cap = s.cap;
    } else if (l->sched_id == XEN_SCHEDULER_RTDS) {
        struct xen_domctl_sched_rtds s;
        if ((r = xc_sched_rtds_domain_get(ctx->xc, info->domid, &s)) == 0)
            l->period = (int)s.period, l->budget = (int)s.budget;
    }
    if (r)
        return xk__hv_fail(ctx, XK_EXEN, errno, "reading the domain's "
                           "scheduler parameters");
    return 0;
}

/* The device kinds libxl compares with xenstore, and their JSON arrays. */
static const struct { const char *key, *kind; } dev_kinds[] = {
    { "disks", "vbd" }, { "nics", "vif" }, { "vtpms", "vtpm" },
    { "usbctrls", "vusb" }, { "vdispls", "vdispl" }, { "vsnds", "vsnd" },
};
#define N_KINDS (sizeof(dev_kinds) / sizeof(dev_kinds[0]))

/* ids[k] gets the devids listed under /libxl/N/device/KIND. */
static int devices(xk_ctx *ctx, uint32_t domid, struct xk__live_devs *devs,
                   int **ids_r)
{
    int rc = 0;
    for (size_t k = 0; k < N_KINDS && !rc; k++) {
        char path[XK_STORE_PATH_MAX], **ents = NULL;
        unsigned n = 0;
        devs[k].key = dev_kinds[k].key;
        rc = xk__store_path(ctx, path, sizeof(path), "/libxl/%u/device/%s",
                            domid, dev_kinds[k].kind);
        if (!rc)
            rc = xk__store_directory(ctx, XK_STORE_NOTXN, path, &ents, &n);
        if (rc == XK_ENOENT) {
            rc = 0;
            continue;
        }
        if (rc)
            break;
        ids_r[k] = calloc(n ? n : 1, sizeof(int));
        if (!ids_r[k]) {
            free(ents);
            return xk__error(ctx, XK_ENOMEM, "out of memory");
        }
        for (unsigned i = 0; i < n; i++) {
            char *end;
            long v = strtol(ents[i], &end, 10);
            if (*end == '\0' && end != ents[i] && v >= 0 && v <= INT32_MAX)
                ids_r[k][devs[k].n++] = (int)v;
        }
        devs[k].ids = ids_r[k];
        free(ents);
    }
    return rc;
}

int xk_domain_config_json(xk_ctx *ctx, uint32_t domid, char **json_r)
{
    if (!ctx || !json_r)
        return XK_EINVAL;
    xk__clear_error(ctx);

    xk_dominfo info;
    int rc = xk_domain_info(ctx, domid, &info);
    if (rc)
        return rc;
    json_t *root = NULL;
    uint8_t *online = NULL;
    char *name = NULL;
    struct xk__live_devs devs[N_KINDS];
    int *ids[N_KINDS] = { 0 };
    memset(devs, 0, sizeof(devs));

    if ((rc = load_stored(ctx, domid, info.uuid, &root)))
        goto out;

    struct xk__live_domain l;
    memset(&l, 0, sizeof(l));
    memcpy(l.uuid, info.uuid, 16);
    char path[64];
    snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
    rc = xk__store_read(ctx, XK_STORE_NOTXN, path, &name, NULL);
    if (rc && rc != XK_ENOENT)
        goto out;
    l.name = name;
    l.nvcpus = xk__libxl_json_max_vcpus(root);
    if ((rc = vcpus(ctx, domid, l.nvcpus, &online)) ||
        (rc = memory(ctx, &info, &l)) || (rc = sched(ctx, &info, &l)) ||
        (rc = devices(ctx, domid, devs, ids)))
        goto out;
    l.vcpu_online = online;
    l.devs = devs;
    l.ndevs = N_KINDS;

    rc = xk__libxl_json_refresh(root, &l);
    if (rc == XK_EUNSUPPORTED) {
        rc = xk__error(ctx, rc, "domain %u: unknown scheduler (id %u)",
                       domid, l.sched_id);
        goto out;
    }
    if (rc || !(*json_r = xk__json_print_yajl(root))) {
        rc = xk__error(ctx, XK_ENOMEM, "out of memory");
        goto out;
    }
    rc = 0;
out:
    for (size_t k = 0; k < N_KINDS; k++)
        free(ids[k]);
    free(online);
    free(name);
    json_decref(root);
    return rc;
}

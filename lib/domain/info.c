/* info.c: xk_domain_list and xk_domain_info, the hypervisor's view of domains. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xenctrl.h>
#include <xen/io/xs_wire.h>

#include "core/context.h"
#include "domain/dominfo.h"
#include "hv/hv.h"
#include "names/names.h"
#include "store/fan.h"
#include "store/store.h"

void xk__dominfo_from_xc(const xc_domaininfo_t *xc, xk_dominfo *out)
{
    const uint64_t kb_per_page = XC_PAGE_SIZE / 1024;

    memset(out, 0, sizeof(*out));
    out->domid = xc->domain;
    memcpy(out->uuid, xc->handle, sizeof(out->uuid));
    out->current_kb = xc->tot_pages * kb_per_page;
    out->max_kb = xc->max_pages * kb_per_page;
    out->outstanding_kb = xc->outstanding_pages * kb_per_page;
    out->shared_kb = xc->shr_pages * kb_per_page;
    out->cpu_time_ns = xc->cpu_time;
    out->vcpus_online = xc->nr_online_vcpus;
    out->max_vcpu_id = xc->max_vcpu_id;
    out->ssidref = xc->ssidref;
    out->cpupool = xc->cpupool;
    out->running = !!(xc->flags & XEN_DOMINF_running);
    out->blocked = !!(xc->flags & XEN_DOMINF_blocked);
    out->paused = !!(xc->flags & XEN_DOMINF_paused);
    out->shutdown = !!(xc->flags & XEN_DOMINF_shutdown);
    out->dying = !!(xc->flags & XEN_DOMINF_dying);
    out->hvm = !!(xc->flags & XEN_DOMINF_hvm_guest);
    if (out->shutdown)
        out->shutdown_reason = (xc->flags >> XEN_DOMINF_shutdownshift) &
                               XEN_DOMINF_shutdownmask;
    out->crashed = out->shutdown && out->shutdown_reason == XK_SHUTDOWN_CRASH;
}

int xk__domain_name(xk_ctx *ctx, uint32_t domid, char *name, size_t size)
{
    char path[64];
    int rc = xk__store_path(ctx, path, sizeof(path), "/local/domain/%u/name",
                            domid);
    if (rc)
        return rc;
    rc = xk__store_read_buf(ctx, XK_STORE_NOTXN, path, name, size);
    if (rc == XK_ENOENT) {
        name[0] = '\0';
        return 0;
    }
    return rc;
}

/* Puts the reply r to a read of domid's name into name (empty when the
 * domain has none). */
static int take_name(xk_ctx *ctx, uint32_t domid,
                     const struct xk__pipe_reply *r, char *name, size_t size)
{
    if (r->err && r->err != ENOENT)
        return xk__error(ctx, XK_ESTORE, "xenstore read /local/domain/%u/"
                         "name: %s", domid, strerror(r->err));
    snprintf(name, size, "%s", r->err ? "" : r->data);
    return 0;
}

/* The reads of n names, their paths and their replies. */
struct name_reads {
    char **paths;
    char (*buf)[48];
    struct xk__pipe_reply *r;
    size_t n;
};

static int name_reads_init(xk_ctx *ctx, struct name_reads *nr, size_t n)
{
    size_t k = n ? n : 1;
    nr->n = n;
    nr->paths = calloc(k, sizeof(*nr->paths));
    nr->buf = calloc(k, sizeof(*nr->buf));
    nr->r = calloc(k, sizeof(*nr->r));
    return nr->paths && nr->buf && nr->r
         ? 0 : xk__error(ctx, XK_ENOMEM, "out of memory");
}

static void name_reads_put(struct name_reads *nr, size_t i, uint32_t domid)
{
    snprintf(nr->buf[i], sizeof(nr->buf[i]), "/local/domain/%u/name", domid);
    nr->paths[i] = nr->buf[i];
}

static void name_reads_dispose(struct name_reads *nr)
{
    if (nr->r)
        xk__pipe_replies_free(nr->r, nr->n);
    free(nr->r);
    free(nr->buf);
    free(nr->paths);
}

/* Every domain's name read at once, spread over several xenstored
 * connections (store/fan.h says why): one read after another made
 * listing, and finding a domain by name, cost a round trip per domain. A
 * connection per 12 names: with 200 domains, 16 connections listed 7%
 * faster than 8 in the lab. They are opened as the reads go out. */
static int fill_names(xk_ctx *ctx, xk_dominfo *list, size_t n)
{
    struct xk__fan fan;
    if (n > 1 && xk__fan_open(ctx, &fan, 1) == 0) {
        struct name_reads nr;
        int rc = name_reads_init(ctx, &nr, n);
        for (size_t i = 0; !rc && i < n; i++)
            name_reads_put(&nr, i, list[i].domid);
        if (!rc)
            rc = xk__fan_read_many(ctx, &fan, (n + 11) / 12, nr.paths, n,
                                   nr.r);
        for (size_t i = 0; !rc && i < n; i++)
            rc = take_name(ctx, list[i].domid, &nr.r[i], list[i].name,
                           sizeof(list[i].name));
        name_reads_dispose(&nr);
        xk__fan_close(&fan);
        return rc;
    }
    xk__clear_error(ctx);
    for (size_t i = 0; i < n; i++) {
        int rc = xk__domain_name(ctx, list[i].domid, list[i].name,
                                 sizeof(list[i].name));
        if (rc)
            return rc;
    }
    return 0;
}

int xk__domain_list_of(xk_ctx *ctx, const xc_domaininfo_t *all, size_t n,
                       bool names, xk_dominfo **list_r)
{
    xk_dominfo *list = calloc(n ? n : 1, sizeof(*list));
    if (!list)
        return xk__error(ctx, XK_ENOMEM, "cannot allocate the domain list");
    for (size_t i = 0; i < n; i++)
        xk__dominfo_from_xc(&all[i], &list[i]);
    xk__timing(ctx, "list: %zu domains from the hypervisor", n);
    int rc = names ? fill_names(ctx, list, n) : 0;
    xk__timing(ctx, "list: names read");
    if (rc) {
        free(list);
        return rc;
    }
    *list_r = list;
    return 0;
}

static int by_id(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* The names of the domains with a home in /local/domain, read while the
 * hypervisor is asked for the domains: xenstored lists the homes while the
 * hypervisor is opened, and reads the names while it lists the domains.
 * On return the hypervisor's list is in *all_r, and the names of its
 * domains in *list_r; a domain whose home was not listed (made meanwhile)
 * has its name read after. XK_EUNSUPPORTED (no message) when xenstored
 * has no socket or the listing fails: the caller goes the plain way. */
static int list_named(xk_ctx *ctx, xk_dominfo **list_r, size_t *n_r)
{
    struct xk__fan fan;
    if (xk__fan_open(ctx, &fan, 1) != 0)
        return XK_EUNSUPPORTED;
    static const char dir[] = "/local/domain";
    struct xk__pipe_reply d = { 0 };
    int rc = xk__fan_queue(ctx, &fan, 0, XS_DIRECTORY, 0, dir, sizeof(dir),
                           NULL, 0);
    if (!rc)
        rc = xk__fan_send(ctx, &fan);
    if (!rc)
        rc = xk__hv_open(ctx);
    if (!rc)
        rc = xk__fan_receive(ctx, &fan, &d);
    if (!rc && d.err)
        rc = XK_EUNSUPPORTED;       /* too many for one reply, say */
    size_t nh = 0;
    for (const char *e = rc ? NULL : d.data; e && e < d.data + d.len;
         e += strlen(e) + 1)
        nh++;
    uint32_t *ids = calloc(nh ? nh : 1, sizeof(*ids));
    struct name_reads nr;
    int alloc = name_reads_init(ctx, &nr, nh);
    if (!rc)
        rc = alloc ? alloc
           : ids ? 0 : xk__error(ctx, XK_ENOMEM, "out of memory");
    size_t m = 0;
    for (const char *e = rc ? NULL : d.data; e && e < d.data + d.len;
         e += strlen(e) + 1) {
        char *end;
        unsigned long id = strtoul(e, &end, 10);
        if (!*end && end != e && id < 0x7FF0)
            ids[m++] = (uint32_t)id;
    }
    /* xenstored lists in an order of its own; the hypervisor by id. */
    qsort(ids, m, sizeof(*ids), by_id);
    for (size_t i = 0; !rc && i < m; i++)
        name_reads_put(&nr, i, ids[i]);
    if (!rc)
        rc = xk__fan_read_many_send(ctx, &fan, (m + 11) / 12, nr.paths, m);
    xc_domaininfo_t *all = NULL;
    size_t n = 0;
    if (!rc)
        rc = xk__hv_domains_all(ctx, &all, &n);
    if (!rc && m)
        rc = xk__fan_receive(ctx, &fan, nr.r);
    xk__fan_close(&fan);
    xk_dominfo *list = NULL;
    if (!rc)
        rc = xk__domain_list_of(ctx, all, n, false, &list);
    for (size_t i = 0, j = 0; !rc && i < n; i++) {
        /* Both lists go up by id. */
        while (j < m && ids[j] < list[i].domid)
            j++;
        rc = j < m && ids[j] == list[i].domid
           ? take_name(ctx, ids[j], &nr.r[j], list[i].name,
                       sizeof(list[i].name))
           : xk__domain_name(ctx, list[i].domid, list[i].name,
                             sizeof(list[i].name));
    }
    name_reads_dispose(&nr);
    free(ids);
    free(d.data);
    free(all);
    if (rc) {
        free(list);
        return rc;
    }
    *list_r = list;
    *n_r = n;
    return 0;
}

/* The names of list's domains that have[] lacks, read here. */
static int fill_missing(xk_ctx *ctx, xk_dominfo *list, size_t n,
                        const bool *have)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        m += !have[i];
    if (m == 0)
        return 0;
    xk_dominfo *sub = calloc(m, sizeof(*sub));
    if (!sub)
        return xk__error(ctx, XK_ENOMEM, "out of memory");
    for (size_t i = 0, j = 0; i < n; i++)
        if (!have[i])
            sub[j++] = list[i];
    int rc = fill_names(ctx, sub, m);
    for (size_t i = 0, j = 0; !rc && i < n; i++)
        if (!have[i])
            memcpy(list[i].name, sub[j++].name, sizeof(list[i].name));
    free(sub);
    return rc;
}

/* The list of the n domains in all with the names the name service
 * (names/names.h) gave on fd, which it closes; the names it did not give
 * are read here. */
static int list_served(xk_ctx *ctx, const xc_domaininfo_t *all, size_t n,
                       int fd, xk_dominfo **list_r)
{
    xk_dominfo *list = NULL;
    int rc = xk__domain_list_of(ctx, all, n, false, &list);
    bool *have = rc ? NULL : calloc(n ? n : 1, sizeof(*have));
    if (!rc && !have)
        rc = xk__error(ctx, XK_ENOMEM, "out of memory");
    if (rc) {
        close(fd);
        free(list);
        return rc;
    }
    long got = xk__names_receive(fd, XK__NAMES_ANSWER_MS, list, n, have);
    if (got < 0) {
        got = 0;                /* no whole answer: every name read here */
        memset(have, 0, n * sizeof(*have));
    }
    rc = fill_missing(ctx, list, n, have);
    xk__timing(ctx, "list: %ld names from the name service, %zu read", got,
               n - (size_t)got);
    free(have);
    if (rc) {
        free(list);
        return rc;
    }
    *list_r = list;
    return 0;
}

/* With many domains, their names from the name service; with few, or
 * when no service listens, XK_EUNSUPPORTED (no message): the names are
 * read. */
static int list_by_service(xk_ctx *ctx, xk_dominfo **list_r, size_t *n_r)
{
    xc_domaininfo_t *all = NULL;
    size_t n = 0;
    int rc = xk__hv_domains_all(ctx, &all, &n);
    int fd = !rc && n > XK__NAMES_FROM ? xk__names_ask() : -1;
    if (!rc && fd >= 0)
        rc = list_served(ctx, all, n, fd, list_r);
    else if (!rc && n <= XK__NAMES_FROM)
        rc = xk__domain_list_of(ctx, all, n, true, list_r);
    else if (!rc)
        rc = XK_EUNSUPPORTED;
    free(all);
    if (!rc)
        *n_r = n;
    return rc;
}

static int list(xk_ctx *ctx, bool names, xk_dominfo **list_r, size_t *n_r)
{
    if (!ctx || !list_r || !n_r)
        return XK_EINVAL;
    *list_r = NULL;
    *n_r = 0;
    xk__clear_error(ctx);

    int rc = names ? list_by_service(ctx, list_r, n_r) : XK_EUNSUPPORTED;
    if (rc == XK_EUNSUPPORTED && names)
        rc = list_named(ctx, list_r, n_r);
    if (rc != XK_EUNSUPPORTED)
        return rc;
    xk__clear_error(ctx);
    xc_domaininfo_t *all = NULL;
    size_t n = 0;
    rc = xk__hv_domains_all(ctx, &all, &n);
    if (!rc)
        rc = xk__domain_list_of(ctx, all, n, names, list_r);
    if (!rc)
        *n_r = n;
    free(all);
    return rc;
}

int xk_domain_list(xk_ctx *ctx, xk_dominfo **list_r, size_t *n_r)
{
    return list(ctx, true, list_r, n_r);
}

int xk_domain_list_states(xk_ctx *ctx, xk_dominfo **list_r, size_t *n_r)
{
    return list(ctx, false, list_r, n_r);
}

int xk_domain_info(xk_ctx *ctx, uint32_t domid, xk_dominfo *info_r)
{
    if (!ctx || !info_r)
        return XK_EINVAL;
    xk__clear_error(ctx);

    xc_domaininfo_t xc;
    int got = xk__hv_domains(ctx, domid, 1, &xc);
    if (got < 0)
        return got;
    /* getinfolist answers with the next domain up when domid has none. */
    if (got == 0 || xc.domain != domid)
        return xk__error(ctx, XK_ENOENT, "domain %u does not exist", domid);
    xk__dominfo_from_xc(&xc, info_r);
    return xk__domain_name(ctx, domid, info_r->name, sizeof(info_r->name));
}

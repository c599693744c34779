/*
 * create.c: making a PV domain, as ordered steps with one cleanup path.
 *
 * The order follows libxl (libxl_create.c, libxl_dom.c): create the domain
 * (it is born paused), set its limits, allocate the store and console event
 * channels, build it, write its xenstore home, introduce it to xenstored,
 * attach devices, and only then let it run. Unlike libxl the whole home is
 * written in one transaction, after the build, together with the name
 * check that makes the name ours.
 *
 * Resources start at sentinels and `out:` undoes whatever exists. A create
 * killed part-way is cleaned up by the next one (see pending.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include <xenctrl.h>

#include "core/context.h"
#include "domain/create.h"
#include "domain/home.h"
#include "hv/dom.h"
#include "hv/hv.h"
#include "store/introduce.h"

#define XK__NO_DOMID 0x7FF4u   /* DOMID_INVALID */

/* "FILE:LINE:COL: " for an option's origin, or "" when it has none. */
static const char *where(const struct xk__origin *o, char *buf, size_t size)
{
    if (o->file && o->line > 0 && o->column > 0)
        snprintf(buf, size, "%s:%u:%u: ", o->file, o->line, o->column);
    else if (o->file && o->line > 0)
        snprintf(buf, size, "%s:%u: ", o->file, o->line);
    else if (o->file)
        snprintf(buf, size, "%s: ", o->file);
    else
        buf[0] = '\0';
    return buf;
}

/* A file option must name something we can read before we make anything. */
static int check_file(xk_ctx *ctx, const char *opt, const char *path,
                      const struct xk__origin *o)
{
    char w[512];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return xk__error(ctx, errno == ENOENT ? XK_ENOENT : XK_EIO,
                         "%s%s: cannot open \"%s\": %s",
                         where(o, w, sizeof(w)), opt, path, strerror(errno));
    close(fd);
    return 0;
}

static int check_spec(xk_ctx *ctx, const struct xk__domspec *s)
{
    char w[512];
    if (!s->name || !s->name[0])
        return xk__error(ctx, XK_ECONFIG, "%sname: the domain needs a name", where(&s->at_name, w, sizeof(w)));
    if (!s->kernel || !s->kernel[0])
        return xk__error(ctx, XK_ECONFIG, "kernel: no kernel given: xenkit "
                         "boots PV guests from a kernel file");
    int rc = check_file(ctx, "kernel", s->kernel, &s->at_kernel);
    if (!rc && s->ramdisk && s->ramdisk[0])
        rc = check_file(ctx, "ramdisk", s->ramdisk, &s->at_ramdisk);
    if (rc)
        return rc;
    if (s->target_kb < 1024 || s->max_kb < s->target_kb)
        return xk__error(ctx, XK_ECONFIG, "%smemory: %llu KiB is not a "
                         "usable amount (maxmem %llu KiB)",
                         where(&s->at_memory, w, sizeof(w)),
                         (unsigned long long)s->target_kb,
                         (unsigned long long)s->max_kb);
    if (s->max_vcpus == 0 || s->vcpus == 0 || s->vcpus > s->max_vcpus)
        return xk__error(ctx, XK_ECONFIG, "%svcpus: %u of %u vcpus is not "
                         "possible", where(&s->at_vcpus, w, sizeof(w)),
                         s->vcpus, s->max_vcpus);
    return 0;
}

/* Fails early, before anything exists, when the host cannot hold the
 * domain: the builder's own failure comes late and says less. */
static int check_free_memory(xk_ctx *ctx, const struct xk__domspec *s)
{
    int rc = xk__hv_open(ctx);
    if (rc)
        return rc;
    xk__timing(ctx, "create: hypervisor opened");
    xc_physinfo_t pi;
    memset(&pi, 0, sizeof(pi));
    if (xc_physinfo(ctx->xc, &pi) != 0)
        return 0;              /* let the builder find out */
    uint64_t page_kb = 4;
    uint64_t free_pages = pi.free_pages + pi.scrub_pages;
    free_pages = free_pages > pi.outstanding_pages
               ? free_pages - pi.outstanding_pages : 0;
    uint64_t free_kb = free_pages * page_kb;
    /* The guest's memory plus the builder's page tables and the
     * hypervisor's per-domain pages: 1 MiB more covers both for PV. */
    uint64_t need_kb = s->target_kb + 1024;
    if (need_kb > free_kb) {
        char w[512];
        return xk__error(ctx, XK_ENOMEM, "%smemory: the domain needs %llu "
                         "MiB but the host has only %llu MiB free",
                         where(&s->at_memory, w, sizeof(w)),
                         (unsigned long long)(s->target_kb / 1024),
                         (unsigned long long)(free_kb / 1024));
    }
    return 0;
}

/* One try at the home's transaction: the name check, then every node. */
static int home_txn(xk_ctx *ctx, const struct xk__store_batch *b,
                    const char *name, uint32_t domid)
{
    xk_store_txn t;
    int rc = xk__store_txn_start(ctx, &t);
    if (rc)
        return rc;
    rc = xk__name_check(ctx, t, name, domid);
    if (!rc)
        rc = xk__store_batch_apply(ctx, t, b);
    if (rc) {
        xk__store_txn_end(ctx, t, true);
        return rc;
    }
    return xk__store_txn_end(ctx, t, false);
}

/* Writes the home with the name check, request by request, retrying on
 * conflicts: for when xenstored has no socket (home.c does it faster). */
static int write_home(xk_ctx *ctx, const struct xk__domspec *s,
                      const struct xk__built *bt, bool finish)
{
    struct xk__store_batch b;
    xk__batch_init(&b);
    xk__layout_domain(&b, s, bt);
    if (finish)
        xk__pending_end(&b, s->uuid);
    int rc = XK_EBUSY;
    for (int tries = 0; rc == XK_EBUSY && tries < 16; tries++)
        rc = home_txn(ctx, &b, s->name, bt->domid);
    if (rc == XK_EBUSY)
        rc = xk__error(ctx, XK_ESTORE, "too many conflicting transactions");
    xk__batch_dispose(&b);
    return rc;
}

/* What home.c's xk__home_begin does, request by request. */
static int begin_slowly(xk_ctx *ctx, const struct xk__domspec *s,
                        struct xk__built *bt, bool *pending)
{
    xk__pending_reap(ctx);
    xk__clear_error(ctx);
    int rc = xk__pending_begin(ctx, s->uuid);
    if (rc)
        return rc;
    *pending = true;
    rc = xk__store_read_domid(ctx, "/tool/xenstored/domid", &bt->store_domid);
    if (!rc)
        rc = xk__store_read_domid(ctx, "/tool/xenconsoled/domid",
                                  &bt->console_domid);
    return rc;
}

static int add_devices(xk_ctx *ctx, const struct xk__domspec *s,
                       uint32_t domid)
{
    for (size_t i = 0; i < s->ndisks; i++) {
        int rc = xk__device_add_disk(ctx, domid, &s->disks[i]);
        if (rc)
            return rc;
    }
    for (size_t i = 0; i < s->nnics; i++) {
        int rc = xk__device_add_nic(ctx, domid, &s->nics[i]);
        if (rc)
            return rc;
    }
    return 0;
}

/* Prefixes the context's message with the step that failed. */
static void name_step(xk_ctx *ctx, const char *step)
{
    char old[XK_ERRMSG_MAX];
    snprintf(old, sizeof(old), "%s", ctx->last_error);
    if (old[0])
        xk__error(ctx, ctx->last_code, "%s: %.*s", step,
                  XK_ERRMSG_MAX - 128, old);
    else
        xk__error(ctx, ctx->last_code, "%s failed: %s", step,
                  xk_strerror(ctx->last_code));
}

int xk__domain_create_spec(xk_ctx *ctx, const struct xk__domspec *s,
                           unsigned flags, uint32_t *domid_r)
{
    struct xk__built bt;
    memset(&bt, 0, sizeof(bt));
    bt.domid = XK__NO_DOMID;
    bool pending = false;
    const char *step = NULL;   /* NULL: the message is complete as is */
    struct xk__home home;
    bool fan = false;
    int rc;

    memset(&home, 0, sizeof(home));
    rc = check_spec(ctx, s);
    if (rc)
        goto out;
    xk__timing(ctx, "create: config parsed and checked");

    /* Leftovers of killed creates go first (they may hold this name), then
     * our own record, so that a create killed from here on is cleaned up
     * by the next one. The name is checked once, in the transaction that
     * writes it (as libxl does, after the domain exists). xenstored
     * serves this first exchange while the hypervisor is asked. */
    step = "recording the create in xenstore";
    rc = xk__home_begin(ctx, &home, s->uuid);
    if (rc == XK_EUNSUPPORTED) {
        xk__home_end(ctx, &home);
        xk__clear_error(ctx);
        rc = begin_slowly(ctx, s, &bt, &pending);
    } else {
        fan = true;
        pending = home.pending;
    }
    if (rc)
        goto out;
    xk__timing(ctx, "create: first exchange out");

    step = NULL;
    rc = check_free_memory(ctx, s);
    if (rc)
        goto out;
    xk__timing(ctx, "create: config checked, free memory read");

    step = "creating the domain";
    struct xk__hv_create hc;
    memset(&hc, 0, sizeof(hc));
    xk__hv_create_defaults(&hc);
    memcpy(hc.handle, s->uuid, 16);
    hc.max_vcpus = s->max_vcpus;
    hc.max_evtchn_port = s->max_evtchn_port;
    hc.max_grant_frames = s->max_grant_frames;
    hc.max_maptrack_frames = s->max_maptrack_frames;
    rc = xk__hv_domain_create(ctx, &hc, &bt.domid);
    if (rc)
        goto out;
    xk__timing(ctx, "create: domain %u created", bt.domid);
    struct timeval tv;
    gettimeofday(&tv, NULL);
    bt.start_sec = (uint64_t)tv.tv_sec;
    bt.start_csec = (unsigned)(tv.tv_usec / 10000);

    /* The first step of the domain's home, before the first exchange's
     * replies (the tool domains' ids among them) are read and the domain
     * is set up and built, so that xenstored writes it meanwhile (with
     * many domains running it waits for the replies: home.c). Without
     * devices the create is complete once the home is written, so the
     * pending record goes in the name's transaction. */
    bool has_devices = s->ndisks || s->nnics;
    step = "writing the domain's xenstore entries";
    if (fan) {
        rc = xk__home_send_early(ctx, &home, s, &bt, !has_devices);
        if (!rc)
            rc = xk__home_begun(ctx, &home, s->uuid, &bt.store_domid,
                                &bt.console_domid);
        if (!rc)
            rc = xk__home_send(ctx, &home, s, &bt, !has_devices);
        if (rc)
            goto out;
    }

    step = "setting up the domain";
    struct xk__hv_setup hs = {
        .max_vcpus = s->max_vcpus, .target_kb = s->target_kb,
        .max_kb = s->max_kb, .affinity = s->affinity,
        .naffinity = s->naffinity,
    };
    rc = xk__hv_domain_setup(ctx, bt.domid, &hs);
    if (rc)
        goto out;
    xk__timing(ctx, "create: limits set");

    step = "allocating event channels";
    rc = xk__hv_evtchn_unbound(ctx, bt.domid, bt.store_domid,
                                   &bt.store_port);
    if (!rc)
        rc = xk__hv_evtchn_unbound(ctx, bt.domid, bt.console_domid,
                                   &bt.console_port);
    if (rc)
        goto out;
    xk__timing(ctx, "create: event channels allocated");

    step = "building the domain";
    struct xk__pv_image im = {
        .kernel = s->kernel, .ramdisk = s->ramdisk, .cmdline = s->cmdline,
        .target_kb = s->target_kb, .max_vcpus = s->max_vcpus,
        .store_port = bt.store_port, .store_domid = bt.store_domid,
        .console_port = bt.console_port, .console_domid = bt.console_domid,
    };
    struct xk__pv_built pb;
    rc = xk__hv_build_pv(ctx, bt.domid, &im, &pb);
    if (rc)
        goto out;
    xk__timing(ctx, "create: built");
    bt.store_mfn = pb.store_mfn;
    bt.console_mfn = pb.console_mfn;

    step = "writing the domain's xenstore entries";
    rc = fan ? xk__home_write(ctx, &home, s, &bt)
             : write_home(ctx, s, &bt, !has_devices);
    if (rc == XK_EEXIST) {
        char w[512], msg[XK_ERRMSG_MAX];
        snprintf(msg, sizeof(msg), "%s", ctx->last_error);
        rc = xk__error(ctx, XK_EEXIST, "%sname: %s",
                       where(&s->at_name, w, sizeof(w)), msg);
        step = NULL;
    }
    if (rc)
        goto out;
    xk__timing(ctx, "create: home written, name claimed");
    /* home.c did it while xenstored worked; request by request, nothing
     * runs beside. */
    if (!fan && s->meanwhile)
        s->meanwhile(ctx, s->meanwhile_arg, bt.domid);
    if (!has_devices)
        pending = false;

    if (!home.introduced) {
        step = "introducing the domain to xenstored";
        rc = xk__store_introduce(ctx, bt.domid, bt.store_mfn, bt.store_port);
        if (rc)
            goto out;
    }

    if (has_devices) {
        step = "adding devices";
        rc = add_devices(ctx, s, bt.domid);
        if (rc)
            goto out;
        step = "recording the create in xenstore";
        rc = xk__pending_clear(ctx, s->uuid);
        if (rc)
            goto out;
        pending = false;
    }

    if (!(flags & XK_CREATE_PAUSED)) {
        step = "unpausing the domain";
        rc = xk__hv_domain_unpause(ctx, bt.domid);
        if (rc)
            goto out;
        xk__timing(ctx, "create: unpaused");
    }
    xk__timing(ctx, "create: done");
    *domid_r = bt.domid;
    xk__home_end(ctx, &home);
    return 0;

out:
    if (fan)
        xk__home_undo(ctx, &home);
    xk__home_end(ctx, &home);
    if (step)
        name_step(ctx, step);
    if (bt.domid != XK__NO_DOMID || pending) {
        /* Keep the first failure's message, not the cleanup's. */
        struct xk__kept_error k;
        xk__error_keep(ctx, &k);
        int torn = 0;
        if (bt.domid != XK__NO_DOMID)
            torn = xk__domain_teardown(ctx, bt.domid);
        /* If the domain would not go, the record lets a later command
         * finish the job. */
        if (pending && torn == 0)
            xk__pending_clear(ctx, s->uuid);
        xk__error_put_back(ctx, &k);
    }
    return rc;
}

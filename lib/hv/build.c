/*
 * build.c: the PV domain builder: libxenguest's xc_dom_* steps that load a
 * kernel and ramdisk into a created domain and leave it ready to run.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <xenctrl.h>
#include <xenguest.h>

#include "core/context.h"
#include "hv/dom.h"
#include "hv/hv.h"
#include "hv/kcache.h"

/* Records a failed builder step; libxc's own words come via the logger. */
static int step_failed(xk_ctx *ctx, int e, const char *what, const char *file)
{
    char buf[512];
    if (file)
        snprintf(buf, sizeof(buf), "%s %s", what, file);
    else
        snprintf(buf, sizeof(buf), "%s", what);
    return xk__hv_fail(ctx, XK_EXEN, e, buf);
}

int xk__hv_build_pv(xk_ctx *ctx, uint32_t domid, const struct xk__pv_image *im,
                    struct xk__pv_built *out)
{
    int rc = xk__hv_open(ctx);
    if (rc)
        return rc;
    xk__hv_clear_log(ctx);

    struct xc_dom_image *dom = xc_dom_allocate(ctx->xc, im->cmdline, NULL);
    if (!dom)
        return step_failed(ctx, errno, "preparing the domain builder", NULL);
    dom->container_type = XC_DOM_PV_CONTAINER;

    /* A kernel unpacked before comes from the cache, already an ELF. */
    struct xk__kcache_map kc = { 0 };
    struct stat kst;
    bool have_stat = stat(im->kernel, &kst) == 0;
    if (have_stat && xk__kcache_lookup(&kst, &kc) == 0) {
        if (xc_dom_kernel_mem(dom, kc.elf, kc.elf_size) != 0) {
            rc = step_failed(ctx, errno, "loading the kernel", im->kernel);
            goto out;
        }
    } else if (xc_dom_kernel_file(dom, im->kernel) != 0) {
        rc = step_failed(ctx, errno, "loading the kernel", im->kernel);
        goto out;
    }
    if (im->ramdisk && im->ramdisk[0] &&
        xc_dom_module_file(dom, im->ramdisk, NULL) != 0) {
        rc = step_failed(ctx, errno, "loading the ramdisk", im->ramdisk);
        goto out;
    }

    dom->flags = 0;
    dom->console_evtchn = im->console_port;
    dom->console_domid = im->console_domid;
    dom->xenstore_evtchn = im->store_port;
    dom->xenstore_domid = im->store_domid;
    dom->claim_enabled = 0;
    dom->max_vcpus = im->max_vcpus;

    /* The order is libxenguest's contract: bind to the domain, parse the
     * image, size memory, allocate it, lay out and load the image, then
     * boot-time set-up and the grant table entries for store and console. */
    if (xc_dom_boot_xen_init(dom, ctx->xc, domid) != 0) {
        rc = step_failed(ctx, errno, "binding the builder to the domain",
                         NULL);
        goto out;
    }
    if (xc_dom_parse_image(dom) != 0) {
        rc = step_failed(ctx, errno, "parsing the kernel image", im->kernel);
        goto out;
    }
    /* Parsing unpacked a compressed kernel in place: keep the result. */
    if (have_stat && !kc.base && dom->kernel_blob &&
        dom->kernel_size != (size_t)kst.st_size)
        xk__kcache_store(&kst, dom->kernel_blob, dom->kernel_size);
    if (xc_dom_mem_init(dom, (unsigned)(im->target_kb / 1024)) != 0) {
        rc = step_failed(ctx, errno, "laying out guest memory", NULL);
        goto out;
    }
    if (xc_dom_boot_mem_init(dom) != 0) {
        rc = step_failed(ctx, errno, "allocating guest memory", NULL);
        goto out;
    }
    if (xc_dom_build_image(dom) != 0) {
        rc = step_failed(ctx, errno, "loading the image into the guest", NULL);
        goto out;
    }
    if (xc_dom_boot_image(dom) != 0) {
        rc = step_failed(ctx, errno, "setting up the guest's boot state",
                         NULL);
        goto out;
    }
    if (xc_dom_gnttab_init(dom) != 0) {
        rc = step_failed(ctx, errno, "seeding the grant table", NULL);
        goto out;
    }

    if (xc_dom_translated(dom)) {
        out->console_mfn = dom->console_pfn;
        out->store_mfn = dom->xenstore_pfn;
    } else {
        out->console_mfn = xc_dom_p2m(dom, dom->console_pfn);
        out->store_mfn = xc_dom_p2m(dom, dom->xenstore_pfn);
    }
    rc = 0;
out:
    xc_dom_release(dom);
    xk__kcache_unmap(&kc);
    return rc;
}

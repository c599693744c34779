/* topology.c: the host's CPU, NUMA and PCI topology, for `xl info -n`. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenctrl.h>

#include "core/context.h"
#include "hv/hv.h"

#define PCI_SYSFS "/sys/bus/pci/devices"

int xk_host_cpu_topology(xk_ctx *ctx, xk_cpu_topology **list_r, size_t *n_r)
{
    if (!ctx || !list_r || !n_r)
        return XK_EINVAL;
    *list_r = NULL;
    *n_r = 0;
    xk__clear_error(ctx);
    int rc = xk__hv_open(ctx);
    if (rc)
        return rc;

    unsigned n = 0;
    xk__hv_clear_log(ctx);
    /* A NULL buffer asks only for the number of CPUs. */
    if (xc_cputopoinfo(ctx->xc, &n, NULL))
        return xk__hv_fail(ctx, XK_EXEN, errno, "getting the number of CPUs");
    xc_cputopo_t *topo = calloc(n ? n : 1, sizeof(*topo));
    xk_cpu_topology *out = calloc(n ? n : 1, sizeof(*out));
    if (!topo || !out) {
        rc = xk__error(ctx, XK_ENOMEM, "cannot allocate the CPU topology");
        goto out;
    }
    if (xc_cputopoinfo(ctx->xc, &n, topo)) {
        rc = xk__hv_fail(ctx, XK_EXEN, errno, "getting the CPU topology");
        goto out;
    }
    for (unsigned i = 0; i < n; i++) {
        out[i].core = topo[i].core;     /* Xen's invalid ids are ~0U too */
        out[i].socket = topo[i].socket;
        out[i].node = topo[i].node;
    }
    *list_r = out;
    *n_r = n;
    out = NULL;
out:
    free(topo);
    free(out);
    return rc;
}

int xk_host_numa_info(xk_ctx *ctx, xk_numa_node **nodes_r, uint32_t **dist_r,
                      size_t *n_r)
{
    if (!ctx || !nodes_r || !dist_r || !n_r)
        return XK_EINVAL;
    *nodes_r = NULL;
    *dist_r = NULL;
    *n_r = 0;
    xk__clear_error(ctx);
    int rc = xk__hv_open(ctx);
    if (rc)
        return rc;

    unsigned n = 0;
    xk__hv_clear_log(ctx);
    if (xc_numainfo(ctx->xc, &n, NULL, NULL))
        return xk__hv_fail(ctx, XK_EXEN, errno, "getting the number of nodes");
    size_t cells = (size_t)(n ? n : 1) * (n ? n : 1);
    xc_meminfo_t *mem = calloc(n ? n : 1, sizeof(*mem));
    xk_numa_node *nodes = calloc(n ? n : 1, sizeof(*nodes));
    uint32_t *dist = calloc(cells, sizeof(*dist));
    if (!mem || !nodes || !dist) {
        rc = xk__error(ctx, XK_ENOMEM, "cannot allocate the NUMA information");
        goto out;
    }
    if (xc_numainfo(ctx->xc, &n, mem, dist)) {
        rc = xk__hv_fail(ctx, XK_EXEN, errno, "getting NUMA information");
        goto out;
    }
    for (unsigned i = 0; i < n; i++) {
        /* Xen marks an unknown size with a 32-bit all-ones value. */
        nodes[i].valid = mem[i].memsize != XEN_INVALID_MEM_SZ;
        nodes[i].memsize = mem[i].memsize;
        nodes[i].memfree = mem[i].memfree;
    }
    *nodes_r = nodes;
    *dist_r = dist;
    *n_r = n;
    nodes = NULL;
    dist = NULL;
out:
    free(mem);
    free(nodes);
    free(dist);
    return rc;
}

/* The PCI devices sysfs lists, in its order; *n_r of them in *devs_r. */
static int read_pci_devices(xk_ctx *ctx, physdev_pci_device_t **devs_r,
                            size_t *n_r)
{
    DIR *dir = opendir(PCI_SYSFS);
    if (!dir)
        return xk__error(ctx, XK_EIO, "cannot open %s: %s", PCI_SYSFS,
                         strerror(errno));
    physdev_pci_device_t *devs = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(dir))) {
        unsigned dom, bus, dev, func;
        if (e->d_name[0] == '.')
            continue;
        if (sscanf(e->d_name, "%x:%x:%x.%u", &dom, &bus, &dev, &func) != 4) {
            rc = xk__error(ctx, XK_EIO, "unexpected entry %s in %s",
                           e->d_name, PCI_SYSFS);
            break;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            physdev_pci_device_t *grown = realloc(devs, cap * sizeof(*devs));
            if (!grown) {
                rc = xk__error(ctx, XK_ENOMEM, "cannot list PCI devices");
                break;
            }
            devs = grown;
        }
        devs[n].seg = dom;
        devs[n].bus = bus;
        devs[n].devfn = ((dev & 0x1f) << 3) | (func & 7);
        n++;
    }
    closedir(dir);
    if (rc) {
        free(devs);
        return rc;
    }
    *devs_r = devs;
    *n_r = n;
    return 0;
}

int xk_host_pci_topology(xk_ctx *ctx, xk_pci_topology **list_r, size_t *n_r)
{
    if (!ctx || !list_r || !n_r)
        return XK_EINVAL;
    *list_r = NULL;
    *n_r = 0;
    xk__clear_error(ctx);
    int rc = xk__hv_open(ctx);
    if (rc)
        return rc;

    physdev_pci_device_t *devs = NULL;
    size_t n = 0;
    rc = read_pci_devices(ctx, &devs, &n);
    if (rc)
        return rc;
    uint32_t *nodes = calloc(n ? n : 1, sizeof(*nodes));
    xk_pci_topology *out = calloc(n ? n : 1, sizeof(*out));
    if (!nodes || !out) {
        rc = xk__error(ctx, XK_ENOMEM, "cannot allocate the PCI topology");
        goto out;
    }
    xk__hv_clear_log(ctx);
    if (n && xc_pcitopoinfo(ctx->xc, n, devs, nodes) != 0) {
        rc = xk__hv_fail(ctx, XK_EXEN, errno, "getting the PCI topology");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        out[i].seg = devs[i].seg;
        out[i].bus = devs[i].bus;
        out[i].devfn = devs[i].devfn;
        /* A device Xen does not know has no node either. */
        out[i].node = (nodes[i] == XEN_INVALID_NODE_ID ||
                       nodes[i] == XEN_INVALID_DEV) ? XK_TOPO_INVALID
                                                    : nodes[i];
    }
    *list_r = out;
    *n_r = n;
    out = NULL;
out:
    free(devs);
    free(nodes);
    free(out);
    return rc;
}

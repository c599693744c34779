/*
 * hvm-shell.c: a lab test helper. Creates an empty, paused HVM domain named
 * argv[1] (no firmware, no device model, never run) and prints its domid:
 * an HVM guest without PV drivers, which is what `xl shutdown` must refuse
 * without -F. Debian's xl destroys it like any other domain.
 *   xk-hvm-shell NAME
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenctrl.h>
#include <xenstore.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: xk-hvm-shell NAME\n");
        return 2;
    }
    xc_interface *xc = xc_interface_open(NULL, NULL, 0);
    struct xs_handle *xs = xs_open(0);
    if (!xc || !xs) {
        perror("xk-hvm-shell: opening Xen");
        return 1;
    }
    /* Hardware-assisted paging if the CPU has it, else shadow paging (a
     * Xen may lack either: then there is no HVM here at all). */
    struct xen_domctl_createdomain cfg = {
        .flags = XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap,
        .max_vcpus = 1,
        .max_evtchn_port = 1023,
        .max_grant_frames = -1,
        .max_maptrack_frames = -1,
        .grant_opts = XEN_DOMCTL_GRANT_version(1),
        /* as libxl: everything but vPCI, which is for the hardware domain */
        .arch = { .emulation_flags = XEN_X86_EMU_ALL & ~XEN_X86_EMU_VPCI },
    };
    for (int i = 0; i < 16; i++)
        cfg.handle[i] = (unsigned char)(0x40 + i);
    uint32_t domid = 0;
    int rc = xc_domain_create(xc, &domid, &cfg);
    if (rc) {
        cfg.flags &= ~XEN_DOMCTL_CDF_hap;
        domid = 0;
        rc = xc_domain_create(xc, &domid, &cfg);
    }
    if (rc) {
        perror("xk-hvm-shell: xc_domain_create");
        return 1;
    }
    char path[64], id[16];
    snprintf(id, sizeof(id), "%u", domid);
    snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
    int ok = xs_write(xs, XBT_NULL, path, argv[1], strlen(argv[1]));
    snprintf(path, sizeof(path), "/local/domain/%u/domid", domid);
    ok = ok && xs_write(xs, XBT_NULL, path, id, strlen(id));
    snprintf(path, sizeof(path), "/libxl/%u/type", domid);
    ok = ok && xs_write(xs, XBT_NULL, path, "hvm", 3);
    if (!ok) {
        perror("xk-hvm-shell: xenstore");
        xc_domain_destroy(xc, domid);
        return 1;
    }
    printf("%u\n", domid);
    xs_close(xs);
    xc_interface_close(xc);
    return 0;
}

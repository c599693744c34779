/*
 * control.c: asking a guest to power off or reboot through the PV control
 * protocol (control/shutdown in its xenstore home), and the hypervisor
 * triggers (ACPI power and reset buttons) for HVM guests without PV drivers.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <xenctrl.h>

#include "core/context.h"
#include "domain/control.h"
#include "hv/hv.h"
#include "store/store.h"
#include "store/watch.h"

int xk__domain_xcinfo(xk_ctx *ctx, uint32_t domid, xc_domaininfo_t *info)
{
    int n = xk__hv_domains(ctx, domid, 1, info);
    if (n < 0)
        return n;
    if (n == 0 || info->domain != domid)
        return xk__error(ctx, XK_ENOENT, "no domain with id %u", domid);
    return 0;
}

int xk__pvcontrol_available(xk_ctx *ctx, uint32_t domid,
                            const xc_domaininfo_t *info)
{
    if (!(info->flags & XEN_DOMINF_hvm_guest))
        return 1;

    /* PVH guests are HVM containers to Xen but always speak the protocol;
     * the toolstack that built them says which they are. */
    char path[64], type[16];
    int rc = xk__store_path(ctx, path, sizeof(path), "/libxl/%u/type", domid);
    if (rc)
        return rc;
    rc = xk__store_read_buf(ctx, XK_STORE_NOTXN, path, type, sizeof(type));
    if (rc == 0 && strcmp(type, "pvh") == 0)
        return 1;
    if (rc && rc != XK_ENOENT)
        return rc;

    /* An HVM guest's PV drivers announce themselves by setting up the
     * event-channel callback; until then nothing reads control/shutdown. */
    uint64_t callback = 0;
    xk__hv_clear_log(ctx);
    if (xc_hvm_param_get(ctx->xc, domid, HVM_PARAM_CALLBACK_IRQ, &callback))
        return xk__hv_fail(ctx, XK_EXEN, errno,
                           "reading the HVM callback parameter");
    return callback != 0;
}

static const char *request_word(unsigned reason)
{
    switch (reason) {
    case XK_SHUTDOWN_POWEROFF: return "poweroff";
    case XK_SHUTDOWN_REBOOT:   return "reboot";
    default:                   return NULL;
    }
}

/* The guest acknowledges a request by clearing the node (or the node goes
 * with the domain). 1 when acknowledged, 0 if not yet, or an error. */
static int request_acked(xk_ctx *ctx, const char *path)
{
    char buf[32];
    int rc = xk__store_read_buf(ctx, XK_STORE_NOTXN, path, buf, sizeof(buf));
    if (rc == XK_ENOENT)
        return 1;
    if (rc)
        return rc;
    return buf[0] == '\0';
}

static int wait_for_ack(xk_ctx *ctx, uint32_t domid, const char *path,
                        const char *word)
{
    struct xk_store_watch w;
    int rc = xk__store_watch(ctx, &w, path);
    if (rc)
        return rc;
    int64_t deadline = xk__now_ms() + XK_PVCONTROL_ACK_MS;
    for (;;) {
        rc = request_acked(ctx, path);
        if (rc != 0)
            break;
        int64_t left = deadline - xk__now_ms();
        if (left <= 0) {
            rc = xk__error(ctx, XK_ETIMEDOUT,
                           "domain %u did not acknowledge the %s request "
                           "within %d s", domid, word,
                           XK_PVCONTROL_ACK_MS / 1000);
            break;
        }
        rc = xk__store_wait_event(ctx, (int)left);
        if (rc < 0)
            break;
    }
    xk__store_unwatch(ctx, &w);
    return rc < 0 ? rc : 0;
}

int xk_domain_shutdown(xk_ctx *ctx, uint32_t domid, unsigned reason,
                       unsigned flags)
{
    if (!ctx)
        return XK_EINVAL;
    xk__clear_error(ctx);
    const char *word = request_word(reason);
    if (!word)
        return xk__error(ctx, XK_EINVAL, "shutdown reason %u is not a "
                         "request a guest can be sent", reason);
    if (flags & ~XK_SHUTDOWN_NOWAIT)
        return xk__error(ctx, XK_EINVAL, "unknown shutdown flags %#x", flags);

    xc_domaininfo_t info;
    int rc = xk__domain_xcinfo(ctx, domid, &info);
    if (rc)
        return rc;
    rc = xk__pvcontrol_available(ctx, domid, &info);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return xk__error(ctx, XK_EUNSUPPORTED, "domain %u has no PV control "
                         "interface (an HVM guest without PV drivers)", domid);

    char path[64];
    rc = xk__store_path(ctx, path, sizeof(path),
                        "/local/domain/%u/control/shutdown", domid);
    if (rc)
        return rc;

    /* The builder creates the node writable by the guest. If it is missing
     * (a domain built by something else), create it and hand it to the
     * guest, or the guest could not clear it to acknowledge. */
    char *old = NULL;
    rc = xk__store_read(ctx, XK_STORE_NOTXN, path, &old, NULL);
    free(old);
    if (rc && rc != XK_ENOENT)
        return rc;
    int missing = rc == XK_ENOENT;
    rc = xk__store_write(ctx, XK_STORE_NOTXN, path, word);
    if (rc)
        return rc;
    if (missing) {
        rc = xk__store_set_perms(ctx, XK_STORE_NOTXN, path, domid, domid);
        if (rc)
            return rc;
    }
    if (flags & XK_SHUTDOWN_NOWAIT)
        return 0;
    return wait_for_ack(ctx, domid, path, word);
}

int xk_domain_trigger(xk_ctx *ctx, uint32_t domid, unsigned trigger,
                      uint32_t vcpu)
{
    if (!ctx)
        return XK_EINVAL;
    xk__clear_error(ctx);
    static const unsigned xen_trigger[] = {
        [XK_TRIGGER_NMI] = XEN_DOMCTL_SENDTRIGGER_NMI,
        [XK_TRIGGER_RESET] = XEN_DOMCTL_SENDTRIGGER_RESET,
        [XK_TRIGGER_INIT] = XEN_DOMCTL_SENDTRIGGER_INIT,
        [XK_TRIGGER_POWER] = XEN_DOMCTL_SENDTRIGGER_POWER,
        [XK_TRIGGER_SLEEP] = XEN_DOMCTL_SENDTRIGGER_SLEEP,
    };
    if (trigger >= sizeof(xen_trigger) / sizeof(xen_trigger[0]))
        return xk__error(ctx, XK_EINVAL, "unknown trigger %u", trigger);
    int rc = xk__hv_open(ctx);
    if (rc)
        return rc;
    xk__hv_clear_log(ctx);
    if (xc_domain_send_trigger(ctx->xc, domid, xen_trigger[trigger], vcpu))
        return xk__hv_fail(ctx, errno == ESRCH ? XK_ENOENT : XK_EXEN, errno,
                           "sending a trigger to the domain");
    return 0;
}

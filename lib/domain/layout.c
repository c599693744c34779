/*
 * layout.c: the xenstore nodes of a new PV domain, as libxl lays them out so
 * that guests, xenconsoled and Debian's xl all find what they expect
 * (docs/misc/xenstore-paths.pandoc). Built in memory, written in one
 * transaction by create.c.
 *
 * Permissions: a node xenstored creates inherits its parent's permissions,
 * so each tree root gets its permissions first and only the nodes the guest
 * must write (control/shutdown, data, ...) are given to it explicitly.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/context.h"
#include "domain/create.h"
#include "domain/lifecycle.h"
#include "store/fan.h"

/* The console ring xenconsoled serves, as libxl describes it. */
#define XK__CONSOLE_LIMIT "1048576"
#define XK__CONSOLE_PROTOCOL "vt100"
#define XK__STATE_INITIALISING "1"

/* /local/domain/N: the guest's home. */
static void layout_home(struct xk__store_batch *b, const struct xk__domspec *s,
                        const struct xk__built *bt, const char *vm)
{
    uint32_t d = bt->domid;
    char num[32];

    xk__batch_rm(b, "/local/domain/%u", d);
    xk__batch_put(b, XK__PERM_READ, d, "", "/local/domain/%u", d);
    xk__batch_put(b, 0, 0, vm, "/local/domain/%u/vm", d);
    xk__batch_put(b, 0, 0, s->name, "/local/domain/%u/name", d);
    snprintf(num, sizeof(num), "%u", d);
    xk__batch_put(b, 0, 0, num, "/local/domain/%u/domid", d);

    for (uint32_t i = 0; i < s->max_vcpus; i++)
        xk__batch_put(b, 0, 0, i < s->vcpus ? "online" : "offline",
                      "/local/domain/%u/cpu/%u/availability", d, i);

    snprintf(num, sizeof(num), "%" PRIu64, s->max_kb);
    xk__batch_put(b, 0, 0, num, "/local/domain/%u/memory/static-max", d);
    snprintf(num, sizeof(num), "%" PRIu64, s->target_kb);
    xk__batch_put(b, 0, 0, num, "/local/domain/%u/memory/target", d);
    xk__batch_put(b, 0, 0, "0", "/local/domain/%u/memory/videoram", d);

    xk__batch_put(b, 0, 0, "", "/local/domain/%u/device", d);
    xk__batch_put(b, XK__PERM_OWNED, d, "",
                  "/local/domain/%u/device/suspend/event-channel", d);

    static const char *const guest_control[] = {
        "shutdown", "feature-poweroff", "feature-reboot", "feature-suspend",
        "sysrq",
    };
    xk__batch_put(b, 0, 0, "", "/local/domain/%u/control", d);
    for (size_t i = 0; i < sizeof(guest_control) / sizeof(*guest_control); i++)
        xk__batch_put(b, XK__PERM_OWNED, d, "", "/local/domain/%u/control/%s",
                      d, guest_control[i]);
    xk__batch_put(b, 0, 0, "1", "/local/domain/%u/control/"
                  "platform-feature-multiprocessor-suspend", d);
    xk__batch_put(b, 0, 0, "1", "/local/domain/%u/control/"
                  "platform-feature-xs_reset_watches", d);

    static const char *const guest_dirs[] = {
        "data", "drivers", "feature", "attr", "error",
    };
    for (size_t i = 0; i < sizeof(guest_dirs) / sizeof(*guest_dirs); i++)
        xk__batch_put(b, XK__PERM_OWNED, d, "", "/local/domain/%u/%s", d,
                      guest_dirs[i]);

    snprintf(num, sizeof(num), "%u", bt->store_port);
    xk__batch_put(b, 0, 0, num, "/local/domain/%u/store/port", d);
    snprintf(num, sizeof(num), "%lu", bt->store_mfn);
    xk__batch_put(b, 0, 0, num, "/local/domain/%u/store/ring-ref", d);
}

/* The console's backend directory, under the console domain. */
static void backend_path(const struct xk__built *bt, char back[96])
{
    snprintf(back, 96, "/local/domain/%u/backend/console/%u/0",
             bt->console_domid, bt->domid);
}

/* What the console's backend directory holds, as libxl writes it; libxl's
 * record of the console copies it. */
static void backend_entries(const struct xk__built *bt, char domid[16],
                            const char *ents[4][2])
{
    snprintf(domid, 16, "%u", bt->domid);
    const char *const e[4][2] = {
        { "frontend-id", domid }, { "online", "1" },
        { "state", XK__STATE_INITIALISING }, { "protocol", XK__CONSOLE_PROTOCOL },
    };
    memcpy(ents, e, sizeof(e));
}

/* The primary console: its frontend in the guest's home (read-only to the
 * guest, unlike other devices), its backend under the console domain
 * (with_backend), and libxl's record of it. xenconsoled reads ring-ref,
 * port and type. */
static void layout_console(struct xk__store_batch *b, const struct xk__built *bt,
                           bool with_backend)
{
    uint32_t d = bt->domid, be = bt->console_domid;
    char front[64], back[96], num[32];
    snprintf(front, sizeof(front), "/local/domain/%u/console", d);
    backend_path(bt, back);

    xk__batch_put(b, XK__PERM_READ, d, "", "%s", front);
    xk__batch_put(b, 0, 0, back, "%s/backend", front);
    snprintf(num, sizeof(num), "%u", be);
    /* As libxl writes a frontend entry: the guest's, its backend reads. */
    xk__batch_put(b, XK__PERM_OWNED_R0, d, num, "%s/backend-id", front);
    xk__batch_put(b, 0, 0, XK__CONSOLE_LIMIT, "%s/limit", front);
    xk__batch_put(b, 0, 0, "xenconsoled", "%s/type", front);
    xk__batch_put(b, 0, 0, "pty", "%s/output", front);
    xk__batch_put(b, 0, 0, "", "%s/tty", front);
    snprintf(num, sizeof(num), "%u", bt->console_port);
    xk__batch_put(b, 0, 0, num, "%s/port", front);
    snprintf(num, sizeof(num), "%lu", bt->console_mfn);
    xk__batch_put(b, 0, 0, num, "%s/ring-ref", front);

    if (with_backend)
        xk__layout_console_backend(b, bt);

    char domid[16];
    const char *bents[4][2];
    backend_entries(bt, domid, bents);
    xk__batch_put(b, 0, 0, front, "/libxl/%u/device/console/0/frontend", d);
    xk__batch_put(b, 0, 0, back, "/libxl/%u/device/console/0/backend", d);
    for (size_t i = 0; i < 4; i++)
        xk__batch_put(b, 0, 0, bents[i][1], "/libxl/%u/device/console/0/%s",
                      d, bents[i][0]);
}

void xk__layout_console_backend(struct xk__store_batch *b,
                                const struct xk__built *bt)
{
    /* It belongs to the console domain; the guest may read it. */
    char front[64], back[96], domid[16];
    const char *bents[4][2];
    snprintf(front, sizeof(front), "/local/domain/%u/console", bt->domid);
    backend_path(bt, back);
    backend_entries(bt, domid, bents);
    xk__batch_rm(b, "%s", back);
    xk__batch_put(b, XK__PERM_READ, bt->domid, "", "%s", back);
    xk__batch_put(b, 0, 0, front, "%s/frontend", back);
    for (size_t i = 0; i < 4; i++)
        xk__batch_put(b, 0, 0, bents[i][1], "%s/%s", back, bents[i][0]);
}

void xk__layout_domain(struct xk__store_batch *b, const struct xk__domspec *s,
                       const struct xk__built *bt)
{
    xk__layout_domain_own(b, s, bt, true);
}

void xk__layout_domain_own(struct xk__store_batch *b,
                           const struct xk__domspec *s,
                           const struct xk__built *bt, bool with_backend)
{
    uint32_t d = bt->domid;
    char uuid[XK__UUID_STRLEN], vm[64], t[48];
    xk__uuid_format(s->uuid, uuid);
    snprintf(vm, sizeof(vm), "/vm/%s", uuid);

    layout_home(b, s, bt, vm);

    /* /vm/UUID: what the toolstack knows of the VM across its domains;
     * what an earlier domain of a UUID from the config left goes first
     * (a random one is new: one request less for xenstored). */
    if (!s->uuid_random)
        xk__batch_rm(b, "%s", vm);
    xk__batch_put(b, XK__PERM_READ, d, "", "%s", vm);
    xk__batch_put(b, 0, 0, uuid, "%s/uuid", vm);
    xk__batch_put(b, 0, 0, s->name, "%s/name", vm);
    snprintf(t, sizeof(t), "%" PRIu64 ".%02u", bt->start_sec, bt->start_csec);
    xk__batch_put(b, 0, 0, t, "%s/start_time", vm);
    xk__batch_put(b, 0, 0, "linux", "%s/image/ostype", vm);
    xk__batch_put(b, 0, 0, s->kernel, "%s/image/kernel", vm);
    if (s->ramdisk && s->ramdisk[0])
        xk__batch_put(b, 0, 0, s->ramdisk, "%s/image/ramdisk", vm);
    if (s->cmdline)
        xk__batch_put(b, 0, 0, s->cmdline, "%s/image/cmdline", vm);

    /* /libxl/N: the toolstack's private record (dom0 only); Debian's xl
     * reads the domain type and device list from it. */
    xk__batch_rm(b, "/libxl/%u", d);
    xk__batch_put(b, XK__PERM_DOM0, 0, "", "/libxl/%u", d);
    xk__batch_put(b, 0, 0, "", "/libxl/%u/device", d);
    xk__batch_put(b, 0, 0, "pv", "/libxl/%u/type", d);
    /* libxl records the device model version even for PV guests with none;
     * its destroy and device code read it. */
    xk__batch_put(b, 0, 0, "qemu_xen", "/libxl/%u/dm-version", d);

    layout_console(b, bt, with_backend);

    /* xenkit-monitord's record, when the create is supervised. */
    if (s->lifecycle)
        xk__lifecycle_batch(b, d, s->lifecycle);
}

/* The nodes whose values come after the layout is made, with those
 * values: the ports, the ring frames, and where the console's backend is
 * (the console domain's id comes with the first exchange's replies). */
enum { NLATE = 7 };
static void late_nodes(const struct xk__built *bt, char path[NLATE][64],
                       char val[NLATE][96])
{
    static const char *const leaf[NLATE] = {
        "/local/domain/%u/store/port", "/local/domain/%u/console/port",
        "/local/domain/%u/store/ring-ref", "/local/domain/%u/console/ring-ref",
        "/local/domain/%u/console/backend-id",
        "/local/domain/%u/console/backend",
        "/libxl/%u/device/console/0/backend",
    };
    for (int i = 0; i < NLATE; i++)
        snprintf(path[i], 64, leaf[i], bt->domid);
    snprintf(val[0], 96, "%u", bt->store_port);
    snprintf(val[1], 96, "%u", bt->console_port);
    snprintf(val[2], 96, "%lu", bt->store_mfn);
    snprintf(val[3], 96, "%lu", bt->console_mfn);
    snprintf(val[4], 96, "%u", bt->console_domid);
    backend_path(bt, val[5]);
    backend_path(bt, val[6]);
}

void xk__layout_late(struct xk__store_batch *b, const struct xk__built *bt)
{
    char path[NLATE][64], val[NLATE][96];
    late_nodes(bt, path, val);
    for (int i = 0; i < NLATE; i++)
        xk__batch_set_value(b, path[i], val[i]);
}

static bool is_late(const struct xk__built *bt, const char *path)
{
    char paths[NLATE][64], val[NLATE][96];
    late_nodes(bt, paths, val);
    for (int i = 0; i < NLATE; i++)
        if (strcmp(paths[i], path) == 0)
            return true;
    return false;
}

int xk__layout_check_plan(xk_ctx *ctx, const struct xk__fan_plan *p,
                          const struct xk__built *bt)
{
    for (size_t i = 0; i < p->n; i++) {
        const struct xk__fan_item *it = &p->items[i];
        if (it->step == 0 && it->kind == XK__FAN_WRITE &&
            is_late(bt, it->path))
            return xk__error(ctx, XK_EINVAL, "xenstore layout: %s is "
                             "written before it has its value", it->path);
    }
    return 0;
}

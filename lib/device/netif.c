/*
 * netif.c: dom0 network interfaces of vifs, set up over rtnetlink rather
 * than by running ip or brctl: rename, MAC, MTU, bridge port, link up.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/context.h"
#include "device/internal.h"

struct nlreq {
    struct nlmsghdr nh;
    struct ifinfomsg ifi;
    char attrs[256];
};

static void add_attr(struct nlreq *r, unsigned short type, const void *data,
                     size_t len)
{
    struct rtattr *rta = (struct rtattr *)((char *)r + NLMSG_ALIGN(r->nh.nlmsg_len));
    rta->rta_type = type;
    rta->rta_len = (unsigned short)RTA_LENGTH(len);
    memcpy(RTA_DATA(rta), data, len);
    r->nh.nlmsg_len = NLMSG_ALIGN(r->nh.nlmsg_len) + RTA_ALIGN(rta->rta_len);
}

/* Sends one RTM_NEWLINK change and waits for the kernel's answer; returns
 * 0 or an errno. */
static int link_change(const struct nlreq *r)
{
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0)
        return errno;
    struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
    int e = 0;
    if (sendto(fd, r, r->nh.nlmsg_len, 0, (struct sockaddr *)&kernel,
               sizeof(kernel)) < 0) {
        e = errno;
        goto out;
    }
    char buf[4096];
    for (;;) {
        ssize_t n = recv(fd, buf, sizeof(buf), 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            e = errno;
            goto out;
        }
        for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n);
             h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_seq != r->nh.nlmsg_seq)
                continue;
            if (h->nlmsg_type == NLMSG_ERROR) {
                struct nlmsgerr *err = NLMSG_DATA(h);
                e = -err->error;
                goto out;
            }
        }
    }
out:
    close(fd);
    return e;
}

static void req_init(struct nlreq *r, int ifindex, unsigned flags,
                     unsigned change)
{
    static const unsigned seq_base = 0x584b; /* any value: one socket a request */
    memset(r, 0, sizeof(*r));
    r->nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
    r->nh.nlmsg_type = RTM_NEWLINK;
    r->nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
    r->nh.nlmsg_seq = seq_base + (unsigned)ifindex;
    r->ifi.ifi_family = AF_UNSPEC;
    r->ifi.ifi_index = ifindex;
    r->ifi.ifi_flags = flags;
    r->ifi.ifi_change = change;
}

int xk__netif_exists(const char *name)
{
    return if_nametoindex(name) != 0;
}

int xk__netif_wait(xk_ctx *ctx, const char *name, bool present, int timeout_ms)
{
    int64_t start = xk__now_ms();
    for (;;) {
        if (xk__netif_exists(name) == present)
            return 0;
        if (xk__now_ms() - start >= timeout_ms)
            return xk__error(ctx, XK_ETIMEDOUT, "network interface %s %s "
                             "after %d ms", name,
                             present ? "did not appear" : "is still there",
                             timeout_ms);
        usleep(10000);
    }
}

/* The MTU of an interface from sysfs, or 0. */
static unsigned read_mtu(const char *ifname)
{
    char path[128], buf[32];
    snprintf(path, sizeof(path), "/sys/class/net/%s/mtu", ifname);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    return (unsigned)strtoul(buf, NULL, 10);
}

int xk__netif_bridge_check(xk_ctx *ctx, const char *bridge)
{
    char path[128];
    struct stat st;
    if (strlen(bridge) >= IFNAMSIZ)
        return xk__error(ctx, XK_EINVAL, "bridge name %s is too long", bridge);
    snprintf(path, sizeof(path), "/sys/class/net/%s/bridge", bridge);
    if (stat(path, &st) == 0)
        return 0;
    if (xk__netif_exists(bridge))
        return xk__error(ctx, XK_EINVAL, "%s is not a bridge", bridge);
    return xk__error(ctx, XK_ENOENT, "bridge %s does not exist (create it "
                     "first, e.g. ip link add %s type bridge)", bridge, bridge);
}

int xk__netif_join_bridge(xk_ctx *ctx, const char *ifname, const char *newname,
                          const char *bridge, unsigned mtu)
{
    int rc = xk__netif_bridge_check(ctx, bridge);
    if (rc)
        return rc;
    int idx = (int)if_nametoindex(ifname);
    if (!idx)
        return xk__error(ctx, XK_ENOENT, "network interface %s does not exist",
                         ifname);
    int bidx = (int)if_nametoindex(bridge);
    if (!bidx)
        return xk__error(ctx, XK_ENOENT, "bridge %s does not exist", bridge);

    struct nlreq r;
    int e;
    const char *step;

    /* Down first: a rename needs it, and the port comes up last. */
    req_init(&r, idx, 0, IFF_UP);
    step = "set down";
    if ((e = link_change(&r)))
        goto fail;

    if (newname && *newname && strcmp(newname, ifname) != 0) {
        if (strlen(newname) >= IFNAMSIZ)
            return xk__error(ctx, XK_EINVAL, "vifname %s is longer than %d "
                             "characters", newname, IFNAMSIZ - 1);
        if (xk__netif_exists(newname))
            return xk__error(ctx, XK_EEXIST, "cannot rename %s: an interface "
                             "named %s already exists", ifname, newname);
        req_init(&r, idx, 0, 0);
        add_attr(&r, IFLA_IFNAME, newname, strlen(newname) + 1);
        step = "rename";
        if ((e = link_change(&r)))
            goto fail;
    }

    /* The backend's own MAC must never be the guest's: fe:ff:ff:ff:ff:ff
     * keeps the bridge from picking it as its address. */
    static const unsigned char nomac[ETH_ALEN] = {
        0xfe, 0xff, 0xff, 0xff, 0xff, 0xff };
    req_init(&r, idx, 0, 0);
    add_attr(&r, IFLA_ADDRESS, nomac, sizeof(nomac));
    step = "set the MAC address";
    if ((e = link_change(&r)))
        goto fail;

    if (!mtu)
        mtu = read_mtu(bridge);
    if (mtu) {
        req_init(&r, idx, 0, 0);
        add_attr(&r, IFLA_MTU, &mtu, sizeof(mtu));
        step = "set the MTU";
        if ((e = link_change(&r)))
            goto fail;
    }

    req_init(&r, idx, IFF_UP, IFF_UP);
    add_attr(&r, IFLA_MASTER, &bidx, sizeof(bidx));
    step = "add to the bridge";
    if ((e = link_change(&r)))
        goto fail;
    return 0;

fail:
    return xk__error(ctx, e == EPERM ? XK_EPERM : XK_EIO,
                     "network interface %s: cannot %s%s%s: %s", ifname, step,
                     strcmp(step, "add to the bridge") ? "" : " ",
                     strcmp(step, "add to the bridge") ? "" : bridge,
                     strerror(e));
}

int xk__netif_unplug(const char *ifname)
{
    int idx = (int)if_nametoindex(ifname);
    if (!idx)
        return 0;
    struct nlreq r;
    int zero = 0;
    req_init(&r, idx, 0, IFF_UP);
    add_attr(&r, IFLA_MASTER, &zero, sizeof(zero));
    return -link_change(&r);
}

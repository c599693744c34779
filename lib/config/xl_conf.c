/*
 * xl_conf.c: xl.conf(5), the global defaults xl applies to every domain
 * (hotplug scripts, claim mode, grant table sizes, vif.default.*), read
 * with the xl.cfg parser and applied to a parsed configuration.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/build.h"
#include "core/context.h"

#define XL_CONF_DEFAULT "/etc/xen/xl.conf"
#define XL_CONF_MAX (1u << 20)

static int read_file(xk_ctx *ctx, const char *path, char **buf_r,
                     size_t *len_r)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    *buf_r = NULL;
    *len_r = 0;
    if (fd < 0)
        return errno == ENOENT ? 1 : xk__error(ctx, XK_EIO, "%s: cannot "
                                               "read: %s", path,
                                               strerror(errno));
    /* Sized by the file (a megabyte each time cost a create 1-2 ms in a
     * PV dom0: glibc maps and unmaps it), grown should it grow. */
    struct stat st;
    size_t cap = fstat(fd, &st) == 0 && st.st_size > 0 &&
                 (uintmax_t)st.st_size < XL_CONF_MAX
               ? (size_t)st.st_size + 1 : 4096;
    char *buf = malloc(cap);
    if (!buf) {
        close(fd);
        return xk__error(ctx, XK_ENOMEM, "out of memory");
    }
    size_t len = 0;
    for (;;) {
        if (len == cap && cap < XL_CONF_MAX) {
            size_t more = cap * 2 < XL_CONF_MAX ? cap * 2 : XL_CONF_MAX;
            char *grown = realloc(buf, more);
            if (!grown) {
                free(buf);
                close(fd);
                return xk__error(ctx, XK_ENOMEM, "out of memory");
            }
            buf = grown;
            cap = more;
        }
        ssize_t n = read(fd, buf + len, cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            free(buf);
            close(fd);
            return xk__error(ctx, XK_EIO, "%s: cannot read: %s", path,
                             strerror(e));
        }
        if (n == 0)
            break;
        len += (size_t)n;
        if (len == XL_CONF_MAX) {
            free(buf);
            close(fd);
            return xk__error(ctx, XK_ECONFIG, "%s: larger than %u bytes",
                             path, XL_CONF_MAX);
        }
    }
    close(fd);
    *buf_r = buf;
    *len_r = len;
    return 0;
}

/* A default string for each NIC that does not set its own. */
static int nic_default(struct xk__build *b, const char *key, size_t off)
{
    char *v = NULL;
    int rc = xk__get_string(b, key, &v);
    if (rc <= 0)
        return rc;
    for (size_t i = 0; i < b->cfg->num_vifs; i++) {
        char **field = (char **)((char *)&b->cfg->vifs[i] + off);
        if (!*field && !(*field = strdup(v))) {
            free(v);
            return xk__error(b->ctx, XK_ENOMEM, "out of memory");
        }
    }
    free(v);
    return 0;
}

static int apply(struct xk__build *b)
{
    struct xk_domain_config *c = b->cfg;
    xk_defbool flag = XK_DEFBOOL_DEFAULT;
    long l;
    int rc;

    if ((rc = xk__get_bool(b, "run_hotplug_scripts", &flag)) < 0)
        return rc;
    if (rc == 1)
        c->run_hotplug_scripts = flag;
    if ((rc = xk__get_bool(b, "claim_mode", &flag)) < 0)
        return rc;
    if (rc == 1)
        c->claim_mode = flag;
    char *s = NULL;
    if ((rc = xk__get_string(b, "blkdev_start", &s)) < 0)
        return rc;
    if (rc == 1) {
        free(c->blkdev_start);
        c->blkdev_start = s;
    }
    if ((rc = xk__get_long(b, "max_grant_frames", 0, INT_MAX, &l)) < 0)
        return rc;
    if (rc == 1 && c->max_grant_frames == UINT32_MAX)
        c->max_grant_frames = (uint32_t)l;
    if ((rc = xk__get_long(b, "max_maptrack_frames", 0, INT_MAX, &l)) < 0)
        return rc;
    if (rc == 1 && c->max_maptrack_frames == UINT32_MAX)
        c->max_maptrack_frames = (uint32_t)l;
    if ((rc = xk__get_long(b, "max_grant_version", 0, INT_MAX, &l)) < 0)
        return rc;
    if (rc == 1 && c->max_grant_version == -1)
        c->max_grant_version = (int)l;

    /* the new names win over the deprecated ones, as in xl */
    static const struct { const char *key, *old; size_t off; } nic[] = {
        { "vif.default.script", "vifscript",
          offsetof(struct xk_vif_spec, script) },
        { "vif.default.bridge", "defaultbridge",
          offsetof(struct xk_vif_spec, bridge) },
        { "vif.default.gatewaydev", NULL,
          offsetof(struct xk_vif_spec, gatewaydev) },
        { "vif.default.backend", NULL,
          offsetof(struct xk_vif_spec, backend_domname) },
    };
    for (size_t i = 0; i < sizeof(nic) / sizeof(nic[0]); i++) {
        if ((rc = nic_default(b, nic[i].key, nic[i].off)) < 0)
            return rc;
        struct xk__cfg_setting *old = nic[i].old ?
            xk__cfg_find(b->f, nic[i].old) : NULL;
        if (old) {
            xk__warn(b, &old->loc, "%s is deprecated; use %s", nic[i].old,
                     nic[i].key);
            if ((rc = nic_default(b, nic[i].old, nic[i].off)) < 0)
                return rc;
        }
    }
    return 0;
}

int xk_config_apply_xl_conf(xk_ctx *ctx, xk_domain_config *cfg,
                            const char *path)
{
    if (!ctx || !cfg)
        return XK_EINVAL;
    xk__clear_error(ctx);
    if (!path)
        path = XL_CONF_DEFAULT;
    char *text;
    size_t len;
    int rc = read_file(ctx, path, &text, &len);
    if (rc)
        return rc > 0 ? 0 : rc;   /* no xl.conf: xl's built-in defaults */
    struct xk__cfg_file f;
    xk__cfg_file_init(&f);
    /* xl.conf may set a key twice (the last wins), as xl allows */
    rc = xk__cfg_parse(ctx, &f, path, text, len, true);
    free(text);
    if (rc == 0) {
        struct xk__build b = { .ctx = ctx, .f = &f, .cfg = cfg };
        rc = apply(&b);
    }
    xk__cfg_file_dispose(&f);
    return rc;
}

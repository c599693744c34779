/*
 * userdata.c: the file where libxl keeps a domain's configuration
 * (/var/lib/xen/userdata-d.DOMID.UUID.libxl-json). Debian's xl reads it for
 * `xl list -l`, device hot-plug and config-update on any domain, so ours
 * get one too; xk_domain_destroy removes it (destroy.c).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/domain_config.h"
#include "core/context.h"
#include "domain/create.h"

#define XK__USERDATA_DIR "/var/lib/xen"

void xk__userdata_write(xk_ctx *ctx, const xk_domain_config *cfg,
                        uint32_t domid)
{
    char *json = NULL;
    char msg[XK_ERRMSG_MAX];
    int code = ctx->last_code;
    snprintf(msg, sizeof(msg), "%s", ctx->last_error);
    if (xk_config_to_json(ctx, cfg, &json) != 0)
        goto out;

    char uuid[XK__UUID_STRLEN], path[256], tmp[300];
    xk__uuid_format(cfg->uuid, uuid);
    snprintf(path, sizeof(path), XK__USERDATA_DIR "/userdata-d.%u.%s.libxl-json",
             domid, uuid);
    snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid());
    mkdir(XK__USERDATA_DIR, 0755);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        goto out;
    size_t len = strlen(json), done = 0;
    while (done < len) {
        ssize_t w = write(fd, json + done, len - done);
        if (w <= 0)
            break;
        done += (size_t)w;
    }
    if (close(fd) != 0 || done != len || rename(tmp, path) != 0)
        unlink(tmp);
out:
    free(json);
    /* Best effort: whatever failed here is not the caller's error. */
    ctx->last_code = code;
    snprintf(ctx->last_error, sizeof(ctx->last_error), "%s", msg);
}

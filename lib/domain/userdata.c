/*
 * userdata.c: the file where libxl keeps a domain's configuration
 * (/var/lib/xen/userdata-d.DOMID.UUID.libxl-json). Debian's xl reads it for
 * `xl list -l`, device hot-plug and config-update on any domain, so ours
 * get one too, with what libxl adds to the config it is given (so Debian's
 * `xl list -l` shows our domains as it shows its own); xk_domain_destroy
 * removes it (destroy.c).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/domain_config.h"
#include "core/context.h"
#include "config/json_out.h"
#include "domain/create.h"
#include "domain/libxl_json.h"
#include "domain/userdata.h"

void xk__userdata_path(char *buf, size_t size, uint32_t domid,
                       const uint8_t uuid[16])
{
    char u[XK__UUID_STRLEN];
    xk__uuid_format(uuid, u);
    snprintf(buf, size, XK__USERDATA_DIR "/userdata-d.%u.%s.libxl-json",
             domid, u);
}

/* The config as libxl stores it: `xl create -n`'s JSON plus what libxl
 * fills in on creation (libxl_json.c). NULL on failure. */
static char *stored_json(const xk_domain_config *cfg,
                         const struct xk_vif_spec *nics)
{
    char *text = NULL;
    json_t *root = xk__config_json(cfg);
    uint8_t (*macs)[6] = calloc(cfg->num_vifs ? cfg->num_vifs : 1, 6);
    if (root && macs) {
        for (size_t i = 0; nics && i < cfg->num_vifs; i++)
            memcpy(macs[i], nics[i].mac, 6);
        if (xk__libxl_json_stored(root, macs, nics ? cfg->num_vifs : 0) == 0)
            text = xk__json_print_yajl(root);
    }
    free(macs);
    json_decref(root);
    return text;
}

void xk__userdata_write(xk_ctx *ctx, const xk_domain_config *cfg,
                        const struct xk_vif_spec *nics, uint32_t domid)
{
    char *json = NULL;
    struct xk__kept_error k;
    xk__error_keep(ctx, &k);
    if (!(json = stored_json(cfg, nics)))
        goto out;

    char path[256], tmp[300];
    xk__userdata_path(path, sizeof(path), domid, cfg->uuid);
    snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid());
    mkdir(XK__USERDATA_DIR, 0755);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        goto out;
    /* With its NUL, as libxl writes it. */
    size_t len = strlen(json) + 1, done = 0;
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
    xk__error_put_back(ctx, &k);
}

/*
 * lifecycle.c: what to do when a guest stops by itself (on_poweroff,
 * on_reboot, on_watchdog, on_crash, on_soft_reset), recorded per domain in
 * xenstore under /libxl/DOMID/xenkit so a supervising process can be
 * restarted and pick every domain up again. /libxl is writable by dom0
 * only, and goes when the domain is destroyed (by us or by libxl).
 *
 * The record is one node, /libxl/DOMID/xenkit/record: a line of
 * "on_EVENT=ACTION" words and "config-length=N", then the config text
 * when it fits (else it is in config/0, config/1... as chunks). One node
 * costs a create one request where a node per field cost seven. Records
 * of earlier versions, a node per field, are still read.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "domain/lifecycle.h"
#include "store/batch.h"
#include "store/pipe.h"
#include "store/store.h"

/* Config text is stored in chunks well under xenstored's 4096-byte
 * message payload limit. */
#define CHUNK 2048
/* Refuse to store (or read back) anything bigger: xl.cfg files are small. */
#define CONFIG_MAX (1024 * 1024)

static const char *const action_names[] = {
    [XK_ACTION_DESTROY] = "destroy",
    [XK_ACTION_RESTART] = "restart",
    [XK_ACTION_RESTART_RENAME] = "rename-restart",
    [XK_ACTION_PRESERVE] = "preserve",
    [XK_ACTION_COREDUMP_DESTROY] = "coredump-destroy",
    [XK_ACTION_COREDUMP_RESTART] = "coredump-restart",
    [XK_ACTION_SOFT_RESET] = "soft-reset",
};
#define N_ACTIONS (sizeof(action_names) / sizeof(action_names[0]))

static const char *const event_keys[] = {
    "on_poweroff", "on_reboot", "on_watchdog", "on_crash", "on_soft_reset",
};

const char *xk_action_name(unsigned action)
{
    return action < N_ACTIONS ? action_names[action] : "unknown";
}

int xk_action_parse(const char *s, unsigned *action_r)
{
    if (!s || !action_r)
        return XK_EINVAL;
    for (unsigned i = 0; i < N_ACTIONS; i++) {
        if (strcmp(s, action_names[i]) == 0) {
            *action_r = i;
            return 0;
        }
    }
    return XK_EINVAL;
}

void xk_lifecycle_init(xk_lifecycle *lc)
{
    memset(lc, 0, sizeof(*lc));
    lc->on_poweroff = XK_ACTION_DESTROY;
    lc->on_reboot = XK_ACTION_RESTART;
    lc->on_watchdog = XK_ACTION_DESTROY;
    lc->on_crash = XK_ACTION_DESTROY;
    lc->on_soft_reset = XK_ACTION_SOFT_RESET;
}

void xk_lifecycle_from_config(xk_lifecycle *lc, const xk_domain_config *cfg,
                              const char *text, size_t len)
{
    xk_lifecycle_init(lc);
    lc->on_poweroff = xk_config_action(cfg, XK_SHUTDOWN_POWEROFF);
    lc->on_reboot = xk_config_action(cfg, XK_SHUTDOWN_REBOOT);
    lc->on_watchdog = xk_config_action(cfg, XK_SHUTDOWN_WATCHDOG);
    lc->on_crash = xk_config_action(cfg, XK_SHUTDOWN_CRASH);
    lc->on_soft_reset = xk_config_action(cfg, XK_SHUTDOWN_SOFT_RESET);
    lc->config = (char *)text;  /* borrowed: record copies it */
    lc->config_len = text ? len : 0;
}

void xk_lifecycle_dispose(xk_lifecycle *lc)
{
    if (!lc)
        return;
    free(lc->config);
    lc->config = NULL;
    lc->config_len = 0;
}

static unsigned *action_slot(xk_lifecycle *lc, size_t i)
{
    unsigned *slots[] = { &lc->on_poweroff, &lc->on_reboot, &lc->on_watchdog,
                          &lc->on_crash, &lc->on_soft_reset };
    return slots[i];
}

unsigned xk_lifecycle_action(const xk_lifecycle *lc, unsigned reason)
{
    switch (reason) {
    case XK_SHUTDOWN_POWEROFF:   return lc->on_poweroff;
    case XK_SHUTDOWN_REBOOT:     return lc->on_reboot;
    case XK_SHUTDOWN_WATCHDOG:   return lc->on_watchdog;
    case XK_SHUTDOWN_CRASH:      return lc->on_crash;
    case XK_SHUTDOWN_SOFT_RESET: return lc->on_soft_reset;
    default:                     return XK_ACTION_DESTROY;
    }
}

/* Config text up to this size goes in the record node itself: with its
 * first line and path it stays well under xenstored's 4096-byte payload. */
#define INLINE_MAX 3072

/* The record as a batch of writes; fresh: the domain's /libxl node is
 * new, so there is no old record to remove first. */
static void record_batch(struct xk__store_batch *b, const char *base,
                         const xk_lifecycle *lc, bool fresh)
{
    if (!fresh)
        xk__batch_rm(b, "%s", base);
    size_t len = lc->config ? lc->config_len : 0;
    bool inline_config = len <= INLINE_MAX;
    char *rec = malloc(256 + (inline_config ? len : 0));
    if (!rec) {
        b->err = XK_ENOMEM;
        return;
    }
    size_t n = 0;
    for (size_t i = 0; i < 5; i++)
        n += (size_t)sprintf(rec + n, "%s=%s ", event_keys[i],
                             xk_action_name(*action_slot((xk_lifecycle *)lc,
                                                         i)));
    n += (size_t)sprintf(rec + n, "config-length=%zu\n", len);
    if (inline_config && len)
        memcpy(rec + n, lc->config, len);
    rec[n + (inline_config ? len : 0)] = '\0';
    xk__batch_put(b, XK__PERM_INHERIT, 0, rec, "%s/record", base);
    free(rec);
    if (inline_config)
        return;
    size_t chunks = (len + CHUNK - 1) / CHUNK;
    char piece[CHUNK + 1];
    for (size_t c = 0; c < chunks; c++) {
        size_t k = len - c * CHUNK < CHUNK ? len - c * CHUNK : CHUNK;
        memcpy(piece, lc->config + c * CHUNK, k);
        piece[k] = '\0';
        xk__batch_put(b, XK__PERM_INHERIT, 0, piece, "%s/config/%zu", base, c);
    }
}

static int write_record(xk_ctx *ctx, xk_store_txn t, const char *base,
                        const xk_lifecycle *lc)
{
    struct xk__store_batch b;
    xk__batch_init(&b);
    record_batch(&b, base, lc, false);
    int rc = xk__store_batch_apply(ctx, t, &b);
    xk__batch_dispose(&b);
    return rc;
}

/* The record in one transaction over our own xenstored connection: three
 * round trips instead of one per node. XK_EUNSUPPORTED when xenstored has
 * no socket. */
static int record_over_pipe(xk_ctx *ctx, const char *base,
                            const xk_lifecycle *lc)
{
    struct xk__pipe p;
    if (xk__pipe_open(ctx, &p) != 0)
        return XK_EUNSUPPORTED;
    struct xk__store_batch b;
    xk__batch_init(&b);
    record_batch(&b, base, lc, false);
    int rc = XK_EBUSY;
    for (int tries = 0; rc == XK_EBUSY && tries < 10; tries++) {
        uint32_t t;
        if ((rc = xk__pipe_txn_start(ctx, &p, &t)))
            break;
        rc = xk__pipe_batch_apply(ctx, &p, t, &b);
        if (rc) {
            xk__pipe_txn_end(ctx, &p, t, true);
            break;
        }
        rc = xk__pipe_txn_end(ctx, &p, t, false);
    }
    xk__batch_dispose(&b);
    xk__pipe_close(&p);
    return rc;
}

int xk__lifecycle_check(xk_ctx *ctx, const xk_lifecycle *lc)
{
    for (size_t i = 0; i < 5; i++)
        if (*action_slot((xk_lifecycle *)lc, i) >= N_ACTIONS)
            return xk__error(ctx, XK_EINVAL, "unknown %s action %u",
                             event_keys[i], *action_slot((xk_lifecycle *)lc,
                                                         i));
    if (lc->config && (lc->config_len > CONFIG_MAX ||
                       memchr(lc->config, '\0', lc->config_len)))
        return xk__error(ctx, XK_EINVAL, "the config to record is too big "
                         "or not text");
    return 0;
}

void xk__lifecycle_batch(struct xk__store_batch *b, uint32_t domid,
                         const xk_lifecycle *lc)
{
    char base[64];
    snprintf(base, sizeof(base), "/libxl/%u/xenkit", domid);
    record_batch(b, base, lc, true);
}

int xk_lifecycle_record(xk_ctx *ctx, uint32_t domid, const xk_lifecycle *lc)
{
    if (!ctx || !lc)
        return XK_EINVAL;
    xk__clear_error(ctx);
    int rc = xk__lifecycle_check(ctx, lc);
    if (rc)
        return rc;
    char base[64];
    rc = xk__store_path(ctx, base, sizeof(base), "/libxl/%u/xenkit", domid);
    if (rc)
        return rc;
    rc = record_over_pipe(ctx, base, lc);
    if (rc != XK_EUNSUPPORTED && rc != XK_EBUSY)
        return rc;
    xk__clear_error(ctx);
    for (int tries = 0; tries < 10; tries++) {
        xk_store_txn t;
        if ((rc = xk__store_txn_start(ctx, &t)))
            return rc;
        rc = write_record(ctx, t, base, lc);
        if (rc) {
            xk__store_txn_end(ctx, t, true);
            return rc;
        }
        rc = xk__store_txn_end(ctx, t, false);
        if (rc != XK_EBUSY)
            return rc;
    }
    return xk__error(ctx, XK_EBUSY, "recording the lifecycle of domain %u "
                     "kept conflicting", domid);
}

/* The config in chunks config/0, config/1... (len bytes in all). */
static int read_chunks(xk_ctx *ctx, xk_store_txn t, const char *base,
                       uint64_t len, xk_lifecycle *lc)
{
    char path[XK_STORE_PATH_MAX];
    if (len > CONFIG_MAX)
        return xk__error(ctx, XK_EINVAL, "%s: recorded config too big", base);
    lc->config = malloc(len + 1);
    if (!lc->config)
        return xk__error(ctx, XK_ENOMEM, "cannot allocate the config");
    size_t got = 0;
    for (size_t c = 0; got < len; c++) {
        char *piece;
        size_t n;
        int rc = xk__store_path(ctx, path, sizeof(path), "%s/config/%zu",
                                base, c);
        if (!rc)
            rc = xk__store_read(ctx, t, path, &piece, &n);
        if (rc == XK_ENOENT || (rc == 0 && (n == 0 || n > len - got))) {
            if (rc == 0)
                free(piece);
            return xk__error(ctx, XK_EINVAL, "%s: recorded config is "
                             "damaged", base);
        }
        if (rc)
            return rc;
        memcpy(lc->config + got, piece, n);
        got += n;
        free(piece);
    }
    lc->config[len] = '\0';
    lc->config_len = len;
    return 0;
}

/* A record of the form written now (one node, text): 0, or XK_ENOENT
 * when there is none (an earlier version's, or none at all). */
static int read_record(xk_ctx *ctx, xk_store_txn t, const char *base,
                       xk_lifecycle *lc)
{
    char path[XK_STORE_PATH_MAX], *rec;
    size_t len;
    int rc = xk__store_path(ctx, path, sizeof(path), "%s/record", base);
    if (!rc)
        rc = xk__store_read(ctx, t, path, &rec, &len);
    if (rc)
        return rc;
    char *nl = memchr(rec, '\n', len);
    uint64_t config_len = 0;
    bool have_len = false;
    for (char *w = rec, *end; !rc && nl && w < nl; w = end + 1) {
        end = memchr(w, ' ', (size_t)(nl - w));
        if (!end)
            end = nl;
        char *eq = memchr(w, '=', (size_t)(end - w));
        size_t i, klen = eq ? (size_t)(eq - w) : 0;
        char val[32];
        if (!eq || (size_t)(end - eq - 1) >= sizeof(val))
            continue;
        memcpy(val, eq + 1, (size_t)(end - eq - 1));
        val[end - eq - 1] = '\0';
        for (i = 0; i < 5; i++)
            if (strlen(event_keys[i]) == klen &&
                strncmp(w, event_keys[i], klen) == 0)
                break;
        if (i < 5 && xk_action_parse(val, action_slot(lc, i)))
            rc = xk__error(ctx, XK_EINVAL, "%s: unknown action \"%s\"",
                           path, val);
        else if (i == 5 && klen == 13 && strncmp(w, "config-length", 13) == 0)
            have_len = sscanf(val, "%" SCNu64, &config_len) == 1;
    }
    if (!rc && (!nl || !have_len))
        rc = xk__error(ctx, XK_EINVAL, "%s: damaged record", path);
    size_t text = rc ? 0 : len - (size_t)(nl + 1 - rec);
    if (!rc && text == config_len && config_len) {
        lc->config = malloc(text + 1);
        if (!lc->config)
            rc = xk__error(ctx, XK_ENOMEM, "cannot allocate the config");
        else {
            memcpy(lc->config, nl + 1, text);
            lc->config[text] = '\0';
            lc->config_len = text;
        }
    } else if (!rc && text == 0 && config_len) {
        rc = read_chunks(ctx, t, base, config_len, lc);
    } else if (!rc && text != config_len) {
        rc = xk__error(ctx, XK_EINVAL, "%s: recorded config is damaged",
                       base);
    }
    free(rec);
    return rc;
}

/* A record of an earlier version: a node per action, config-length and
 * the config's chunks. */
static int read_fields(xk_ctx *ctx, xk_store_txn t, const char *base,
                       xk_lifecycle *lc)
{
    char path[XK_STORE_PATH_MAX], val[32];
    int found = 0, rc = 0;
    for (size_t i = 0; i < 5; i++) {
        rc = xk__store_path(ctx, path, sizeof(path), "%s/%s", base,
                            event_keys[i]);
        if (!rc)
            rc = xk__store_read_buf(ctx, t, path, val, sizeof(val));
        if (rc == XK_ENOENT)
            continue;
        if (rc)
            return rc;
        found = 1;
        if (xk_action_parse(val, action_slot(lc, i)))
            return xk__error(ctx, XK_EINVAL, "%s: unknown action \"%s\"",
                             path, val);
    }
    if (!found)
        return XK_ENOENT;   /* not ours to supervise; no message */
    uint64_t len;
    rc = xk__store_path(ctx, path, sizeof(path), "%s/config-length", base);
    if (!rc)
        rc = xk__store_read_u64(ctx, t, path, &len);
    if (rc == XK_ENOENT || (rc == 0 && len == 0))
        return 0;
    return rc ? rc : read_chunks(ctx, t, base, len, lc);
}

int xk__lifecycle_read_txn(xk_ctx *ctx, xk_store_txn t, uint32_t domid,
                           xk_lifecycle *lc_r)
{
    xk_lifecycle_init(lc_r);
    char base[64];
    int rc = xk__store_path(ctx, base, sizeof(base), "/libxl/%u/xenkit",
                            domid);
    if (!rc)
        rc = read_record(ctx, t, base, lc_r);
    if (rc == XK_ENOENT) {
        xk__clear_error(ctx);
        rc = read_fields(ctx, t, base, lc_r);
    }
    if (rc)
        xk_lifecycle_dispose(lc_r);
    return rc;
}

int xk_lifecycle_read(xk_ctx *ctx, uint32_t domid, xk_lifecycle *lc_r)
{
    if (!ctx || !lc_r)
        return XK_EINVAL;
    xk__clear_error(ctx);
    return xk__lifecycle_read_txn(ctx, XK_STORE_NOTXN, domid, lc_r);
}

int xk__lifecycle_write_txn(xk_ctx *ctx, xk_store_txn t, uint32_t domid,
                            const xk_lifecycle *lc)
{
    if (lc->config && (lc->config_len > CONFIG_MAX ||
                       memchr(lc->config, '\0', lc->config_len)))
        return xk__error(ctx, XK_EINVAL, "the config to record is too big "
                         "or not text");
    char base[64];
    int rc = xk__store_path(ctx, base, sizeof(base), "/libxl/%u/xenkit",
                            domid);
    return rc ? rc : write_record(ctx, t, base, lc);
}

int xk_lifecycle_forget(xk_ctx *ctx, uint32_t domid)
{
    if (!ctx)
        return XK_EINVAL;
    xk__clear_error(ctx);
    char base[64];
    int rc = xk__store_path(ctx, base, sizeof(base), "/libxl/%u/xenkit",
                            domid);
    return rc ? rc : xk__store_rm(ctx, XK_STORE_NOTXN, base);
}

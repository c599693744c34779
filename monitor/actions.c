/*
 * actions.c: what xenkit-monitord does when one of its domains shuts down:
 * destroy, restart, rename-restart, preserve, coredump-destroy,
 * coredump-restart, as recorded by `xl create`.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "monitord.h"

#ifndef MONITORD_XL_PATH
#define MONITORD_XL_PATH "/usr/local/sbin/xl"
#endif

int monitord_run_xl(const char *const *args)
{
    const char *xl = getenv("XENKIT_XL");
    if (!xl || !*xl)
        xl = MONITORD_XL_PATH;
    const char *argv[16];
    size_t n = 0;
    argv[n++] = xl;
    for (; args[n - 1] && n < 15; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;

    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        mlog("fork for %s: %s", xl, strerror(errno));
        return -1;
    }
    if (pid == 0) {
        execv(xl, (char *const *)argv);
        fprintf(stderr, "cannot run %s: %s\n", xl, strerror(errno));
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            return -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* A name we may use in a file name: a domain's name is written by the
 * toolstack, but check rather than trust it. */
static int safe_name(const char *name)
{
    return name[0] && name[0] != '.' && !strchr(name, '/');
}

static int destroy(xk_ctx *ctx, uint32_t domid)
{
#ifdef XENKIT_HAVE_DOMAIN_CREATE
    int rc = xk_domain_destroy(ctx, domid);
    if (rc && rc != XK_ENOENT) {
        mlog("destroying domain %u failed: %s", domid,
             xk_ctx_last_error(ctx));
        return -1;
    }
    return 0;
#else
    (void)ctx;
    char id[16];
    snprintf(id, sizeof(id), "%u", domid);
    const char *args[] = { "destroy", id, NULL };
    int st = monitord_run_xl(args);
    if (st != 0)
        mlog("destroying domain %u failed (status %d)", domid, st);
    return st == 0 ? 0 : -1;
#endif
}

#ifdef XENKIT_HAVE_DOMAIN_CREATE
/*
 * Splits a recorded config at its last XK_LIFECYCLE_OVERRIDES line: the
 * file's text is config[0, *file_len_r), and the non-empty lines after the
 * marker, NUL-terminated in place, go to *ov_r (freed with free()). A
 * record without the marker is all file.
 */
static int split_overrides(char *config, size_t len, size_t *file_len_r,
                           const char ***ov_r, size_t *nov_r)
{
    static const char mark[] = "\n" XK_LIFECYCLE_OVERRIDES "\n";
    const size_t mlen = sizeof(mark) - 1;
    char *last = NULL;
    for (char *p = config; (p = memmem(p, len - (size_t)(p - config), mark,
                                       mlen)) != NULL; p++)
        last = p;
    *file_len_r = len;
    *ov_r = NULL;
    *nov_r = 0;
    if (!last)
        return 0;
    *file_len_r = (size_t)(last - config) + 1;
    char *p = last + mlen, *end = config + len;
    size_t cap = 1;
    for (char *q = p; q < end; q++)
        cap += *q == '\n';
    const char **ov = calloc(cap + 1, sizeof(*ov));
    if (!ov)
        return -1;
    size_t n = 0;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            nl = end;      /* the text is NUL-terminated at end */
        *nl = '\0';
        if (*p && n < cap)
            ov[n++] = p;
        p = nl + 1;
    }
    *ov_r = ov;
    *nov_r = n;
    return 0;
}

/* Re-creates the domain from the recorded xl.cfg text, in this process,
 * and records the new domain with the same actions and text. The text
 * keeps the MACs the first create made up, so the NICs come back as they
 * were. */
static int create_again(xk_ctx *ctx, const char *name, const xk_lifecycle *lc)
{
    xk_domain_config *cfg = NULL;
    uint32_t domid;
    /* split_overrides cuts a copy: lc's text is recorded again as is. */
    char *text = malloc(lc->config_len + 1);
    if (!text) {
        mlog("domain %s: out of memory", name);
        return -1;
    }
    memcpy(text, lc->config, lc->config_len);
    text[lc->config_len] = '\0';
    size_t file_len, nov;
    const char **ov;
    if (split_overrides(text, lc->config_len, &file_len, &ov, &nov)) {
        mlog("domain %s: out of memory", name);
        free(text);
        return -1;
    }
    int rc = xk_config_parse_string(ctx, "<saved>", text, file_len, ov, nov,
                                    &cfg);
    free(ov);
    free(text);
    if (rc) {
        mlog("domain %s: recorded config: %s", name, xk_ctx_last_error(ctx));
        return -1;
    }
    /* The host's defaults, as the first create had them. A bad xl.conf
     * now is no reason to leave the guest down: go on without it. */
    if (xk_config_apply_xl_conf(ctx, cfg, NULL))
        mlog("domain %s: ignoring xl.conf: %s", name, xk_ctx_last_error(ctx));
    rc = xk_domain_create_supervised(ctx, cfg, 0, lc, &domid);
    xk_config_free(cfg);
    if (rc) {
        mlog("re-creating domain %s failed: %s", name, xk_ctx_last_error(ctx));
        return -1;
    }
    mlog("Domain %s restarted as domid %u", name, domid);
    return 0;
}
#else
/* Re-creates the domain from the recorded xl.cfg text through `xl
 * create`, which records the new domain for us in turn. */
static int create_again(xk_ctx *ctx, const char *name, const xk_lifecycle *lc)
{
    (void)ctx;
    char file[256];
    snprintf(file, sizeof(file), MONITORD_RUNDIR "/restart-%s.cfg",
             safe_name(name) ? name : "domain");
    int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        mlog("cannot write %s: %s", file, strerror(errno));
        return -1;
    }
    ssize_t w = write(fd, lc->config, lc->config_len);
    close(fd);
    if (w != (ssize_t)lc->config_len) {
        mlog("cannot write %s", file);
        unlink(file);
        return -1;
    }
    const char *args[] = { "create", file, NULL };
    int st = monitord_run_xl(args);
    unlink(file);
    if (st != 0) {
        mlog("re-creating domain %s failed (status %d)", name, st);
        return -1;
    }
    return 0;
}
#endif

/* old_domid: the destroyed domain to wait for, or XK_NO_DOMID after a
 * rename-restart (the old one stays). */
#define XK_NO_DOMID UINT32_MAX
static int restart(xk_ctx *ctx, uint32_t old_domid, const char *name,
                   const xk_lifecycle *lc)
{
    if (!lc->config || !lc->config_len) {
        mlog("domain %s: no config recorded, cannot restart it", name);
        return -1;
    }
    /* The destroyed domain must be gone, or its name would clash. */
    unsigned seen;
    if (old_domid != XK_NO_DOMID && xk_domain_wait(ctx, old_domid, XK_WAIT_GONE, 10000, &seen, NULL) &&
        xk_ctx_last_code(ctx) != XK_ETIMEDOUT)
        mlog("waiting for domain %u: %s", old_domid, xk_ctx_last_error(ctx));
    mlog("Done. Rebooting now");
    return create_again(ctx, name, lc);
}

static void core_dump(xk_ctx *ctx, uint32_t domid, const char *name)
{
    char file[512];
    if (!safe_name(name)) {
        mlog("domain %u: name unusable for a core file; not dumping", domid);
        return;
    }
    mkdir(MONITORD_DUMP_DIR, 0700);
    snprintf(file, sizeof(file), MONITORD_DUMP_DIR "/%s", name);
    mlog("dumping core to %s", file);
    if (xk_domain_core_dump(ctx, domid, file))
        mlog("core dump failed: %s", xk_ctx_last_error(ctx));
}

int monitord_handle(xk_ctx *ctx, uint32_t domid, const char *name,
                    unsigned reason)
{
    xk_lifecycle lc;
    int rc = xk_lifecycle_read(ctx, domid, &lc);
    if (rc == XK_ENOENT)
        return 0;           /* not ours: another toolstack's, or preserved */
    if (rc) {
        mlog("domain %u: reading its lifecycle record: %s", domid,
             xk_ctx_last_error(ctx));
        return -1;
    }
    mlog("Domain %u has shut down, reason code %u 0x%x", domid, reason,
         reason);
    unsigned action = xk_lifecycle_action(&lc, reason);
    if (reason == XK_SHUTDOWN_SUSPEND) {
        /* A suspend is the save/migrate code's business, not ours. */
        mlog("Domain has suspended.");
        xk_lifecycle_dispose(&lc);
        return 0;
    }
    mlog("Action for shutdown reason code %u is %s", reason,
         xk_action_name(action));

    if (action == XK_ACTION_COREDUMP_DESTROY ||
        action == XK_ACTION_COREDUMP_RESTART) {
        core_dump(ctx, domid, name);
        action = action == XK_ACTION_COREDUMP_DESTROY ? XK_ACTION_DESTROY
                                                      : XK_ACTION_RESTART;
    }
    if (action == XK_ACTION_SOFT_RESET) {
        mlog("soft-reset is not supported: destroying domain %u", domid);
        action = XK_ACTION_DESTROY;
    }

    rc = 0;
    switch (action) {
    case XK_ACTION_PRESERVE:
        /* Left as it is; no longer ours to act on. */
        mlog("Domain %u (%s) preserved in its shut down state", domid, name);
        if (xk_lifecycle_forget(ctx, domid))
            rc = -1;
        break;
    case XK_ACTION_RESTART_RENAME: {
        char suffix[32];
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(suffix, sizeof(suffix), "-%Y%m%dT%H%MZ", &tm);
        mlog("Preserving domain %u %s with suffix%s", domid, name, suffix);
        if (xk_domain_preserve(ctx, domid, suffix) ||
            xk_lifecycle_forget(ctx, domid)) {
            mlog("preserving domain %u failed: %s", domid,
                 xk_ctx_last_error(ctx));
            rc = -1;
            break;
        }
        rc = restart(ctx, XK_NO_DOMID, name, &lc);
        break;
    }
    case XK_ACTION_RESTART:
        mlog("Domain %u needs to be cleaned up: destroying the domain",
             domid);
        /* Forget first: were we to die between the two steps, the next
         * daemon must not restart it twice. */
        xk_lifecycle_forget(ctx, domid);
        if (destroy(ctx, domid) == 0)
            rc = restart(ctx, domid, name, &lc);
        else
            rc = -1;
        break;
    default:
        mlog("Domain %u needs to be cleaned up: destroying the domain",
             domid);
        xk_lifecycle_forget(ctx, domid);
        rc = destroy(ctx, domid);
        break;
    }
    xk_lifecycle_dispose(&lc);
    return rc;
}

/*
 * pending.c: surviving a create that is killed part-way (SIGKILL, a crash,
 * a power cut of the toolstack's process).
 *
 * Before it makes the domain, create writes /xenkit/creating/UUID =
 * "PID STARTTIME" (the process and its start time in clock ticks, so a
 * recycled pid is not mistaken for the creator). The domain's UUID is also
 * its hypervisor handle, set atomically with its birth, so whatever exists
 * of it can be found from the record alone even before its id is written
 * anywhere. The final xenstore transaction of a successful create removes
 * the record together with writing the domain's home, so a domain is either
 * complete or recorded as pending, never neither.
 *
 * xk__pending_reap, run by every create and destroy, tears down the
 * domains of records whose creator is no longer running.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/context.h"
#include "domain/create.h"
#include "hv/dom.h"


/* Field 22 of /proc/PID/stat: when the process started, in clock ticks;
 * 0 if it is gone, or dead and not yet waited for (a zombie creates
 * nothing more, so its leftovers can go). */
static unsigned long long proc_start(long pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
    FILE *f = fopen(path, "re");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* The command name may hold spaces and parentheses: skip past the
     * last ')' and count fields from the state, field 3 (p is on the
     * space before it). */
    char *p = strrchr(buf, ')');
    if (!p)
        return 0;
    p++;
    if (p[0] == ' ' && (p[1] == 'Z' || p[1] == 'X'))
        return 0;
    for (int field = 3; field < 22; field++) {
        p = strchr(p + 1, ' ');
        if (!p)
            return 0;
    }
    return strtoull(p + 1, NULL, 10);
}

void xk__pending_value(char *val, size_t size)
{
    long pid = (long)getpid();
    snprintf(val, size, "%ld %llu", pid, proc_start(pid));
}

int xk__pending_begin(xk_ctx *ctx, const uint8_t uuid[16])
{
    char u[XK__UUID_STRLEN], path[96], val[64];
    xk__uuid_format(uuid, u);
    snprintf(path, sizeof(path), XK__PENDING_DIR "/%s", u);
    xk__pending_value(val, sizeof(val));
    return xk__store_write(ctx, XK_STORE_NOTXN, path, val);
}

void xk__pending_end(struct xk__store_batch *b, const uint8_t uuid[16])
{
    char u[XK__UUID_STRLEN];
    xk__uuid_format(uuid, u);
    xk__batch_rm(b, XK__PENDING_DIR "/%s", u);
}

int xk__pending_clear(xk_ctx *ctx, const uint8_t uuid[16])
{
    char u[XK__UUID_STRLEN], path[96];
    xk__uuid_format(uuid, u);
    snprintf(path, sizeof(path), XK__PENDING_DIR "/%s", u);
    return xk__store_rm(ctx, XK_STORE_NOTXN, path);
}

/* Is the creator recorded in val still running? Unparsable: no. */
static int creator_alive(const char *val)
{
    long pid = 0;
    unsigned long long start = 0;
    if (sscanf(val, "%ld %llu", &pid, &start) != 2 || pid <= 0)
        return 0;
    if (kill((pid_t)pid, 0) != 0 && errno == ESRCH)
        return 0;
    return proc_start(pid) == start;
}

int xk__pending_reap(xk_ctx *ctx)
{
    char **ents = NULL;
    unsigned n = 0;
    int rc = xk__store_directory(ctx, XK_STORE_NOTXN, XK__PENDING_DIR, &ents, &n);
    if (rc == XK_ENOENT)
        return 0;
    if (rc)
        return rc;
    int first = 0;
    for (unsigned i = 0; i < n; i++) {
        char path[XK_STORE_PATH_MAX], val[128];
        uint8_t uuid[16];
        snprintf(path, sizeof(path), XK__PENDING_DIR "/%s", ents[i]);
        if (xk__store_read_buf(ctx, XK_STORE_NOTXN, path, val,
                               sizeof(val)) != 0)
            continue;
        if (creator_alive(val))
            continue;
        /* A create that finished between the read and the check took its
         * record away before it exited: only a record still there, the
         * same, is a dead creator's. (Without this, a create that lost a
         * race for a name tore the winner's domain down as a leftover.) */
        char again[128];
        if (xk__store_read_buf(ctx, XK_STORE_NOTXN, path, again,
                               sizeof(again)) != 0 || strcmp(again, val) != 0)
            continue;
        if (xk__uuid_parse(ents[i], uuid) == 0) {
            uint32_t domid;
            if (xk__hv_domain_by_handle(ctx, uuid, &domid) == 0) {
                rc = xk__domain_teardown(ctx, domid);
                if (rc && !first)
                    first = rc;
                if (rc)
                    continue;   /* keep the record: try again next time */
            }
        }
        xk__store_rm(ctx, XK_STORE_NOTXN, path);
    }
    free(ents);
    return first;
}

int xk_domain_reap(xk_ctx *ctx)
{
    if (!ctx)
        return XK_EINVAL;
    xk__clear_error(ctx);
    return xk__pending_reap(ctx);
}

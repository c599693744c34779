/* find_domain.c: turning a domain argument into a domid, with xl's messages. */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"

/* The libxl codes xl's message carries: ERROR_INVAL for a name no domain
 * has, ERROR_NOMEM when the domain list itself could not be read. */
#define LIBXL_ERROR_NOMEM (-5)
#define LIBXL_ERROR_INVAL (-6)

int xl_find_domain(xk_ctx *ctx, const char *arg, uint32_t *domid_r)
{
    int rc = xk_domain_lookup(ctx, arg, domid_r);
    if (rc == 0)
        return 0;
    if (rc != XK_ENOENT)
        xl_print_lib_error(ctx);
    fprintf(stderr, "%s is an invalid domain identifier (rc=%d)\n", arg,
            rc == XK_ENOENT ? LIBXL_ERROR_INVAL : LIBXL_ERROR_NOMEM);
    return -1;
}

/* The CLI's one piece of process-wide state: how log lines look (-T). */
static int log_timestamps;

void xl_log_setup(const struct xl_globals *g)
{
    log_timestamps = g->timestamps;
}

void xl_print_lib_error(xk_ctx *ctx)
{
    const char *msg = xk_ctx_last_error(ctx);
    if (log_timestamps) {
        /* -T: the date, zone and pid prefix xl's logger puts on its lines */
        time_t now = time(NULL);
        struct tm tm;
        if (localtime_r(&now, &tm))
            fprintf(stderr, "%04d-%02d-%02d %02d:%02d:%02d %s ",
                    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                    tm.tm_hour, tm.tm_min, tm.tm_sec,
                    tzname[tm.tm_isdst > 0]);
        fprintf(stderr, "[%lu] ", (unsigned long)getpid());
    }
    fprintf(stderr, "xenkit: error: %s\n",
            msg[0] ? msg : xk_strerror(xk_ctx_last_code(ctx)));
}

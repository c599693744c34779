/*
 * timing.c: with XENKIT_TIMING set in the environment, the library prints
 * to stderr when each step of a command ends, in milliseconds since the
 * context was opened. The steps are coarse (one line per exchange with
 * xenstored or group of hypercalls), so that a slow step shows in a
 * production build without a tracer, which in a PV dom0 costs more than
 * what it measures.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/context.h"

/* Finer than xk__now_ms: steps take fractions of a millisecond. */
static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

void xk__timing_start(xk_ctx *ctx)
{
    const char *v = getenv("XENKIT_TIMING");
    ctx->timing = v && v[0] && !(v[0] == '0' && !v[1]);
    if (ctx->timing) {
        /* The wall clock too, to set against the command's start. */
        struct timespec rt;
        clock_gettime(CLOCK_REALTIME, &rt);
        ctx->timing_t0 = now_ms();
        fprintf(stderr, "xenkit timing: %8.2f ms  context opened at %lld.%06ld"
                " (wall clock)\n", 0.0, (long long)rt.tv_sec,
                rt.tv_nsec / 1000);
    }
}

void xk__timing(xk_ctx *ctx, const char *fmt, ...)
{
    if (!ctx || !ctx->timing)
        return;
    char what[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    fprintf(stderr, "xenkit timing: %8.2f ms  %s\n",
            now_ms() - ctx->timing_t0, what);
}

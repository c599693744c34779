/* clock.c: the monotonic clock in milliseconds, for deadlines and waits. */
#include <time.h>

#include "core/context.h"

int64_t xk__now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * test_domain_pending.c: the record a create keeps while it runs
 * (pending.c). It names the creating process by its pid and start time,
 * and another toolstack process decides from it whether the creator is
 * still running: the value must not change while the creator lives,
 * however its memory grows.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "domain/create.h"

/* Field 22 of /proc/self/stat (the start time), read with sscanf. */
static unsigned long long start_time(void)
{
    char buf[1024];
    FILE *f = fopen("/proc/self/stat", "r");
    assert_non_null(f);
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    const char *p = strrchr(buf, ')');
    assert_non_null(p);
    unsigned long long t = 0;
    assert_int_equal(sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u "
                            "%*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
                            &t), 1);
    return t;
}

static void names_the_process_and_its_start(void **state)
{
    (void)state;
    char val[64], want[64];
    xk__pending_value(val, sizeof(val));
    snprintf(want, sizeof(want), "%ld %llu", (long)getpid(), start_time());
    assert_string_equal(val, want);

    /* 64 MiB more, touched: the process's size and resident set change,
     * its identity does not. */
    size_t len = 64u << 20;
    char *m = mmap(NULL, len, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(m != MAP_FAILED);
    memset(m, 1, len);
    char later[64];
    xk__pending_value(later, sizeof(later));
    munmap(m, len);
    assert_string_equal(later, val);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names_the_process_and_its_start),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

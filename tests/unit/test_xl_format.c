/* test_xl_format.c: the output formats of xl list, info and uptime. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inspect.h"

/* Captures what fn writes to a FILE. */
#define CAPTURE(var, call) do {                                  \
        size_t len_ = 0;                                         \
        FILE *out = open_memstream(&(var), &len_);               \
        assert_non_null(out);                                    \
        call;                                                    \
        fclose(out);                                             \
    } while (0)

static xk_dominfo dom0(void)
{
    xk_dominfo d;
    memset(&d, 0, sizeof(d));
    strcpy(d.name, "Domain-0");
    d.current_kb = 1048576;
    d.outstanding_kb = 0;
    d.vcpus_online = 2;
    d.running = 1;
    d.cpu_time_ns = 12345678901ull;
    return d;
}

static void list_header_variants(void **state)
{
    (void)state;
    char *t;
    struct xl_list_opts o = {0};
    CAPTURE(t, xl_list_header(out, &o));
    assert_string_equal(t, "Name                                        ID   "
                           "Mem VCPUs\tState\tTime(s)\n");
    free(t);
    o.verbose = true;
    o.context = true; /* -Z adds nothing more once -v is given */
    CAPTURE(t, xl_list_header(out, &o));
    assert_string_equal(t, "Name                                        ID   "
                           "Mem VCPUs\tState\tTime(s)   UUID                  "
                           "          Reason-Code\tSecurity Label\n");
    free(t);
    struct xl_list_opts c = { .claim = true };
    CAPTURE(t, xl_list_header(out, &c));
    assert_string_equal(t, "Name                                        ID   "
                           "Mem VCPUs\tState\tTime(s)  Claimed\n");
    free(t);
    struct xl_list_opts z = { .context = true, .cpupool = true, .numa = true };
    CAPTURE(t, xl_list_header(out, &z));
    assert_string_equal(t, "Name                                        ID   "
                           "Mem VCPUs\tState\tTime(s)   Security Label"
                           "         Cpupool NODE Affinity\n");
    free(t);
}

static void list_row_plain(void **state)
{
    (void)state;
    char *t;
    struct xl_list_opts o = {0};
    xk_dominfo d = dom0();
    CAPTURE(t, xl_list_row(out, &o, &d, NULL, NULL, NULL));
    assert_string_equal(t, "Domain-0                                     0  "
                           "1024     2     r-----      12.3\n");
    free(t);
}

static void list_row_states_and_nameless(void **state)
{
    (void)state;
    char *t;
    struct xl_list_opts o = {0};
    xk_dominfo d = dom0();
    d.name[0] = '\0';
    d.domid = 7;
    d.running = 0;
    d.blocked = d.paused = d.shutdown = d.dying = 1;
    d.shutdown_reason = XK_SHUTDOWN_CRASH;
    d.current_kb = 131072;
    d.outstanding_kb = 2048;  /* claimed pages count in the Mem column */
    d.vcpus_online = 1;
    d.cpu_time_ns = 0;
    CAPTURE(t, xl_list_row(out, &o, &d, NULL, NULL, NULL));
    assert_string_equal(t, "(null)                                       7   "
                           "130     1     -bpscd       0.0\n");
    free(t);
    struct xl_list_opts c = { .claim = true };
    CAPTURE(t, xl_list_row(out, &c, &d, NULL, NULL, NULL));
    assert_non_null(strstr(t, "       0.0     2\n"));
    free(t);
    d.shutdown_reason = 9; /* beyond Xen's known reasons */
    CAPTURE(t, xl_list_row(out, &o, &d, NULL, NULL, NULL));
    assert_non_null(strstr(t, " -bps?d "));
    free(t);
}

static void list_row_verbose_pool_numa(void **state)
{
    (void)state;
    char *t;
    struct xl_list_opts o = { .verbose = true, .cpupool = true, .numa = true };
    xk_dominfo d = dom0();
    for (int i = 0; i < 16; i++)
        d.uuid[i] = (uint8_t)(0xa0 + i);
    CAPTURE(t, xl_list_row(out, &o, &d, NULL, "Pool-0", "all"));
    assert_string_equal(t, "Domain-0                                     0  "
                           "1024     2     r-----      12.3 "
                           "a0a1a2a3-a4a5-a6a7-a8a9-aaabacadaeaf        - "
                           "               -          Pool-0 all\n");
    free(t);
    struct xl_list_opts z = { .context = true };
    CAPTURE(t, xl_list_row(out, &z, &d, "system_u:system_r:dom0_t", NULL,
                           NULL));
    assert_non_null(strstr(t, "      12.3 system_u:system_r:dom0_t\n"));
    free(t);
    d.shutdown = 1;
    d.shutdown_reason = XK_SHUTDOWN_REBOOT;
    o.cpupool = o.numa = false;
    CAPTURE(t, xl_list_row(out, &o, &d, NULL, NULL, NULL));
    assert_non_null(strstr(t, "aeaf        1                -\n"));
    free(t);
}

static void uuid_format(void **state)
{
    (void)state;
    uint8_t u[16] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                      0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff };
    char buf[37];
    xl_format_uuid(buf, u);
    assert_string_equal(buf, "00112233-4455-6677-8899-aabbccddeeff");
}

static void bitmap_format(void **state)
{
    (void)state;
    char buf[64];
    uint8_t m[2] = { 0, 0 };
    xl_format_bitmap(buf, sizeof(buf), m, 16);
    assert_string_equal(buf, "none");
    m[0] = 0xff; m[1] = 0xff;
    xl_format_bitmap(buf, sizeof(buf), m, 16);
    assert_string_equal(buf, "all");
    xl_format_bitmap(buf, sizeof(buf), m, 1);
    assert_string_equal(buf, "all");
    m[0] = 0x0d; m[1] = 0x80;   /* bits 0, 2, 3, 15 */
    xl_format_bitmap(buf, sizeof(buf), m, 16);
    assert_string_equal(buf, "0,2-3,15");
    m[0] = 0xfe; m[1] = 0x00;   /* bits 1-7: not "all", it misses 0 */
    xl_format_bitmap(buf, sizeof(buf), m, 8);
    assert_string_equal(buf, "1-7");
    m[0] = 0x03;                 /* 0-1 of 4 nodes */
    xl_format_bitmap(buf, sizeof(buf), m, 4);
    assert_string_equal(buf, "0-1");
    xl_format_bitmap(buf, sizeof(buf), m, 0);
    assert_string_equal(buf, "none");
    char tiny[4];                /* truncates, stays terminated */
    m[0] = 0x55;
    xl_format_bitmap(tiny, sizeof(tiny), m, 8);
    assert_string_equal(tiny, "0,2");
}

static xk_host_info sample_host(void)
{
    xk_host_info h;
    memset(&h, 0, sizeof(h));
    strcpy(h.host, "dom0");
    strcpy(h.release, "6.1.0-28-amd64");
    strcpy(h.version, "#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)");
    strcpy(h.machine, "x86_64");
    h.nr_cpus = 2; h.max_cpu_id = 1; h.nr_nodes = 1;
    h.cores_per_socket = 1; h.threads_per_core = 1;
    h.cpu_khz = 2993012;
    h.hw_cap[0] = 0x178bfbff; h.hw_cap[7] = 0x1;
    h.cap_pv = h.cap_hvm = h.cap_shadow = 1;
    h.cap_gnttab_v1 = h.cap_gnttab_v2 = 1;
    h.pagesize = 4096;
    h.total_pages = 524155;      /* 2047 MiB and a bit */
    h.free_pages = 254000;
    h.outstanding_pages = 256;   /* free_memory shows free minus claims */
    h.free_cpus = 0;
    h.xen_major = 4; h.xen_minor = 17;
    strcpy(h.xen_extra, ".6-pre");
    strcpy(h.xen_caps, "xen-3.0-x86_64 hvm-3.0-x86_32");
    strcpy(h.scheduler, "credit2");
    h.virt_start = 0xffff800000000000ull;
    strcpy(h.changeset, "");
    strcpy(h.commandline, "console=com1 dom0_mem=1024M,max:1024M noreboot");
    strcpy(h.cc_compiler, "x86_64-linux-gnu-gcc (Debian 12.2.0-14) 12.2.0");
    strcpy(h.cc_compile_by, "pkg-xen-devel");
    strcpy(h.cc_compile_domain, "lists.alioth.debian.org");
    strcpy(h.cc_compile_date, "Tue Jul 29 2025");
    strcpy(h.build_id, "0123abcd");
    return h;
}

static void info_full(void **state)
{
    (void)state;
    xk_host_info h = sample_host();
    char *t;
    CAPTURE(t, xl_info_print(out, &h, NULL));
    assert_string_equal(t,
        "host                   : dom0\n"
        "release                : 6.1.0-28-amd64\n"
        "version                : #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)\n"
        "machine                : x86_64\n"
        "nr_cpus                : 2\n"
        "max_cpu_id             : 1\n"
        "nr_nodes               : 1\n"
        "cores_per_socket       : 1\n"
        "threads_per_core       : 1\n"
        "cpu_mhz                : 2993.012\n"
        "hw_caps                : 178bfbff:00000000:00000000:00000000:00000000:00000000:00000000:00000001\n"
        "virt_caps              : pv hvm shadow gnttab-v1 gnttab-v2\n"
        "total_memory           : 2047\n"
        "free_memory            : 991\n"
        "sharing_freed_memory   : 0\n"
        "sharing_used_memory    : 0\n"
        "outstanding_claims     : 1\n"
        "free_cpus              : 0\n"
        "xen_major              : 4\n"
        "xen_minor              : 17\n"
        "xen_extra              : .6-pre\n"
        "xen_version            : 4.17.6-pre\n"
        "xen_caps               : xen-3.0-x86_64 hvm-3.0-x86_32\n"
        "xen_scheduler          : credit2\n"
        "xen_pagesize           : 4096\n"
        "platform_params        : virt_start=0xffff800000000000\n"
        "xen_changeset          : \n"
        "xen_commandline        : console=com1 dom0_mem=1024M,max:1024M noreboot\n"
        "cc_compiler            : x86_64-linux-gnu-gcc (Debian 12.2.0-14) 12.2.0\n"
        "cc_compile_by          : pkg-xen-devel\n"
        "cc_compile_domain      : lists.alioth.debian.org\n"
        "cc_compile_date        : Tue Jul 29 2025\n"
        "build_id               : 0123abcd\n"
        "xend_config_format     : 4\n");
    free(t);
}

static void info_filtered_by_name_prefix(void **state)
{
    (void)state;
    xk_host_info h = sample_host();
    char *t;
    CAPTURE(t, xl_info_print(out, &h, "free_memory"));
    assert_string_equal(t, "991\n");
    free(t);
    /* A prefix selects every line it starts. */
    CAPTURE(t, xl_info_print(out, &h, "xen_m"));
    assert_string_equal(t, "4\n17\n");
    free(t);
    CAPTURE(t, xl_info_print(out, &h, "nosuch"));
    assert_string_equal(t, "");
    free(t);
    /* The unknown scheduler prints as xl prints a NULL name. */
    h.scheduler[0] = '\0';
    CAPTURE(t, xl_info_print(out, &h, "xen_scheduler"));
    assert_string_equal(t, "(null)\n");
    free(t);
    /* virt_caps with no capability has no ": " and is never selected. */
    memset(&h, 0, sizeof(h));
    CAPTURE(t, xl_info_print(out, &h, "virt_caps"));
    assert_string_equal(t, "");
    free(t);
}

static void topology_table(void **state)
{
    (void)state;
    char *t;
    xk_cpu_topology cpus[3] = {
        { 0, 0, 0 }, { XK_TOPO_INVALID, XK_TOPO_INVALID, XK_TOPO_INVALID },
        { 1, 0, 0 },
    };
    xk_pci_topology devs[2] = {
        { 0, 0, 0x08, XK_TOPO_INVALID }, { 0, 0x3a, 0x1b, 1 },
    };
    CAPTURE(t, xl_info_print_topology(out, cpus, 3, devs, 2));
    assert_string_equal(t,
        "cpu_topology           :\n"
        "cpu:    core    socket     node\n"
        "  0:       0        0        0\n"
        "  2:       1        0        0\n"
        "device topology        :\n"
        "device           node\n"
        "0000:3a:03.3      1\n");
    free(t);
    CAPTURE(t, xl_info_print_topology(out, cpus, 1, devs, 1));
    assert_non_null(strstr(t, "device           node\n"
                              "No device topology data available\n"));
    free(t);
}

static void numa_table(void **state)
{
    (void)state;
    char *t;
    xk_numa_node nodes[2] = {
        { 1, 2048ull << 20, 1000ull << 20 }, { 0, 0, 0 },
    };
    uint32_t dist[4] = { 10, 20, 20, 10 };
    CAPTURE(t, xl_info_print_numa(out, nodes, dist, 2));
    assert_string_equal(t,
        "numa_info              :\n"
        "node:    memsize    memfree    distances\n"
        "   0:      2048       1000      10,20\n");
    free(t);
}

static void uptime_strings(void **state)
{
    (void)state;
    char b[64];
    xl_uptime_string(b, sizeof(b), 59, false);
    assert_string_equal(b, " 0:00:59");
    xl_uptime_string(b, sizeof(b), 3600 * 5 + 61, false);
    assert_string_equal(b, " 5:01:01");
    xl_uptime_string(b, sizeof(b), 86400 + 3600 * 13 + 7, false);
    assert_string_equal(b, "1 day, 13:00:07");
    xl_uptime_string(b, sizeof(b), 86400 * 3 + 125, false);
    assert_string_equal(b, "3 days,  0:02:05");
    xl_uptime_string(b, sizeof(b), 3600 * 5 + 61, true);
    assert_string_equal(b, " 5:01");
    xl_uptime_string(b, sizeof(b), 86400 + 60, true);
    assert_string_equal(b, "1 day,  0:01");
    xl_uptime_string(b, sizeof(b), 86400 * 2, true);
    assert_string_equal(b, "2 days,  0:00");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(list_header_variants),
        cmocka_unit_test(list_row_plain),
        cmocka_unit_test(list_row_states_and_nameless),
        cmocka_unit_test(list_row_verbose_pool_numa),
        cmocka_unit_test(uuid_format),
        cmocka_unit_test(bitmap_format),
        cmocka_unit_test(info_full),
        cmocka_unit_test(info_filtered_by_name_prefix),
        cmocka_unit_test(topology_table),
        cmocka_unit_test(numa_table),
        cmocka_unit_test(uptime_strings),
    };
    return cmocka_run_group_tests_name("xl_format", tests, NULL, NULL);
}

/*
 * inspect.h: the output formats of xl's inspection commands (list, info,
 * uptime), kept apart from the handlers so unit tests can check them.
 */
#ifndef XL_INSPECT_H
#define XL_INSPECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "xenkit.h"

struct xl_list_opts {
    bool verbose;   /* -v: UUID, shutdown code, security label */
    bool context;   /* -Z: security label */
    bool cpupool;   /* -c: pool name */
    bool numa;      /* -n: node affinity */
    bool claim;     /* `xl claims`: outstanding claims */
};

/* The header line of `xl list` for these options. */
void xl_list_header(FILE *out, const struct xl_list_opts *o);

/*
 * `xl list -l`, piece by piece: the index-th domain's entry of the JSON
 * array (config: the domain's JSON as xk_domain_config_json gives it),
 * then the end of the array after count entries (an empty array if 0).
 */
void xl_list_long_entry(FILE *out, size_t index, uint32_t domid,
                        const char *config);
void xl_list_long_end(FILE *out, size_t count);

/*
 * One domain's line. label is its security label (-v, -Z; NULL prints
 * "-"), pool its cpupool's name (-c) and nodes its node affinity (-n); a
 * NULL pool or nodes prints as xl does, "(null)".
 */
void xl_list_row(FILE *out, const struct xl_list_opts *o, const xk_dominfo *d,
                 const char *label, const char *pool, const char *nodes);

/* A UUID as 8-4-4-4-12 lowercase hex; buf holds at least 37 bytes. */
void xl_format_uuid(char *buf, const uint8_t uuid[16]);

/*
 * A bitmap of nbits bits as xl prints CPU and node sets: "all", "none", or
 * ranges such as "0,2-3".
 */
void xl_format_bitmap(char *buf, size_t size, const uint8_t *map, int nbits);

/*
 * `xl info` without -n. With only non-NULL, prints just the values of the
 * lines whose name starts with it (xl's `xl info NAME`).
 */
void xl_info_print(FILE *out, const xk_host_info *h, const char *only);

/* The two halves of xl_info_print, between which `xl info -n` puts the
 * topology and NUMA tables. */
void xl_info_print_host(FILE *out, const xk_host_info *h, const char *only);
void xl_info_print_xen(FILE *out, const xk_host_info *h, const char *only);

/* `xl info -n`'s CPU and PCI device table. */
void xl_info_print_topology(FILE *out, const xk_cpu_topology *cpus,
                            size_t ncpus, const xk_pci_topology *devs,
                            size_t ndevs);

/* `xl info -n`'s NUMA node table; dist is nodes x nodes. */
void xl_info_print_numa(FILE *out, const xk_numa_node *nodes,
                        const uint32_t *dist, size_t n);

/* An uptime in seconds as `xl uptime` prints it (short: without seconds). */
void xl_uptime_string(char *buf, size_t size, unsigned long secs,
                      bool short_mode);

#endif

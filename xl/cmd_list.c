/* cmd_list.c: `xl list`, one line per domain in xl's columns. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "inspect.h"

void xl_format_uuid(char *buf, const uint8_t u[16])
{
    snprintf(buf, 37,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
             "%02x%02x%02x%02x%02x%02x",
             u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9],
             u[10], u[11], u[12], u[13], u[14], u[15]);
}

void xl_list_header(FILE *out, const struct xl_list_opts *o)
{
    fputs("Name                                        ID   Mem VCPUs\t"
          "State\tTime(s)", out);
    if (o->verbose)
        fputs("   UUID                            Reason-Code\t"
              "Security Label", out);
    if (o->context && !o->verbose)
        fputs("   Security Label", out);
    if (o->claim)
        fputs("  Claimed", out);
    if (o->cpupool)
        fputs("         Cpupool", out);
    if (o->numa)
        fputs(" NODE Affinity", out);
    fputc('\n', out);
}

void xl_list_row(FILE *out, const struct xl_list_opts *o, const xk_dominfo *d,
                 const char *label, const char *pool, const char *nodes)
{
    /* One letter per Xen shutdown code: poweroff, reboot, suspend, crash,
     * watchdog, soft reset; '?' beyond. */
    static const char reason_letters[] = "-rscwS";
    unsigned reason = d->shutdown ? d->shutdown_reason : 0;
    char reason_letter = reason < sizeof(reason_letters) - 1
                       ? reason_letters[reason] : '?';

    /* xl divides a float: keep its rounding so the column matches. */
    fprintf(out, "%-40s %5d %5lu %5d     %c%c%c%c%c%c  %8.1f",
            d->name[0] ? d->name : "(null)", (int)d->domid,
            (unsigned long)((d->current_kb + d->outstanding_kb) / 1024),
            (int)d->vcpus_online,
            d->running ? 'r' : '-', d->blocked ? 'b' : '-',
            d->paused ? 'p' : '-', d->shutdown ? 's' : '-',
            reason_letter, d->dying ? 'd' : '-',
            (float)d->cpu_time_ns / 1e9);
    if (o->verbose) {
        char uuid[37];
        xl_format_uuid(uuid, d->uuid);
        fprintf(out, " %s", uuid);
        if (d->shutdown)
            fprintf(out, " %8x", reason);
        else
            fprintf(out, " %8s", "-");
    }
    if (o->claim)
        fprintf(out, " %5lu", (unsigned long)(d->outstanding_kb / 1024));
    if (o->verbose || o->context)
        fprintf(out, " %16s", label ? label : "-");
    if (o->cpupool)
        fprintf(out, "%16s", pool ? pool : "(null)");
    if (o->numa)
        fprintf(out, " %s", nodes ? nodes : "(null)");
    fputc('\n', out);
}

/* Appends to buf, keeping it terminated when it is full. */
static void append(char *buf, size_t size, size_t *len, const char *fmt,
                   int a, int b)
{
    if (*len >= size)
        return;
    int n = snprintf(buf + *len, size - *len, fmt, a, b);
    if (n > 0)
        *len += (size_t)n;
}

void xl_format_bitmap(char *buf, size_t size, const uint8_t *map, int nbits)
{
    size_t len = 0;
    int runs = 0, start = -1;

    buf[0] = '\0';
    for (int i = 0; i <= nbits; i++) {
        int set = i < nbits && (map[i / 8] >> (i % 8)) & 1;
        if (set && start < 0) {
            start = i;
        } else if (!set && start >= 0) {
            /* A single run over every bit is "all", as in xl. */
            if (i == nbits && runs == 0 && start == 0) {
                snprintf(buf, size, "all");
                return;
            }
            append(buf, size, &len, runs ? ",%d" : "%d", start, 0);
            if (i - 1 > start)
                append(buf, size, &len, "-%d", i - 1, 0);
            runs++;
            start = -1;
        }
    }
    if (runs == 0)
        snprintf(buf, size, "none");
}

/* Prints the rows, looking up what -c and -n need per domain. */
static void print_rows(xk_ctx *ctx, const struct xl_list_opts *o,
                       uint32_t nr_nodes, const xk_dominfo *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char label[256], pool[256], nodes[1024];
        const char *label_text = NULL, *pool_name = NULL, *node_set = NULL;
        /* Without FLASK no domain has a label: xl then prints "-". */
        if ((o->verbose || o->context) &&
            xk_security_label(ctx, list[i].ssidref, label, sizeof(label)) == 0)
            label_text = label;
        if (o->cpupool && xk_cpupool_name(ctx, list[i].cpupool, pool,
                                          sizeof(pool)) == 0)
            pool_name = pool;
        if (o->numa) {
            uint8_t map[128]; /* 1024 nodes */
            if (nr_nodes > 8 * sizeof(map))
                nr_nodes = 8 * sizeof(map);
            /* xl prints whatever the map holds if the query fails: none. */
            if (xk_domain_node_affinity(ctx, list[i].domid, map, sizeof(map)))
                memset(map, 0, sizeof(map));
            xl_format_bitmap(nodes, sizeof(nodes), map, (int)nr_nodes);
            node_set = nodes;
        }
        xl_list_row(stdout, o, &list[i], label_text, pool_name, node_set);
    }
}

/*
 * The domains list and sharing show: the one operand argv[optind] names, or
 * all. Prints xl's messages and returns -1 on failure; *list_r is freed
 * with free().
 */
static int select_domains(xk_ctx *ctx, int argc, char **argv,
                          xk_dominfo **list_r, size_t *n_r)
{
    if (optind >= argc) {
        if (xk_domain_list(ctx, list_r, n_r)) {
            xl_print_lib_error(ctx);
            return -1;
        }
        return 0;
    }
    uint32_t domid;
    xk_dominfo *one = malloc(sizeof(*one));
    if (!one) {
        perror("xl");
        return -1;
    }
    if (xl_find_domain(ctx, argv[optind], &domid)) {
        free(one);
        return -1;
    }
    int rc = xk_domain_info(ctx, domid, one);
    if (rc) {
        if (rc == XK_ENOENT)
            fprintf(stderr, "Error: Domain '%s' does not exist.\n",
                    argv[optind]);
        else
            xl_print_lib_error(ctx);
        free(one);
        return -1;
    }
    *list_r = one;
    *n_r = 1;
    return 0;
}

void xl_list_long_entry(FILE *out, size_t index, uint32_t domid,
                        const char *config)
{
    fputs(index ? ",\n" : "[\n", out);
    fprintf(out, "    {\n        \"domid\": %u,\n        \"config\": ", domid);
    /* The config's own lines, 8 columns deeper; yajl leaves the blank
     * line inside an empty map unindented. */
    size_t len = strlen(config);
    while (len && config[len - 1] == '\n')
        len--;
    for (size_t i = 0; i < len; i++) {
        fputc(config[i], out);
        if (config[i] == '\n' && i + 1 < len && config[i + 1] != '\n')
            fputs("        ", out);
    }
    fputs("\n    }", out);
}

void xl_list_long_end(FILE *out, size_t count)
{
    fputs(count ? "\n]\n\n" : "[\n\n]\n\n", out);
}

/* `xl list -l`: each domain's running config, skipping (with a message)
 * those without a stored one, as xl does. */
static int list_long(xk_ctx *ctx, int argc, char **argv)
{
    xk_dominfo *list;
    size_t n, shown = 0;
    if (select_domains(ctx, argc, argv, &list, &n))
        return EXIT_FAILURE;
    for (size_t i = 0; i < n; i++) {
        char *json;
        if (xk_domain_config_json(ctx, list[i].domid, &json)) {
            xl_print_lib_error(ctx);
            continue;
        }
        xl_list_long_entry(stdout, shown++, list[i].domid, json);
        free(json);
    }
    xl_list_long_end(stdout, shown);
    free(list);
    return EXIT_SUCCESS;
}

int cmd_list(xk_ctx *ctx, const struct xl_globals *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "long", no_argument, NULL, 'l' },
        { "verbose", no_argument, NULL, 'v' },
        { "context", no_argument, NULL, 'Z' },
        { "cpupool", no_argument, NULL, 'c' },
        { "numa", no_argument, NULL, 'n' },
        XL_COMMON_LONG_OPTS
    };
    struct xl_list_opts o = {0};
    bool details = false;
    int opt;
    (void)g;

    XL_FOREACH_OPT(opt, "lvZcn", longopts, "list", 0) {
    case 'l': details = true; break;
    case 'v': o.verbose = true; break;
    case 'Z': o.context = true; break;
    case 'c': o.cpupool = true; break;
    case 'n': o.numa = true; break;
    }

    if (argc - optind > 1) {
        /* xl 4.17 takes at most one domain and answers more with its help. */
        xl_print_help(stdout, "list");
        return EXIT_FAILURE;
    }
    if (details)
        return list_long(ctx, argc, argv);
    uint32_t nr_nodes = 0;
    if (o.numa) {
        xk_host_info *h = malloc(sizeof(*h));
        if (!h || xk_host_info_get(ctx, h)) {
            if (h)
                xl_print_lib_error(ctx);
            fprintf(stderr, "libxl_physinfo failed.\n");
            free(h);
            return EXIT_FAILURE;
        }
        nr_nodes = h->nr_nodes;
        free(h);
    }

    xk_domain_reap(ctx);   /* no half-built domain of a killed create */
    xk_dominfo *list;
    size_t n;
    if (select_domains(ctx, argc, argv, &list, &n))
        return EXIT_FAILURE;
    xl_list_header(stdout, &o);
    print_rows(ctx, &o, nr_nodes, list, n);
    free(list);
    return EXIT_SUCCESS;
}

int cmd_sharing(xk_ctx *ctx, const struct xl_globals *g, int argc, char **argv)
{
    xk_dominfo *list;
    size_t n;
    int opt;
    (void)g;

    XL_FOREACH_OPT(opt, "", NULL, "sharing", 0) {
    default: break;
    }
    if (argc - optind > 1) {
        xl_print_help(stdout, "sharing");
        return EXIT_FAILURE;
    }
    if (select_domains(ctx, argc, argv, &list, &n))
        return EXIT_FAILURE;
    printf("Name                                        ID   Mem Shared\n");
    for (size_t i = 0; i < n; i++)
        printf("%-40s %5d %5lu  %5lu\n",
               list[i].name[0] ? list[i].name : "(null)", (int)list[i].domid,
               (unsigned long)((list[i].current_kb + list[i].outstanding_kb)
                               / 1024),
               (unsigned long)(list[i].shared_kb / 1024));
    free(list);
    return EXIT_SUCCESS;
}

int cmd_claims(xk_ctx *ctx, const struct xl_globals *g, int argc, char **argv)
{
    struct xl_list_opts o = { .claim = true };
    xk_dominfo *list;
    size_t n;
    int opt;
    (void)g;

    XL_FOREACH_OPT(opt, "", NULL, "claims", 0) {
    default: break;
    }
    if (xk_domain_list(ctx, &list, &n)) {
        xl_print_lib_error(ctx);
        return EXIT_FAILURE;
    }
    xl_list_header(stdout, &o);
    print_rows(ctx, &o, 0, list, n);
    free(list);
    return EXIT_SUCCESS;
}

/*
 * `xl vm-list`: guests by UUID. xl leaves out stub domains; xenkit creates
 * none, so every domain but 0 is a guest here.
 */
int cmd_vm_list(xk_ctx *ctx, const struct xl_globals *g, int argc, char **argv)
{
    xk_dominfo *list;
    size_t n;
    int opt;
    (void)g;

    XL_FOREACH_OPT(opt, "", NULL, "vm-list", 0) {
    default: break;
    }
    if (xk_domain_list(ctx, &list, &n)) {
        xl_print_lib_error(ctx);
        fprintf(stderr, "libxl_list_vm failed.\n");
        return EXIT_FAILURE;
    }
    printf("UUID                                  ID    name\n");
    for (size_t i = 0; i < n; i++) {
        char uuid[37];
        xl_format_uuid(uuid, list[i].uuid);
        printf("%s  %d    %-30s\n", uuid, (int)list[i].domid,
               list[i].name[0] ? list[i].name : "(null)");
    }
    free(list);
    return EXIT_SUCCESS;
}

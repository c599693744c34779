/* cmd_domid.c: `xl domid`, `xl domname` and `xl uptime`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "inspect.h"

int cmd_domid(xk_ctx *ctx, const struct xl_globals *g, int argc, char **argv)
{
    int opt;
    (void)g;
    XL_FOREACH_OPT(opt, "", NULL, "domid", 1) {
    default: break;
    }
    const char *name = argv[optind];

    /* By name only, as in xl: `xl domid 0` asks for a domain named "0". */
    xk_dominfo *list;
    size_t n;
    int found = 0;
    uint32_t domid = 0;
    if (xk_domain_list(ctx, &list, &n) == 0) {
        for (size_t i = 0; i < n && !found; i++) {
            if (list[i].name[0] && strcmp(list[i].name, name) == 0) {
                domid = list[i].domid;
                found = 1;
            }
        }
        free(list);
    } else {
        xl_print_lib_error(ctx);
    }
    if (!found) {
        fprintf(stderr, "Can't get domid of domain name '%s', maybe this "
                "domain does not exist.\n", name);
        return EXIT_FAILURE;
    }
    printf("%u\n", domid);
    return EXIT_SUCCESS;
}

int cmd_domname(xk_ctx *ctx, const struct xl_globals *g, int argc, char **argv)
{
    int opt;
    (void)g;
    XL_FOREACH_OPT(opt, "", NULL, "domname", 1) {
    default: break;
    }
    const char *arg = argv[optind];

    /* xl's parse: strtol's value cut to 32 bits; only "no digits" fails. */
    char *end;
    uint32_t domid = (uint32_t)strtol(arg, &end, 10);
    if (end == arg) {
        fprintf(stderr, "Invalid domain id.\n\n");
        return EXIT_FAILURE;
    }
    xk_dominfo d;
    int rc = xk_domain_info(ctx, domid, &d);
    if (rc && rc != XK_ENOENT)
        xl_print_lib_error(ctx);
    if (rc || !d.name[0]) {
        fprintf(stderr, "Can't get domain name of domain id '%u', maybe this "
                "domain does not exist.\n", domid);
        return EXIT_FAILURE;
    }
    printf("%s\n", d.name);
    return EXIT_SUCCESS;
}

void xl_uptime_string(char *buf, size_t size, unsigned long secs,
                      bool short_mode)
{
    int day = (int)(secs / 86400);
    int hour = (int)(secs % 86400 / 3600);
    int min = (int)(secs % 3600 / 60);
    int sec = (int)(secs % 60);
    const char *days = day > 1 ? "days" : "day";

    if (short_mode && day > 0)
        snprintf(buf, size, "%d %s, %2d:%02d", day, days, hour, min);
    else if (short_mode)
        snprintf(buf, size, "%2d:%02d", hour, min);
    else if (day > 0)
        snprintf(buf, size, "%d %s, %2d:%02d:%02d", day, days, hour, min, sec);
    else
        snprintf(buf, size, "%2d:%02d:%02d", hour, min, sec);
}

static void print_uptime_line(const char *name, uint32_t domid,
                              unsigned long secs, bool short_mode, time_t now)
{
    char up[64];
    xl_uptime_string(up, sizeof(up), secs, short_mode);
    if (!name[0])
        name = "(null)";
    if (short_mode) {
        char clock[16] = "";
        struct tm tm;
        if (localtime_r(&now, &tm))
            strftime(clock, sizeof(clock), "%H:%M:%S", &tm);
        printf(" %s up %s, %s (%d)\n", clock, up, name, (int)domid);
    } else {
        printf("%-33s %4d %s\n", name, (int)domid, up);
    }
}

/* Domain 0's uptime is the kernel's, from /proc/uptime: we run in it. */
static int dom0_uptime(xk_ctx *ctx, bool short_mode, time_t now)
{
    unsigned long secs = 0;
    FILE *f = fopen("/proc/uptime", "r");
    if (!f || fscanf(f, "%lu", &secs) != 1) {
        if (f)
            fclose(f);
        fprintf(stderr, "Can not get Dom0 uptime.\n");
        return -1;
    }
    fclose(f);
    xk_dominfo d;
    if (xk_domain_info(ctx, 0, &d))
        d.name[0] = '\0';
    print_uptime_line(d.name, 0, secs, short_mode, now);
    return 0;
}

static void domu_uptime(xk_ctx *ctx, uint32_t domid, bool short_mode,
                        time_t now)
{
    uint64_t start;
    if (xk_domain_start_time(ctx, domid, &start)) {
        /* xl logs this and goes on with the other domains. */
        fprintf(stderr, "Domain %u: can't get start time of domain: %s\n",
                domid, xk_ctx_last_error(ctx));
        return;
    }
    xk_dominfo d;
    if (xk_domain_info(ctx, domid, &d))
        d.name[0] = '\0';
    /* 32-bit arithmetic, as xl. */
    uint32_t secs = (uint32_t)now - (uint32_t)start;
    print_uptime_line(d.name, domid, secs, short_mode, now);
}

int cmd_uptime(xk_ctx *ctx, const struct xl_globals *g, int argc, char **argv)
{
    bool short_mode = false;
    int opt;
    (void)g;
    XL_FOREACH_OPT(opt, "s", NULL, "uptime", 0) {
    case 's': short_mode = true; break;
    }

    /* Resolve every operand first: a bad one fails before any output. */
    int ndoms = argc - optind;
    uint32_t *doms = calloc(ndoms ? ndoms : 1, sizeof(*doms));
    if (!doms) {
        perror("xl uptime");
        return EXIT_FAILURE;
    }
    for (int i = 0; i < ndoms; i++) {
        if (xl_find_domain(ctx, argv[optind + i], &doms[i])) {
            free(doms);
            return EXIT_FAILURE;
        }
    }

    /* Without operands: every domain. Listing them first means a host we
     * cannot query fails before any output. */
    xk_dominfo *list = NULL;
    size_t n = 0;
    if (ndoms == 0 && xk_domain_list(ctx, &list, &n)) {
        xl_print_lib_error(ctx);
        fprintf(stderr, "Could not list vms.\n");
        free(doms);
        return EXIT_FAILURE;
    }

    time_t now = time(NULL);
    int status = EXIT_SUCCESS;
    if (!short_mode)
        printf("%-33s %4s %s\n", "Name", "ID", "Uptime");
    if (ndoms == 0) {
        if (dom0_uptime(ctx, short_mode, now))
            status = EXIT_FAILURE;
        for (size_t i = 0; i < n && status == EXIT_SUCCESS; i++)
            if (list[i].domid != 0)
                domu_uptime(ctx, list[i].domid, short_mode, now);
        free(list);
    }
    for (int i = 0; i < ndoms && status == EXIT_SUCCESS; i++) {
        if (doms[i] == 0) {
            if (dom0_uptime(ctx, short_mode, now))
                status = EXIT_FAILURE;
        } else {
            domu_uptime(ctx, doms[i], short_mode, now);
        }
    }
    free(doms);
    return status;
}

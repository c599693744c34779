/*
 * main.c: xenkit-monitord, one daemon supervising every domain xenkit's xl
 * created. It holds a lock so only one runs, keeps no state of its own (the
 * lifecycle records live in xenstore), and on each @releaseDomain event
 * acts on the recorded domains that have shut down. Killed and restarted,
 * it picks them all up again, including those that stopped meanwhile.
 * A second thread serves domain names to `xl list` (xk_name_service).
 *
 *   xenkit-monitord [-F] [-l LOGFILE]
 *   xenkit-monitord -r DOMID CONFIG [on_EVENT=ACTION...]
 *       (hand an existing domain, e.g. made by `xl create -e`, to it)
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "monitord.h"

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

void mlog(const char *fmt, ...)
{
    char when[32];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
    fprintf(stderr, "%s xenkit-monitord[%ld]: ", when, (long)getpid());
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fflush(stderr);
}

static int usage(void)
{
    fprintf(stderr, "usage: xenkit-monitord [-F] [-l LOGFILE]\n"
            "       xenkit-monitord -r DOMID CONFIG [on_EVENT=ACTION...]\n");
    return 2;
}

/* -r: records an existing domain's actions and config for supervision. */
static int record(int argc, char **argv)
{
    if (argc < 2)
        return usage();
    char *end;
    unsigned long domid = strtoul(argv[0], &end, 10);
    if (*end || end == argv[0]) {
        fprintf(stderr, "xenkit-monitord: bad domain id %s\n", argv[0]);
        return 2;
    }
    xk_lifecycle lc;
    xk_lifecycle_init(&lc);
    static const char *const keys[] = { "on_poweroff", "on_reboot",
        "on_watchdog", "on_crash", "on_soft_reset" };
    unsigned *slots[] = { &lc.on_poweroff, &lc.on_reboot, &lc.on_watchdog,
                          &lc.on_crash, &lc.on_soft_reset };
    for (int i = 2; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        size_t k;
        for (k = 0; eq && k < 5; k++)
            if (strlen(keys[k]) == (size_t)(eq - argv[i]) &&
                strncmp(argv[i], keys[k], (size_t)(eq - argv[i])) == 0)
                break;
        if (!eq || k == 5 || xk_action_parse(eq + 1, slots[k])) {
            fprintf(stderr, "xenkit-monitord: bad action %s\n", argv[i]);
            return 2;
        }
    }
    FILE *f = fopen(argv[1], "r");
    if (!f) {
        fprintf(stderr, "xenkit-monitord: %s: %s\n", argv[1],
                strerror(errno));
        return 1;
    }
    static char text[256 * 1024];
    size_t n = fread(text, 1, sizeof(text) - 1, f);
    fclose(f);
    text[n] = '\0';
    lc.config = text;
    lc.config_len = n;

    xk_ctx *ctx;
    if (xk_ctx_open(&ctx, 0))
        return 1;
    int rc = xk_lifecycle_record(ctx, (uint32_t)domid, &lc);
    if (rc)
        fprintf(stderr, "xenkit-monitord: %s\n", xk_ctx_last_error(ctx));
    xk_ctx_close(ctx);
    return rc ? 1 : 0;
}

/* Acts on every recorded domain that has shut down. The states come
 * from the hypervisor alone: reading every name at each event loaded
 * xenstored for every create and destroy on a busy host. */
static void scan(xk_ctx *ctx)
{
    xk_dominfo *list;
    size_t n;
    if (xk_domain_list_states(ctx, &list, &n)) {
        mlog("listing domains: %s", xk_ctx_last_error(ctx));
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const xk_dominfo *d = &list[i];
        if (d->domid == 0 || !d->shutdown || d->dying)
            continue;
        xk_dominfo named;
        if (xk_domain_info(ctx, d->domid, &named))
            continue;       /* gone meanwhile */
        monitord_handle(ctx, d->domid, named.name, d->shutdown_reason);
    }
    free(list);
}

/* The name service's thread: its own context, as contexts are not
 * shared between threads. Errors are logged and served past. */
struct names_thread {
    xk_ctx *ctx;
    xk_name_service *service;
    pthread_t thread;
};

static void *serve_names(void *arg)
{
    struct names_thread *t = arg;
    while (!stop_requested)
        if (xk_name_service_step(t->ctx, t->service, 500))
            mlog("%s", xk_ctx_last_error(t->ctx));
    return NULL;
}

/* Starts the name service; without it lists read every name themselves,
 * so a failure is logged, not fatal. */
static bool names_start(struct names_thread *t)
{
    if (xk_ctx_open(&t->ctx, 0)) {
        mlog("name service: cannot open a context");
        return false;
    }
    if (xk_name_service_open(t->ctx, &t->service)) {
        mlog("%s", xk_ctx_last_error(t->ctx));
        xk_ctx_close(t->ctx);
        return false;
    }
    /* Signals go to the main thread, whose wait they cut short. */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGINT);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    int failed = pthread_create(&t->thread, NULL, serve_names, t);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (failed) {
        mlog("name service: cannot start its thread");
        xk_name_service_close(t->ctx, t->service);
        xk_ctx_close(t->ctx);
        return false;
    }
    return true;
}

static void names_stop(struct names_thread *t)
{
    pthread_join(t->thread, NULL);
    xk_name_service_close(t->ctx, t->service);
    xk_ctx_close(t->ctx);
}

/* Takes the lock; 1 if another daemon holds it, -1 on error. */
static int take_lock(int *fd_r)
{
    mkdir(MONITORD_RUNDIR, 0700);
    int fd = open(MONITORD_LOCK, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        fprintf(stderr, "xenkit-monitord: %s: %s\n", MONITORD_LOCK,
                strerror(errno));
        return -1;
    }
    if (flock(fd, LOCK_EX | LOCK_NB)) {
        close(fd);
        return errno == EWOULDBLOCK ? 1 : -1;
    }
    *fd_r = fd;
    return 0;
}

/* Detaches from the terminal; the first process exits 0 once the daemon
 * is set up, so whoever started us knows it is watching. */
static int daemonize(const char *logfile)
{
    int ready[2];
    if (pipe(ready))
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid > 0) {
        close(ready[1]);
        char c;
        ssize_t r;
        do {
            r = read(ready[0], &c, 1);
        } while (r < 0 && errno == EINTR);
        _exit(r == 1 ? 0 : 1);
    }
    close(ready[0]);
    setsid();
    int null = open("/dev/null", O_RDWR);
    mkdir("/var/log/xen", 0755);
    int log = open(logfile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (null >= 0)
        dup2(null, STDIN_FILENO);
    if (log < 0)
        log = null;
    dup2(log, STDOUT_FILENO);
    dup2(log, STDERR_FILENO);
    if (null > STDERR_FILENO)
        close(null);
    if (log > STDERR_FILENO)
        close(log);
    return ready[1];
}

int main(int argc, char **argv)
{
    int foreground = 0, opt;
    const char *logfile = MONITORD_LOG;
    if (argc > 1 && strcmp(argv[1], "-r") == 0)
        return record(argc - 2, argv + 2);
    while ((opt = getopt(argc, argv, "Fl:h")) != -1) {
        switch (opt) {
        case 'F': foreground = 1; break;
        case 'l': logfile = optarg; break;
        default: return usage();
        }
    }
    if (optind != argc)
        return usage();

    int lock = -1;
    int rc = take_lock(&lock);
    if (rc == 1)
        return 0;   /* one is running: nothing to do */
    if (rc < 0)
        return 1;
    int ready = foreground ? -1 : daemonize(logfile);
    if (!foreground && ready < 0) {
        fprintf(stderr, "xenkit-monitord: cannot daemonize\n");
        return 1;
    }

    /* The lock file names the daemon, for whoever wants to signal it. */
    if (ftruncate(lock, 0) == 0)
        dprintf(lock, "%ld\n", (long)getpid());

    struct sigaction sa = { .sa_handler = on_signal };
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    xk_ctx *ctx;
    xk_domain_watch *w;
    if (xk_ctx_open(&ctx, 0)) {
        mlog("cannot open a context");
        return 1;
    }
    if (xk_domain_watch_open(ctx, &w)) {
        mlog("cannot watch domains: %s", xk_ctx_last_error(ctx));
        return 1;
    }
    struct names_thread names;
    bool serving_names = names_start(&names);
    mlog("started, supervising the domains xenkit created%s",
         serving_names ? " and serving their names" : "");
    if (ready >= 0) {
        if (write(ready, "", 1) != 1)
            mlog("cannot tell the starter we are up");
        close(ready);
    }
    /* Domains that stopped while no daemon ran are handled on this first
     * pass; after that, whenever Xen says a domain shut down or died. */
    while (!stop_requested) {
        scan(ctx);
        if (xk_domain_watch_wait(ctx, w, -1) < 0)
            mlog("waiting for domain events: %s", xk_ctx_last_error(ctx));
    }
    mlog("stopping");
    if (serving_names)
        names_stop(&names);
    xk_domain_watch_close(ctx, w);
    xk_ctx_close(ctx);
    close(lock);
    return 0;
}

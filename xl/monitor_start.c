/*
 * monitor_start.c: starting xenkit-monitord, the daemon that carries out a
 * domain's on_poweroff/on_reboot/on_crash/on_watchdog actions after `xl
 * create` has returned (create records them with the domain), if it is not
 * running.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commands.h"

/* The daemon is installed beside xl; else it is looked for on PATH. */
static void monitord_path(char *buf, size_t size)
{
    const char *env = getenv("XENKIT_MONITORD");
    if (env && *env) {
        snprintf(buf, size, "%s", env);
        return;
    }
    ssize_t n = readlink("/proc/self/exe", buf, size - 1);
    char *slash = n > 0 ? memrchr(buf, '/', (size_t)n) : NULL;
    if (slash && (size_t)(slash - buf) + sizeof("/xenkit-monitord") <= size) {
        strcpy(slash, "/xenkit-monitord");
        if (access(buf, X_OK) == 0)
            return;
    }
    snprintf(buf, size, "xenkit-monitord");
}

/* Whether a daemon holds the lock (it keeps it for its whole life). */
static int monitord_running(void)
{
    int fd = open(XL_MONITORD_LOCK, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    int held = flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    close(fd);
    return held;
}

int xl_ensure_monitord(void)
{
    if (monitord_running())
        return 0;
    char path[4096];
    monitord_path(path, sizeof(path));
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        perror("xl: fork for xenkit-monitord");
        return -1;
    }
    if (pid == 0) {
        execlp(path, path, (char *)NULL);
        fprintf(stderr, "xl: cannot run %s: %s\n", path, strerror(errno));
        _exit(127);
    }
    /* The daemon's first process exits once the daemon holds its lock (or
     * found another one holding it): after this, it is watching. */
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            return -1;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "xl: xenkit-monitord did not start\n");
        return -1;
    }
    return 0;
}

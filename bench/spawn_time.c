/*
 * spawn_time.c: xk-bench-time, the clock bench/dom0.sh runs each timed
 * command under. It starts the command with posix_spawn (a vfork: the
 * child shares the timer's memory until it execs) and waits for it, so
 * what is timed is the command's own exec, work and exit. Timed from
 * bash, each command also paid for bash forking itself: in a PV dom0 a
 * fork copies and pins the parent's page tables through the hypervisor,
 * 4-5 ms a command in the lab, the same for both xls, which pulled every
 * ratio towards 1.
 *
 *   xk-bench-time OUTPUT COMMAND [ARG...]
 *
 * The command's stdout and stderr go to OUTPUT (truncated). Prints the
 * wall time in seconds with six decimals on stdout and exits with the
 * command's status (128 + N when signal N killed it); 125 when the timer
 * itself fails (bad usage, OUTPUT cannot be opened, no such command),
 * with a line on stderr and no time.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define TIMER_FAILED 125

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: xk-bench-time OUTPUT COMMAND [ARG...]\n");
        return TIMER_FAILED;
    }
    /* Opened here, outside the clock, so that a bad path fails before
     * anything runs; the child gets it as its stdout and stderr. */
    int out = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0) {
        fprintf(stderr, "xk-bench-time: %s: %s\n", argv[1], strerror(errno));
        return TIMER_FAILED;
    }
    posix_spawn_file_actions_t fa;
    if (posix_spawn_file_actions_init(&fa) != 0 ||
        posix_spawn_file_actions_adddup2(&fa, out, STDOUT_FILENO) != 0 ||
        posix_spawn_file_actions_adddup2(&fa, out, STDERR_FILENO) != 0) {
        fprintf(stderr, "xk-bench-time: out of memory\n");
        return TIMER_FAILED;
    }

    struct timespec start, end;
    pid_t pid;
    clock_gettime(CLOCK_MONOTONIC, &start);
    int err = posix_spawnp(&pid, argv[2], &fa, NULL, argv + 2, environ);
    if (err != 0) {
        fprintf(stderr, "xk-bench-time: %s: %s\n", argv[2], strerror(err));
        return TIMER_FAILED;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            fprintf(stderr, "xk-bench-time: waitpid: %s\n", strerror(errno));
            return TIMER_FAILED;
        }
    clock_gettime(CLOCK_MONOTONIC, &end);

    long long ns = (long long)(end.tv_sec - start.tv_sec) * 1000000000LL +
                   (end.tv_nsec - start.tv_nsec);
    printf("%lld.%06lld\n", ns / 1000000000LL, ns % 1000000000LL / 1000);
    posix_spawn_file_actions_destroy(&fa);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}

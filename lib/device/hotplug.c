/*
 * hotplug.c: running a device's script= the way xl runs its hotplug
 * scripts, so setups built on /etc/xen/scripts keep working.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/context.h"
#include "device/internal.h"

int xk__hotplug_path(xk_ctx *ctx, const char *script, char *buf, size_t size)
{
    int n = script[0] == '/'
        ? snprintf(buf, size, "%s", script)
        : snprintf(buf, size, "%s/%s", XK__XEN_SCRIPT_DIR, script);
    if (n < 0 || (size_t)n >= size)
        return xk__error(ctx, XK_EINVAL, "script path %s is too long", script);
    return 0;
}

extern char **environ;

/*
 * Our environment with the given NAME=value strings in front (n at most,
 * the list ends at the first NULL), and any inherited variable of the same
 * name dropped. Built before fork: a child of a threaded process may not
 * allocate. The strings are borrowed; free() only the array.
 */
static char **build_env(const char **extra, size_t n)
{
    size_t nenv = 0, nextra = 0;
    while (environ && environ[nenv])
        nenv++;
    while (nextra < n && extra[nextra])
        nextra++;
    char **envp = calloc(nenv + nextra + 1, sizeof(*envp));
    if (!envp)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < nextra; i++)
        envp[k++] = (char *)extra[i];
    for (size_t i = 0; i < nenv; i++) {
        bool dup = false;
        for (size_t j = 0; j < nextra && !dup; j++) {
            size_t len = strcspn(extra[j], "=") + 1;
            dup = strncmp(environ[i], extra[j], len) == 0;
        }
        if (!dup)
            envp[k++] = environ[i];
    }
    envp[k] = NULL;
    return envp;
}

int xk__hotplug_run(xk_ctx *ctx, const char *script, const char *action,
                    const char *bkind, uint32_t domid, int devid,
                    const char *backend_path)
{
    char path[512], xenbus_path[96], vif[32], env_script[560];
    int rc = xk__hotplug_path(ctx, script, path, sizeof(path));
    if (rc)
        return rc;
    if (access(path, X_OK) != 0)
        return xk__error(ctx, XK_ENOENT, "hotplug script %s: %s", path,
                         strerror(errno));
    snprintf(xenbus_path, sizeof(xenbus_path), "backend/%s/%u/%d", bkind,
             domid, devid);
    snprintf(vif, sizeof(vif), "vif%u.%d", domid, devid);
    snprintf(env_script, sizeof(env_script), "%s", path);
    bool is_vif = strcmp(bkind, "vif") == 0;
    char gatewaydev[64] = "";
    if (is_vif)
        xk__read_opt(ctx, backend_path, "gatewaydev", gatewaydev,
                     sizeof(gatewaydev));

    /* Everything the child needs is prepared before fork: after it, only
     * async-signal-safe calls. */
    char *argv[] = { path, (char *)action, is_vif ? "type_if=vif" : NULL, NULL };
    char e_script[600], e_type[32], e_path[128], e_vif[48], e_netdev[80];
    snprintf(e_script, sizeof(e_script), "script=%s", env_script);
    snprintf(e_type, sizeof(e_type), "XENBUS_TYPE=%s", bkind);
    snprintf(e_path, sizeof(e_path), "XENBUS_PATH=%s", xenbus_path);
    snprintf(e_vif, sizeof(e_vif), "vif=%s", vif);
    snprintf(e_netdev, sizeof(e_netdev), "netdev=%s", gatewaydev);
    char **envp = build_env((const char *[]){ e_script, e_type, e_path,
        "XENBUS_BASE_PATH=backend", is_vif ? e_vif : NULL,
        is_vif ? e_netdev : NULL, NULL }, 6);
    if (!envp)
        return xk__error(ctx, XK_ENOMEM, "out of memory running %s", path);
    int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (devnull < 0) {
        free(envp);
        return xk__error(ctx, XK_EIO, "open /dev/null: %s", strerror(errno));
    }

    pid_t pid = fork();
    if (pid < 0) {
        close(devnull);
        free(envp);
        return xk__error(ctx, XK_EIO, "fork for %s: %s", path, strerror(errno));
    }
    if (pid == 0) {
        /* Its own process group, so a timeout kills what it started too. */
        setpgid(0, 0);
        dup2(devnull, 0);
        dup2(2, 1);
        execve(path, argv, envp);
        _exit(127);
    }
    close(devnull);
    free(envp);

    int64_t deadline = xk__now_ms() + XK__DEVICE_SCRIPT_TIMEOUT_MS;
    int status = 0;
    for (;;) {
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid)
            break;
        if (w < 0 && errno != EINTR) {
            return xk__error(ctx, XK_EIO, "waiting for %s: %s", path,
                             strerror(errno));
        }
        if (xk__now_ms() > deadline) {
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            return xk__error(ctx, XK_ETIMEDOUT, "hotplug script %s %s for %s "
                             "did not finish within %d s and was killed", path,
                             action, xenbus_path,
                             XK__DEVICE_SCRIPT_TIMEOUT_MS / 1000);
        }
        usleep(5000);
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;

    char err[256];
    xk__read_opt(ctx, backend_path, "hotplug-error", err, sizeof(err));
    if (WIFEXITED(status))
        return xk__error(ctx, XK_EIO, "hotplug script %s %s failed (exit %d)%s%s",
                         path, action, WEXITSTATUS(status),
                         err[0] ? ": " : "", err);
    return xk__error(ctx, XK_EIO, "hotplug script %s %s died of signal %d",
                     path, action, WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

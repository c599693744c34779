/*
 * loop.c: loop devices for disk images, set up with ioctls rather than
 * losetup. A loop device is created with autoclear, so the kernel frees it
 * as soon as its last user (blkback) closes it, even if we die meanwhile.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "core/context.h"
#include "device/internal.h"

/* Binds lfd to backing; LOOP_CONFIGURE first, the two-step way on kernels
 * older than 5.8. Returns 0 or an errno. */
static int configure(int lfd, int backing, const char *file, bool readonly)
{
    struct loop_config cfg;
    memset(&cfg, 0, sizeof(cfg));
    cfg.fd = (uint32_t)backing;
    cfg.info.lo_flags = LO_FLAGS_AUTOCLEAR | (readonly ? LO_FLAGS_READ_ONLY : 0);
    snprintf((char *)cfg.info.lo_file_name, LO_NAME_SIZE, "%s", file);
    if (ioctl(lfd, LOOP_CONFIGURE, &cfg) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOTTY)
        return errno;

    /* Read-only follows from the backing fd's mode with LOOP_SET_FD. */
    if (ioctl(lfd, LOOP_SET_FD, backing) < 0)
        return errno;
    struct loop_info64 info;
    memset(&info, 0, sizeof(info));
    info.lo_flags = LO_FLAGS_AUTOCLEAR;
    snprintf((char *)info.lo_file_name, LO_NAME_SIZE, "%s", file);
    if (ioctl(lfd, LOOP_SET_STATUS64, &info) < 0) {
        int e = errno;
        ioctl(lfd, LOOP_CLR_FD, 0);
        return e;
    }
    return 0;
}

int xk__loop_attach(xk_ctx *ctx, const char *file, bool readonly,
                    struct xk__loop *lo)
{
    lo->fd = -1;
    lo->number = -1;
    lo->path[0] = '\0';

    int backing = open(file, (readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
    if (backing < 0)
        return xk__error(ctx, errno == ENOENT ? XK_ENOENT :
                         errno == EACCES || errno == EROFS ? XK_EPERM : XK_EIO,
                         "cannot open disk image %s%s: %s", file,
                         readonly ? "" : " read-write", strerror(errno));
    struct stat st;
    if (fstat(backing, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(backing);
        return xk__error(ctx, XK_EINVAL, "disk image %s is not a regular file",
                         file);
    }
    lo->backing_dev = st.st_dev;
    lo->backing_ino = st.st_ino;

    int ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
    if (ctl < 0) {
        int e = errno;
        close(backing);
        return xk__error(ctx, XK_EIO, "cannot open /dev/loop-control (is the "
                         "loop module loaded?): %s", strerror(e));
    }

    int rc = 0;
    /* Another process may take the free device between our asking and our
     * binding it (EBUSY): ask again a few times. */
    for (int attempt = 0; attempt < 8; attempt++) {
        int n = ioctl(ctl, LOOP_CTL_GET_FREE);
        if (n < 0) {
            rc = xk__error(ctx, XK_EIO, "no free loop device: %s",
                           strerror(errno));
            break;
        }
        snprintf(lo->path, sizeof(lo->path), "/dev/loop%d", n);
        int lfd = open(lo->path, (readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
        if (lfd < 0) {
            rc = xk__error(ctx, XK_EIO, "cannot open %s: %s", lo->path,
                           strerror(errno));
            break;
        }
        int e = configure(lfd, backing, file, readonly);
        if (e == EBUSY) {
            close(lfd);
            continue;
        }
        if (e) {
            close(lfd);
            rc = xk__error(ctx, XK_EIO, "cannot bind %s to %s: %s", lo->path,
                           file, strerror(e));
            break;
        }
        struct stat lst;
        if (fstat(lfd, &lst) < 0) {
            close(lfd); /* autoclear frees it */
            rc = xk__error(ctx, XK_EIO, "stat %s: %s", lo->path,
                           strerror(errno));
            break;
        }
        lo->fd = lfd;
        lo->number = n;
        lo->major = major(lst.st_rdev);
        lo->minor = minor(lst.st_rdev);
        break;
    }
    if (!rc && lo->fd < 0)
        rc = xk__error(ctx, XK_EBUSY, "every free loop device was taken "
                       "before %s could be bound to one", file);
    close(ctl);
    close(backing); /* the loop device holds its own reference */
    if (rc)
        lo->path[0] = '\0';
    return rc;
}

void xk__loop_release(struct xk__loop *lo)
{
    if (lo->fd >= 0)
        close(lo->fd);
    lo->fd = -1;
}

int xk__loop_detach_if_ours(const char *path, uint64_t dev, uint64_t ino)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0; /* gone: nothing to do */
    struct loop_info64 info;
    int rc = 0;
    if (ioctl(fd, LOOP_GET_STATUS64, &info) == 0 &&
        info.lo_device == dev && info.lo_inode == ino) {
        /* Still bound to our image: unbind now, or (if blkback still
         * has it open) as soon as it closes it. */
        if (ioctl(fd, LOOP_CLR_FD, 0) < 0 && errno != ENXIO)
            rc = -errno;
        else
            rc = 1;
    }
    close(fd);
    return rc;
}

int xk__loop_bound_to(const char *path, uint64_t dev, uint64_t ino)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    struct loop_info64 info;
    int bound = ioctl(fd, LOOP_GET_STATUS64, &info) == 0 &&
                info.lo_device == dev && info.lo_inode == ino;
    close(fd);
    return bound;
}

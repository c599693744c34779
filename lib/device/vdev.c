/*
 * vdev.c: virtual disk names (xvda, hdc1, sdb, d3p2, or a raw number) to the
 * device numbers the guest's blkfront sees, numbered as xl numbers them
 * (docs/misc/vbd-interface in Xen).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "device/device.h"

/* Xen's fixed major numbers for the disk kinds a PV guest can be given. */
#define MAJOR_XVD   202
#define MAJOR_IDE01 3
#define MAJOR_IDE23 22
#define MAJOR_SCSI  8
#define EXTENDED    (1 << 28)

/*
 * Matches PREFIX LETTERS [PARTITION]: the letters are a bijective base-26
 * number (a=0 ... z=25, aa=26 ...). Partition numbers have no leading zero.
 * Returns 1 on a match within the limits, 0 otherwise.
 */
static int match_letters(const char *name, const char *prefix, int max_disk,
                         int max_part, int *disk_r, int *part_r)
{
    size_t plen = strlen(prefix);
    if (strncmp(name, prefix, plen) != 0)
        return 0;
    const char *p = name + plen;
    long disk = -1;
    while (*p >= 'a' && *p <= 'z') {
        disk = (disk + 1) * 26 + (*p - 'a');
        if (disk > max_disk)
            return 0;
        p++;
    }
    if (disk < 0)
        return 0;
    long part = 0;
    if (*p) {
        if (*p < '1' || *p > '9')
            return 0;
        char *end;
        errno = 0;
        part = strtol(p, &end, 10);
        if (errno || *end || part > max_part)
            return 0;
    }
    *disk_r = (int)disk;
    *part_r = (int)part;
    return 1;
}

/* The "dNpM" form: disk N, partition M, both decimal. */
static int match_dp(const char *name, int *disk_r, int *part_r)
{
    if (name[0] != 'd' || name[1] < '0' || name[1] > '9')
        return 0;
    char *end;
    errno = 0;
    long disk = strtol(name + 1, &end, 10);
    if (errno || *end != 'p' || disk >= (1 << 20))
        return 0;
    const char *p = end + 1;
    if (*p < '0' || *p > '9')
        return 0;
    long part = strtol(p, &end, 10);
    if (errno || *end || part >= 256)
        return 0;
    *disk_r = (int)disk;
    *part_r = (int)part;
    return 1;
}

int xk__vdev_to_devid(const char *vdev, int *disk_r, int *part_r)
{
    int disk, part;

    if (!vdev || !*vdev)
        return -1;
    if (match_dp(vdev, &disk, &part) ||
        match_letters(vdev, "xvd", (1 << 20) - 1, 255, &disk, &part)) {
        if (disk_r) *disk_r = disk;
        if (part_r) *part_r = part;
        if (disk <= 15 && part <= 15)
            return (MAJOR_XVD << 8) | (disk << 4) | part;
        return EXTENDED | (disk << 8) | part;
    }

    /* A bare number is taken as the device number itself. */
    if (vdev[0] >= '0' && vdev[0] <= '9') {
        char *end;
        errno = 0;
        unsigned long n = strtoul(vdev, &end, 0);
        if (errno || *end || n > INT_MAX)
            return -1;
        if (disk_r || part_r)
            return -1; /* a raw number names no disk/partition pair */
        return (int)n;
    }

    if (match_letters(vdev, "hd", 3, 63, &disk, &part)) {
        if (disk_r) *disk_r = disk;
        if (part_r) *part_r = part;
        return ((disk < 2 ? MAJOR_IDE01 : MAJOR_IDE23) << 8) |
               ((disk & 1) << 6) | part;
    }
    if (match_letters(vdev, "sd", 15, 15, &disk, &part)) {
        if (disk_r) *disk_r = disk;
        if (part_r) *part_r = part;
        return (MAJOR_SCSI << 8) | (disk << 4) | part;
    }
    return -1;
}

/* Writes disk index n as letters (0 -> a, 26 -> aa); returns chars written. */
static size_t letters(char *buf, size_t size, unsigned n)
{
    char tmp[16];
    size_t len = 0;
    for (;;) {
        tmp[len++] = (char)('a' + n % 26);
        if (n < 26)
            break;
        n = n / 26 - 1;
    }
    if (len >= size)
        return 0;
    for (size_t i = 0; i < len; i++)
        buf[i] = tmp[len - 1 - i];
    buf[len] = '\0';
    return len;
}

int xk__devid_to_vdev(int devid, char *buf, size_t size)
{
    unsigned minor, nparts;

    if (devid < 0 || size < 5)
        return -1;
    if (devid & EXTENDED) {
        minor = (unsigned)devid & ~(unsigned)EXTENDED;
        nparts = 256;
    } else {
        minor = (unsigned)devid & 0xff;
        nparts = 16;
    }
    memcpy(buf, "xvd", 3);
    size_t n = letters(buf + 3, size - 3, minor / nparts);
    if (!n)
        return -1;
    unsigned part = minor % nparts;
    if (part) {
        size_t used = 3 + n;
        int w = snprintf(buf + used, size - used, "%u", part);
        if (w < 0 || (size_t)w >= size - used)
            return -1;
    }
    return 0;
}

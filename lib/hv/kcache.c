/*
 * kcache.c: a cache of decompressed PV kernels. libxenguest unpacks a
 * compressed kernel (a bzImage's xz/zstd/gzip payload) on every build, and
 * that is most of a create's time: seconds on real hardware for a distro
 * kernel, tens of seconds under emulation. The unpacked ELF is kept in a
 * root-only directory, keyed by the kernel file's identity (device, inode,
 * size, mtime and ctime: ctime cannot be set back by anyone, so a replaced
 * or rewritten kernel never matches a stale entry), and handed to the
 * builder from memory next time. Any failure here just means no caching.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hv/kcache.h"

#define KCACHE_DIR "/var/cache/xenkit/kernels"
#define KCACHE_MAX_ENTRIES 4
#define KCACHE_MAGIC "xenkit-kernel-cache-1"
/* The header fills a page so the ELF after it stays page-aligned. */
#define KCACHE_HDR 4096

struct kcache_key {
    char magic[32];
    uint64_t dev, ino, size;
    int64_t mtime_sec, mtime_nsec, ctime_sec, ctime_nsec;
    uint64_t elf_size;
};

static void make_key(const struct stat *st, struct kcache_key *k)
{
    memset(k, 0, sizeof(*k));
    snprintf(k->magic, sizeof(k->magic), "%s", KCACHE_MAGIC);
    k->dev = (uint64_t)st->st_dev;
    k->ino = (uint64_t)st->st_ino;
    k->size = (uint64_t)st->st_size;
    k->mtime_sec = st->st_mtim.tv_sec;
    k->mtime_nsec = st->st_mtim.tv_nsec;
    k->ctime_sec = st->st_ctim.tv_sec;
    k->ctime_nsec = st->st_ctim.tv_nsec;
}

/* The entry's file name: a hash of the identity (FNV-1a). */
static void entry_path(const struct kcache_key *k, char *buf, size_t size)
{
    uint64_t h = 1469598103934665603ULL;
    const unsigned char *p = (const unsigned char *)&k->dev;
    size_t n = offsetof(struct kcache_key, elf_size) -
               offsetof(struct kcache_key, dev);
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    snprintf(buf, size, KCACHE_DIR "/%016llx.elf", (unsigned long long)h);
}

int xk__kcache_lookup(const struct stat *st, struct xk__kcache_map *m)
{
    m->base = NULL;
    m->len = 0;
    struct kcache_key want, *have;
    make_key(st, &want);
    char path[128];
    entry_path(&want, path, sizeof(path));
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return -1;
    struct stat est;
    if (fstat(fd, &est) != 0 || est.st_uid != 0 ||
        (size_t)est.st_size <= KCACHE_HDR) {
        close(fd);
        return -1;
    }
    /* Private and writable: the builder may scribble on its copy. */
    void *base = mmap(NULL, (size_t)est.st_size, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE, fd, 0);
    close(fd);
    if (base == MAP_FAILED)
        return -1;
    have = base;
    want.elf_size = have->elf_size;
    if (memcmp(have, &want, sizeof(want)) != 0 ||
        have->elf_size != (uint64_t)est.st_size - KCACHE_HDR) {
        munmap(base, (size_t)est.st_size);
        return -1;
    }
    m->base = base;
    m->len = (size_t)est.st_size;
    m->elf = (char *)base + KCACHE_HDR;
    m->elf_size = (size_t)have->elf_size;
    /* Recently used entries survive eviction (it goes by mtime). */
    utimensat(AT_FDCWD, path, NULL, 0);
    return 0;
}

void xk__kcache_unmap(struct xk__kcache_map *m)
{
    if (m->base)
        munmap(m->base, m->len);
    m->base = NULL;
    m->len = 0;
}

/* Keeps the newest KCACHE_MAX_ENTRIES - 1 entries, making room for one. */
static void evict(void)
{
    DIR *d = opendir(KCACHE_DIR);
    if (!d)
        return;
    for (;;) {
        struct dirent *e;
        char oldest[300] = "";
        struct timespec ot = { 0, 0 };
        int n = 0;
        rewinddir(d);
        while ((e = readdir(d)) != NULL) {
            size_t len = strlen(e->d_name);
            if (len < 4 || strcmp(e->d_name + len - 4, ".elf") != 0)
                continue;
            struct stat st;
            if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
                continue;
            n++;
            if (!oldest[0] || st.st_mtim.tv_sec < ot.tv_sec ||
                (st.st_mtim.tv_sec == ot.tv_sec &&
                 st.st_mtim.tv_nsec < ot.tv_nsec)) {
                snprintf(oldest, sizeof(oldest), "%s", e->d_name);
                ot = st.st_mtim;
            }
        }
        if (n < KCACHE_MAX_ENTRIES || !oldest[0])
            break;
        unlinkat(dirfd(d), oldest, 0);
    }
    closedir(d);
}

static int write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        ssize_t w = write(fd, c, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        c += w;
        n -= (size_t)w;
    }
    return 0;
}

void xk__kcache_store(const struct stat *st, const void *elf, size_t size)
{
    if (geteuid() != 0)
        return;
    /* mkdir -p: a minimal dom0 may lack /var/cache. */
    static const char *const dirs[] = {
        "/var", "/var/cache", "/var/cache/xenkit", KCACHE_DIR,
    };
    for (size_t i = 0; i < sizeof(dirs) / sizeof(*dirs); i++)
        if (mkdir(dirs[i], i < 2 ? 0755 : 0700) != 0 && errno != EEXIST)
            return;
    evict();
    struct kcache_key k;
    make_key(st, &k);
    k.elf_size = size;
    char path[128], tmp[160];
    entry_path(&k, path, sizeof(path));
    snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return;
    char hdr[KCACHE_HDR];
    memset(hdr, 0, sizeof(hdr));
    memcpy(hdr, &k, sizeof(k));
    int bad = write_all(fd, hdr, sizeof(hdr)) || write_all(fd, elf, size);
    if (close(fd) != 0)
        bad = 1;
    /* Renamed into place whole, so a reader sees all of it or nothing. */
    if (bad || rename(tmp, path) != 0)
        unlink(tmp);
}

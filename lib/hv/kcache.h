/*
 * kcache.h: the cache of decompressed PV kernels the builder uses (see
 * kcache.c for why and how entries are keyed).
 */
#ifndef XK_HV_KCACHE_H
#define XK_HV_KCACHE_H

#include <stddef.h>
#include <sys/stat.h>

struct xk__kcache_map {
    void *base;        /* the mapping; NULL when none */
    size_t len;
    void *elf;         /* the unpacked kernel inside it */
    size_t elf_size;
};

/* Maps the unpacked kernel for the file whose stat is st: 0 on a hit, -1
 * on a miss (m->base is NULL). Unmap with xk__kcache_unmap. */
int xk__kcache_lookup(const struct stat *st, struct xk__kcache_map *m);
void xk__kcache_unmap(struct xk__kcache_map *m);

/* Stores the unpacked kernel of the file whose stat is st (root only; best
 * effort, keeps a handful of entries). */
void xk__kcache_store(const struct stat *st, const void *elf, size_t size);

#endif

/* wire.c: the name service's answer, written and read (names.h). */
#include <stdlib.h>
#include <string.h>

#include "names/names.h"

int xk__names_buf_append(struct xk__names_buf *b, const void *p, size_t k)
{
    if (b->len + k > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + k)
            cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d)
            return XK_ENOMEM;
        b->data = d;
        b->cap = cap;
    }
    if (k)                      /* a missing name has no bytes, nor p */
        memcpy(b->data + b->len, p, k);
    b->len += k;
    return 0;
}

static int put_head(struct xk__names_buf *b, uint32_t domid, int32_t len)
{
    int rc = xk__names_buf_append(b, &domid, sizeof(domid));
    return rc ? rc : xk__names_buf_append(b, &len, sizeof(len));
}

int xk__names_put_start(struct xk__names_buf *b)
{
    b->len = 0;
    return xk__names_buf_append(b, XK__NAMES_MAGIC, 4);
}

int xk__names_put(struct xk__names_buf *b, uint32_t domid, const char *name)
{
    size_t k = name ? strlen(name) : 0;
    if (k > XK__NAMES_NAME_MAX)
        return 0;
    int rc = put_head(b, domid, name ? (int32_t)k : -1);
    return rc ? rc : xk__names_buf_append(b, name, k);
}

int xk__names_put_end(struct xk__names_buf *b)
{
    return put_head(b, XK__NAMES_END, 0);
}

void xk__names_buf_dispose(struct xk__names_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* The entry of list with id domid (list goes up by id), or NULL. */
static xk_dominfo *find(xk_dominfo *list, size_t n, uint32_t domid)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (list[mid].domid == domid)
            return &list[mid];
        if (list[mid].domid < domid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

long xk__names_take(const char *data, size_t len, xk_dominfo *list, size_t n,
                    bool *have)
{
    if (len < 4 || memcmp(data, XK__NAMES_MAGIC, 4) != 0)
        return -1;
    long named = 0;
    for (size_t off = 4;;) {
        uint32_t domid;
        int32_t k;
        if (len - off < sizeof(domid) + sizeof(k))
            return -1;
        memcpy(&domid, data + off, sizeof(domid));
        memcpy(&k, data + off + sizeof(domid), sizeof(k));
        off += sizeof(domid) + sizeof(k);
        if (domid == XK__NAMES_END)
            return k == 0 && off == len ? named : -1;
        if (k < -1 || k > XK__NAMES_NAME_MAX || (size_t)(k < 0 ? 0 : k) >
            len - off)
            return -1;
        size_t size = k < 0 ? 0 : (size_t)k;
        xk_dominfo *d = find(list, n, domid);
        if (d) {
            memcpy(d->name, data + off, size);
            d->name[size] = '\0';
            if (!have[d - list])
                named++;
            have[d - list] = true;
        }
        off += size;
    }
}

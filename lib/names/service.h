/*
 * service.h: the inside of the name service (names.h): its table of
 * domains, one entry a domain, and its watch connections to xenstored
 * (conns.c), which server.c drives.
 */
#ifndef XK_NAMES_SERVICE_H
#define XK_NAMES_SERVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <xen/io/xs_wire.h>

#include "names/names.h"

#define XK__NAMES_DOMID_LIMIT 0x7FF0
/* Watches go on up to this many connections, this many to a connection
 * before the next is opened. xenstored serves one request per connection
 * on each pass of its loop, and with 200 domains up a pass takes
 * oxenstored about a millisecond: 200 watches on one connection took it
 * 0.8-1.8 s. Each question then costs a request per connection. */
#define XK__NAMES_CONNS 8
#define XK__NAMES_PER_CONN 25

enum xk__names_state { XK__E_NEW, XK__E_WATCHED, XK__E_FAILED };

struct xk__names_entry {
    unsigned char state;    /* XK__E_NEW until xenstored took the watch */
    unsigned char conn;     /* the connection its watch is on */
    bool dirty;             /* fired (or never read) since the last read */
    bool reading;           /* a read of it awaits its reply on its watch's
                             * connection: events before that reply are
                             * of writes the read already sees */
    bool pending;           /* its watch awaits xenstored's reply */
    bool seen;              /* in this question's hypervisor list */
    bool absent;            /* read: the domain has no name node */
    char *name;             /* read: its name */
};

enum xk__names_req_kind { XK__R_WATCH, XK__R_UNWATCH, XK__R_SYNC, XK__R_READ };

struct xk__names_req {
    unsigned char kind;
    uint32_t domid;
};

struct xk__names_conn {
    int fd;                         /* -1 until a watch needs it */
    char in[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];
    size_t in_len;
    struct xk__names_buf out;       /* requests not yet sent */
    struct xk__names_req *q;        /* requests awaiting their replies */
    size_t q_head, q_len, q_cap;
    size_t watches;                 /* entries whose watch is on it */
};

struct xk_name_service {
    int listen_fd;
    char *path;
    /* A domain went (@releaseDomain, watched on the first connection):
     * the watches of domains gone are dropped before the next question,
     * as the C xenstored compares every write with every watch. */
    bool released;
    struct xk__names_conn c[XK__NAMES_CONNS];
    struct xk__names_entry *e[XK__NAMES_DOMID_LIMIT];
};

/* conns.c */
/* The entry for domid, made (XK__E_NEW) if it has none; NULL when out of
 * memory. */
struct xk__names_entry *xk__names_entry(struct xk_name_service *s,
                                        uint32_t domid);
void xk__names_entry_free(struct xk_name_service *s, uint32_t domid);
/* What a read of e's name answered (err: 0, or the errno xenstored
 * gave): ENOENT, no name node; another error or a name too long leaves
 * it dirty, for the list to read itself. -1 when out of memory (dirty
 * too). */
int xk__names_entry_take(struct xk__names_entry *e, int err,
                         const char *data, size_t len);
/* Forgets every connection and, with them, every watch and name. */
void xk__names_reset(struct xk_name_service *s);
/* Puts domid's entry on the least loaded of the connections in use,
 * opening one when they are all full. */
int xk__names_assign(struct xk_name_service *s, uint32_t domid);
/* Queues a request on domid's name (a read, a watch or an unwatch), on
 * the connection of its entry's watch. */
int xk__names_queue_on_name(struct xk_name_service *s, unsigned char kind,
                            uint32_t domid, uint32_t type);
/* Queues a request whose reply comes after every event xenstored queued
 * before it, on each connection with watches. */
int xk__names_queue_syncs(struct xk_name_service *s);
int xk__names_send(struct xk_name_service *s);
/* Takes what xenstored sent on any connection, waiting up to timeout_ms
 * for it. -1 when a connection makes no sense any more. */
int xk__names_pump(struct xk_name_service *s, int timeout_ms);
/* Sends what is queued and takes every reply to it. */
int xk__names_exchange(struct xk_name_service *s);
/* Whether requests sent earlier still await their replies. */
bool xk__names_busy(const struct xk_name_service *s);

#endif

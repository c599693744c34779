/*
 * names.h: the name service, domain names kept current by xenstore
 * watches and handed to xk_domain_list in other processes (server.c; its
 * watch connections: conns.c, service.h), the question and answer on its
 * socket (client.c), and the answer's bytes (wire.c).
 *
 * Why: `xl list` reads every domain's name, one xenstore request each, and
 * with 200 domains up oxenstored spends about 0.4 ms of its own time on
 * each however they are spread. A process that watches each name reads it
 * again only when it changes; before answering it makes a round trip on
 * each watch connection, and xenstored queues a watch's event on its
 * connection as it makes the change, so every change made before the
 * question was asked has reached the service by then.
 */
#ifndef XK_NAMES_NAMES_H
#define XK_NAMES_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xenkit.h"

/* The service's socket; XENKIT_NAME_SOCKET overrides it (tests). */
#define XK__NAMES_SOCKET "/run/xenkit/names"
const char *xk__names_socket(void);

/* A list asks the service only with more domains than this: a few names
 * cost less to read than a question, and each domain the service has not
 * seen costs it a watch and a read. */
#define XK__NAMES_FROM 16

/* How long a list waits for the answer before reading every name itself:
 * a service that has just started registers a watch per domain first. */
#define XK__NAMES_ANSWER_MS 2000

/* The answer: "XKN1", then per domain its id (4 bytes), the length of its
 * name (4 bytes; -1 when it has no name node) and the name's bytes, then
 * the id 0xFFFFFFFF with length 0. Host byte order: both ends run on the
 * same host. Names longer than this are not served. */
#define XK__NAMES_MAGIC "XKN1"
#define XK__NAMES_END 0xFFFFFFFFu
#define XK__NAMES_NAME_MAX 255

struct xk__names_buf {
    char *data;
    size_t len, cap;
};

/* Appends to the answer in b; XK_ENOMEM when it cannot grow. name is NULL
 * for a domain without a name node. */
int xk__names_put_start(struct xk__names_buf *b);
int xk__names_put(struct xk__names_buf *b, uint32_t domid, const char *name);
int xk__names_put_end(struct xk__names_buf *b);
void xk__names_buf_dispose(struct xk__names_buf *b);
/* Appends k bytes (the server's requests to xenstored use it too). */
int xk__names_buf_append(struct xk__names_buf *b, const void *p, size_t k);

/* Puts an answer's names into list (n domains, by domid, as
 * xk_domain_list makes it) and sets have[i] for each one it named (a name
 * node missing: ""). Domains the answer does not know keep theirs. The
 * number named, or -1 when the answer is malformed or cut short (then
 * nothing in list or have is to be trusted). */
long xk__names_take(const char *data, size_t len, xk_dominfo *list, size_t n,
                    bool *have);

/* client.c: asks the service; the socket to read the answer from, or -1
 * when no service listens. */
int xk__names_ask(void);
/* Reads the whole answer (up to timeout_ms) into list, as xk__names_take;
 * -1 when none came whole. Closes fd. */
long xk__names_receive(int fd, int timeout_ms, xk_dominfo *list, size_t n,
                       bool *have);

#endif

/* xenstore.c: a minimal xenstore client on the shared ring (xs_wire.h):
 * one request at a time, replies matched by req_id, watch events noted. */
#include "tinypv.h"

static struct xenstore_domain_interface *ring;
static evtchn_port_t store_port;
static uint32_t next_req_id = 1;
static int watch_fired;

void xs_init(const start_info_t *si)
{
    ring = mfn_to_virt(si->store_mfn);
    store_port = si->store_evtchn;
}

static void ring_put(const void *data, uint32_t len)
{
    const char *p = data;

    while (len > 0) {
        XENSTORE_RING_IDX prod = ring->req_prod;
        XENSTORE_RING_IDX space;

        evt_clear(store_port);
        tinypv_barrier();
        space = XENSTORE_RING_SIZE - (prod - ring->req_cons);
        if (space == 0) {
            evt_wait(store_port);
            continue;
        }
        for (; len > 0 && space > 0; len--, space--)
            ring->req[MASK_XENSTORE_IDX(prod++)] = *p++;
        tinypv_barrier();
        ring->req_prod = prod;
        evt_notify(store_port);
    }
}

/* Copy LEN reply bytes into DATA, or drop them when DATA is NULL. */
static void ring_get(void *data, uint32_t len)
{
    char *p = data;

    while (len > 0) {
        XENSTORE_RING_IDX cons = ring->rsp_cons;
        XENSTORE_RING_IDX avail;

        evt_clear(store_port);
        tinypv_barrier();
        avail = ring->rsp_prod - cons;
        if (avail == 0) {
            evt_wait(store_port);
            continue;
        }
        tinypv_barrier();       /* the index before the data it covers */
        for (; len > 0 && avail > 0; len--, avail--) {
            char c = ring->rsp[MASK_XENSTORE_IDX(cons++)];

            if (p)
                *p++ = c;
        }
        tinypv_barrier();
        ring->rsp_cons = cons;
        evt_notify(store_port);
    }
}

/* Read one message. Watch events (we have a single watch) only set a flag;
 * payload beyond what REPLY holds is read and dropped. */
static void read_message(struct xs_reply *reply, uint32_t *req_id_r)
{
    struct xsd_sockmsg hdr;
    uint32_t keep;

    ring_get(&hdr, sizeof(hdr));
    keep = hdr.len < sizeof(reply->buf) - 1 ? hdr.len
                                            : (uint32_t)sizeof(reply->buf) - 1;
    ring_get(reply->buf, keep);
    ring_get(NULL, hdr.len - keep);
    reply->buf[keep] = '\0';
    reply->len = keep;
    reply->type = hdr.type;
    *req_id_r = hdr.req_id;
    if (hdr.type == XS_WATCH_EVENT)
        watch_fired = 1;
}

/* Send TYPE with the two payload parts (the second may be NULL) and wait
 * for its reply. Returns 0, or -1 when xenstored answered XS_ERROR. */
static int request(uint32_t type, const char *a, uint32_t alen,
                   const char *b, uint32_t blen, struct xs_reply *reply)
{
    struct xsd_sockmsg hdr = {
        .type = type, .req_id = next_req_id++, .tx_id = 0, .len = alen + blen,
    };
    uint32_t id;

    ring_put(&hdr, sizeof(hdr));
    ring_put(a, alen);
    if (b)
        ring_put(b, blen);
    do
        read_message(reply, &id);
    while (reply->type == XS_WATCH_EVENT || id != hdr.req_id);
    return reply->type == XS_ERROR ? -1 : 0;
}

int xs_write(const char *path, const char *value)
{
    struct xs_reply reply;

    /* XS_WRITE: "path\0" then the value, without a terminator. */
    return request(XS_WRITE, path, tp_strlen(path) + 1,
                   value, tp_strlen(value), &reply);
}

int xs_read(const char *path, struct xs_reply *reply)
{
    return request(XS_READ, path, tp_strlen(path) + 1, NULL, 0, reply);
}

int xs_watch(const char *path, const char *token)
{
    struct xs_reply reply;

    return request(XS_WATCH, path, tp_strlen(path) + 1,
                   token, tp_strlen(token) + 1, &reply);
}

/* Block until the watch has fired (xenstored fires it once when it is
 * registered, then on every change). */
void xs_wait_watch(void)
{
    struct xs_reply reply;
    uint32_t id;

    while (!watch_fired)
        read_message(&reply, &id);
    watch_fired = 0;
}

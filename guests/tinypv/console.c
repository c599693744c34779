/* console.c: write-only PV console: bytes into the "out" ring of the page
 * start_info names, then a kick on its event channel; xenconsoled reads it. */
#include "tinypv.h"

static struct xencons_interface *cons;
static evtchn_port_t cons_port;

void console_init(const start_info_t *si)
{
    cons = mfn_to_virt(si->console.domU.mfn);
    cons_port = si->console.domU.evtchn;
}

void console_write(const char *s)
{
    size_t len = tp_strlen(s);

    while (len > 0) {
        XENCONS_RING_IDX prod = cons->out_prod;
        XENCONS_RING_IDX used;

        evt_clear(cons_port);
        tinypv_barrier();
        used = prod - cons->out_cons;
        if (used >= sizeof(cons->out)) {
            /* Full: xenconsoled kicks us after it drains the ring. */
            evt_notify(cons_port);
            evt_wait(cons_port);
            continue;
        }
        for (; len > 0 && used < sizeof(cons->out); len--, used++)
            cons->out[MASK_XENCONS_IDX(prod++, cons->out)] = *s++;
        tinypv_barrier();       /* data before the index that publishes it */
        cons->out_prod = prod;
        evt_notify(cons_port);
    }
}

/* events.c: the shared-info page, event channels (send, clear, wait) and the
 * machine-to-virtual translation the rings need. */
#include "tinypv.h"

/* A page of our own image whose mapping is replaced by the shared-info
 * frame: its page table already exists, so one update_va_mapping does. */
static char shared_page[TINYPV_PAGE_SIZE]
    __attribute__((aligned(TINYPV_PAGE_SIZE)));
static shared_info_t *shared;

#define PTE_PRESENT  0x001UL
#define PTE_RW       0x002UL
#define PTE_USER     0x004UL
#define PTE_ACCESSED 0x020UL
#define PTE_DIRTY    0x040UL

void evt_init(const start_info_t *si)
{
    uint64_t pte = (si->shared_info & ~(TINYPV_PAGE_SIZE - 1)) |
                   PTE_PRESENT | PTE_RW | PTE_USER | PTE_ACCESSED | PTE_DIRTY;

    if (hyp_update_va_mapping((unsigned long)shared_page, pte, UVMF_INVLPG))
        tinypv_shutdown(SHUTDOWN_crash);
    shared = (shared_info_t *)shared_page;
    /* No event callback is registered: upcalls must stay masked (the
     * domain builder masks them; make sure) or Xen would jump to address 0.
     * We wait with SCHEDOP_poll instead, which needs no callback. */
    shared->vcpu_info[0].evtchn_upcall_mask = 1;
}

/* A frame the builder gave us (console, xenstore) is already mapped in the
 * boot mapping; the read-only machine-to-phys table says which pfn it is. */
void *mfn_to_virt(xen_pfn_t mfn)
{
    unsigned long pfn = machine_to_phys_mapping[mfn];

    return (void *)(TINYPV_VIRT_BASE + pfn * TINYPV_PAGE_SIZE);
}

void evt_notify(evtchn_port_t port)
{
    struct evtchn_send send = { .port = port };

    hyp_event_channel_op(EVTCHNOP_send, &send);
}

void evt_clear(evtchn_port_t port)
{
    __atomic_fetch_and(&shared->evtchn_pending[port / 64],
                       ~(1UL << (port % 64)), __ATOMIC_SEQ_CST);
}

/* Block until PORT is pending. Callers clear it, check their ring, then
 * wait: an event arriving after the check leaves the bit set and the poll
 * returns at once, so nothing is lost and nothing spins. */
void evt_wait(evtchn_port_t port)
{
    struct sched_poll poll = { .nr_ports = 1, .timeout = 0 };

    set_xen_guest_handle(poll.ports, &port);
    hyp_sched_op(SCHEDOP_poll, &poll);
}

void tinypv_shutdown(unsigned int reason)
{
    struct sched_shutdown sd = { .reason = reason };

    for (;;)
        hyp_sched_op(SCHEDOP_shutdown, &sd);
}

/* tinypv.h: what the tiny PV test kernel's files share: Xen's public ABI
 * headers, the hypercalls it makes, and the three small services it runs. */
#ifndef TINYPV_H
#define TINYPV_H

#include <stddef.h>
#include <stdint.h>

#define __XEN_INTERFACE_VERSION__ 0x00040e00
#include <xen/xen.h>
#include <xen/sched.h>
#include <xen/event_channel.h>
#include <xen/io/console.h>
#include <xen/io/xs_wire.h>

#define TINYPV_PAGE_SIZE 4096UL
/* Where the image and, after it, every page the domain builder set up are
 * mapped: pseudo-physical frame N sits at TINYPV_VIRT_BASE + N * 4 KiB.
 * head.S publishes the same value in the VIRT_BASE note. */
#define TINYPV_VIRT_BASE 0x400000UL

extern char hypercall_page[];

/* Xen fills hypercall_page with one 32-byte stub per hypercall. Arguments go
 * in rdi, rsi, rdx; Xen may clobber them, so they are in/out operands. */
#define TINYPV_HYPERCALL3(nr, a1, a2, a3) ({                                  \
    register unsigned long r_a1 asm("rdi") = (unsigned long)(a1);             \
    register unsigned long r_a2 asm("rsi") = (unsigned long)(a2);             \
    register unsigned long r_a3 asm("rdx") = (unsigned long)(a3);             \
    long r_ret;                                                               \
    asm volatile ("call hypercall_page + %c[off]"                             \
                  : "=a" (r_ret), "+r" (r_a1), "+r" (r_a2), "+r" (r_a3)       \
                  : [off] "i" ((nr) * 32)                                     \
                  : "memory", "rcx", "r11", "r8", "r9", "r10");               \
    r_ret; })

static inline long hyp_sched_op(int cmd, void *arg)
{
    return TINYPV_HYPERCALL3(__HYPERVISOR_sched_op, cmd, arg, 0);
}

static inline long hyp_event_channel_op(int cmd, void *arg)
{
    return TINYPV_HYPERCALL3(__HYPERVISOR_event_channel_op, cmd, arg, 0);
}

static inline long hyp_update_va_mapping(unsigned long va, uint64_t pte,
                                         unsigned long flags)
{
    return TINYPV_HYPERCALL3(__HYPERVISOR_update_va_mapping, va, pte, flags);
}

/* The compiler may not move memory accesses across this; x86 keeps stores
 * in order and loads in order, which is all the shared rings need. */
#define tinypv_barrier() asm volatile ("" ::: "memory")

/* events.c */
void evt_init(const start_info_t *si);
void evt_notify(evtchn_port_t port);
void evt_clear(evtchn_port_t port);
void evt_wait(evtchn_port_t port);
void *mfn_to_virt(xen_pfn_t mfn);
__attribute__((noreturn)) void tinypv_shutdown(unsigned int reason);

/* console.c */
void console_init(const start_info_t *si);
void console_write(const char *s);

/* xenstore.c */
struct xs_reply {
    uint32_t type;               /* XS_READ, XS_ERROR, ... */
    uint32_t len;                /* payload bytes kept in buf */
    char buf[256];               /* NUL-terminated */
};
void xs_init(const start_info_t *si);
int xs_write(const char *path, const char *value);
int xs_read(const char *path, struct xs_reply *reply);
int xs_watch(const char *path, const char *token);
void xs_wait_watch(void);

/* string helpers (main.c): no libc here */
size_t tp_strlen(const char *s);
int tp_streq(const char *a, const char *b);

#endif

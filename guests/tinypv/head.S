/* head.S: the Xen ELF notes that make this a PV kernel, the entry point,
 * the hypercall page Xen fills in, and the boot stack. */

#define VIRT_BASE 0x400000      /* keep in step with TINYPV_VIRT_BASE */

/* One note: name "Xen", a type from xen/include/public/elfnote.h, and a
 * descriptor between labels 1 and 2. */
.macro xen_note type, desc:vararg
        .balign 4
        .long 4                 /* namesz: "Xen\0" */
        .long 2f - 1f           /* descsz */
        .long \type
        .asciz "Xen"
1:      \desc
2:      .balign 4
.endm

        .section .note.Xen, "a", @note
        xen_note 6, .asciz "tinypv"             /* GUEST_OS */
        xen_note 7, .asciz "1"                  /* GUEST_VERSION */
        xen_note 5, .asciz "xen-3.0"            /* XEN_VERSION */
        xen_note 8, .asciz "generic"            /* LOADER */
        xen_note 3, .quad VIRT_BASE             /* VIRT_BASE */
        xen_note 4, .quad VIRT_BASE             /* PADDR_OFFSET */
        xen_note 1, .quad _start                /* ENTRY */
        xen_note 2, .quad hypercall_page        /* HYPERCALL_PAGE */

        .section .text.head, "ax"
        .globl _start
/* Xen enters in 64-bit mode with %rsi = start_info's virtual address and
 * upcalls masked; we switch to our own stack and never return. */
_start:
        cld
        lea     stack_top(%rip), %rsp
        mov     %rsi, %rdi
        call    tinypv_main
        ud2

        .section .text.hypercall, "ax"
        .balign 4096
        .globl hypercall_page
hypercall_page:
        .fill 4096, 1, 0xcc     /* int3 until Xen writes the stubs */

        .section .bss.stack, "aw", @nobits
        .balign 16
        .space 16384
stack_top:

        .section .note.GNU-stack, "", @progbits

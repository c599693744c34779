/* console_ring.c: reading the hypervisor's console ring (`xl dmesg`). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <xenctrl.h>

#include "core/context.h"
#include "hv/hv.h"

/* Bytes asked for per hypercall, and the most we keep: Xen's ring is far
 * smaller, the cap only stops a console that never stops printing. */
#define RING_CHUNK 16384
#define RING_MAX (64u << 20)

int xk_host_console_read(xk_ctx *ctx, int clear, char **text_r,
                         size_t *len_r)
{
    if (!ctx || !text_r || !len_r)
        return XK_EINVAL;
    *text_r = NULL;
    *len_r = 0;
    xk__clear_error(ctx);
    int rc = xk__hv_open(ctx);
    if (rc)
        return rc;

    char *text = malloc(RING_CHUNK + 1);
    size_t len = 0, cap = RING_CHUNK + 1;
    uint32_t index = 0;
    if (!text)
        return xk__error(ctx, XK_ENOMEM, "cannot allocate a console buffer");
    for (;;) {
        if (cap - len < RING_CHUNK + 1) {
            if (cap >= RING_MAX) {
                free(text);
                return xk__error(ctx, XK_EIO, "the console ring did not end "
                                 "within %u bytes", RING_MAX);
            }
            char *grown = realloc(text, cap * 2);
            if (!grown) {
                free(text);
                return xk__error(ctx, XK_ENOMEM,
                                 "cannot allocate a console buffer");
            }
            text = grown;
            cap *= 2;
        }
        /* Incremental reads continue where the last one stopped. */
        unsigned count = RING_CHUNK;
        xk__hv_clear_log(ctx);
        if (xc_readconsolering(ctx->xc, text + len, &count, clear, 1,
                               &index) < 0) {
            free(text);
            return xk__hv_fail(ctx, XK_EXEN, errno,
                               "reading console ring buffer");
        }
        if (count == 0)
            break;
        len += count;
    }
    text[len] = '\0';
    *text_r = text;
    *len_r = len;
    return 0;
}

/*
 * fuzz_config.c: libFuzzer target for the xl.cfg parser, the option
 * builders, the disk/vif/vfb/channel spec parsers and the JSON printer.
 * The first byte picks what the rest is: a whole config, a disk spec, a vif
 * spec, or a config followed by command-line overrides.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenkit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Built without lib/hv by run-fuzz.sh: nothing here opens Xen handles.
 * Weak, so the meson build with the whole library uses the real one. */
void xk__teardown_handles(xk_ctx *ctx);
__attribute__((weak)) void xk__teardown_handles(xk_ctx *ctx)
{
    (void)ctx;
}

static void run(xk_ctx *ctx, const char *text, size_t len,
                const char *const *ov, size_t nov)
{
    xk_domain_config *cfg = NULL;
    if (xk_config_parse_string(ctx, "fuzz.cfg", text, len, ov, nov, &cfg)) {
        /* every failure leaves a message */
        if (!xk_ctx_last_error(ctx)[0])
            abort();
        return;
    }
    for (size_t i = 0; i < xk_config_warning_count(cfg); i++)
        if (!xk_config_warning(cfg, i))
            abort();
    /* any parsed config prints (jansson must not refuse its bytes) */
    char *json = NULL;
    if (xk_config_to_json(ctx, cfg, &json) != 0)
        abort();
    free(json);
    xk_config_action(cfg, XK_SHUTDOWN_REBOOT);
    xk_config_free(cfg);
}

/* A spec, quoted for an xl.cfg list: bytes that cannot appear in a
 * single-quoted string are dropped. */
static char *as_spec_config(const char *key, const uint8_t *d, size_t n,
                            size_t *len_r)
{
    static const char head[] = "name='f'\nkernel='/k'\ntype='hvm'\n";
    char *t = malloc(sizeof(head) + strlen(key) + n + 16);
    if (!t)
        return NULL;
    size_t o = (size_t)sprintf(t, "%s%s=['", head, key);
    for (size_t i = 0; i < n; i++)
        if (d[i] != '\'' && d[i] != '\\' && d[i] != '\n' && d[i] != 0)
            t[o++] = (char)d[i];
    o += (size_t)sprintf(t + o, "']\n");
    *len_r = o;
    return t;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const spec_keys[] = { "disk", "vif", "vfb",
                                             "channel", "cpus" };
    xk_ctx *ctx;
    if (size < 1 || xk_ctx_open(&ctx, 0))
        return 0;
    uint8_t mode = data[0] % 8;
    data++;
    size--;
    if (mode < 3) {
        run(ctx, (const char *)data, size, NULL, 0);
    } else if (mode < 8 && mode != 7) {
        size_t len;
        char *t = as_spec_config(spec_keys[mode - 3], data, size, &len);
        if (t)
            run(ctx, t, len, NULL, 0);
        free(t);
    } else {
        /* config NUL override NUL override ... */
        const char *ov[8];
        size_t nov = 0;
        const char *p = memchr(data, 0, size);
        size_t clen = p ? (size_t)(p - (const char *)data) : size;
        char *copy = malloc(size + 1);
        if (copy) {
            memcpy(copy, data, size);
            copy[size] = 0;
            for (size_t o = clen + 1; o < size && nov < 8;) {
                ov[nov++] = copy + o;
                o += strlen(copy + o) + 1;
            }
            run(ctx, copy, clen, ov, nov);
            free(copy);
        }
    }
    xk_ctx_close(ctx);
    return 0;
}

/*
 * build.h: what the model builders share: the build state and typed
 * getters that read one option from the syntax tree, check its type and
 * range, and report "FILE:LINE:COL: KEY: found X, expected Y".
 */
#ifndef XK_CONFIG_BUILD_H
#define XK_CONFIG_BUILD_H

#include "config/cfg_file.h"
#include "config/domain_config.h"

struct xk__build {
    xk_ctx *ctx;
    struct xk__cfg_file *f;
    struct xk_domain_config *cfg;
};

/*
 * Each getter returns 1 when the option is set (and stores it), 0 when it
 * is not (leaving *out alone), or a negative XK_E* after recording why.
 */
int xk__get_string(struct xk__build *b, const char *key, char **out);
int xk__get_long(struct xk__build *b, const char *key, long min, long max,
                 long *out);
int xk__get_bool(struct xk__build *b, const char *key, xk_defbool *out);
/* One of names[] (NULL-terminated); *out gets values[i]. */
int xk__get_enum(struct xk__build *b, const char *key,
                 const char *const *names, const int *values, int *out);
/* A list whose items are all single values. */
int xk__get_strlist(struct xk__build *b, const char *key,
                    struct xk_cfg_strlist *out);
/* The setting, of either type, for options with their own rules. */
struct xk__cfg_setting *xk__get_setting(struct xk__build *b,
                                        const char *key);

/* Error at a value: "FILE:LINE:COL: KEY: found <found>, expected <exp>". */
int xk__value_error(struct xk__build *b, const char *key,
                    const struct xk__cfg_value *v, const char *exp);
/* A free-form error at a location: "FILE:LINE:COL: KEY: <msg>". */
int xk__loc_error(struct xk__build *b, const struct xk_cfg_loc *loc,
                  const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Adds a warning "FILE:LINE:COL: warning: <msg>" (loc may be NULL). */
int xk__warn(struct xk__build *b, const struct xk_cfg_loc *loc,
             const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A number as xl's strtol(..., 0) reads it, whole string, no overflow. */
int xk__parse_long(const char *s, long *out);

int xk__strlist_push(struct xk_cfg_strlist *l, const char *s);
void xk__strlist_free(struct xk_cfg_strlist *l);
char *xk__strdup(struct xk__build *b, const char *s);

/* The option groups, in the order xl reads them. */
int xk__build_domain(struct xk__build *b);   /* options_build.c */
int xk__build_cpus(struct xk__build *b);     /* cpus.c */
int xk__build_hvm(struct xk__build *b);      /* options_hvm.c */
int xk__build_devices(struct xk__build *b);  /* devices.c */
int xk__build_carried(struct xk__build *b);  /* carried.c */
/* The items of carried list options, by xl's rules (carried_specs.c). */
int xk__carried_check(struct xk__build *b);

/* Spec parsers (disk_spec.c, vif_spec.c): spec text into a device. */
int xk__disk_spec_parse(struct xk__build *b, const char *spec,
                        const struct xk_cfg_loc *loc,
                        struct xk_disk_spec *d);
int xk__vif_spec_parse(struct xk__build *b, const char *spec,
                       const struct xk_cfg_loc *loc, struct xk_vif_spec *v);
void xk__disk_spec_dispose(struct xk_disk_spec *d);
void xk__vif_spec_dispose(struct xk_vif_spec *v);

#endif

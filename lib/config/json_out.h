/*
 * json_out.h: building libxl's domain-configuration JSON from the model
 * (json_out.c, json_devices.c) and printing it as libxl does (json_print.c).
 */
#ifndef XK_CONFIG_JSON_OUT_H
#define XK_CONFIG_JSON_OUT_H

#include <jansson.h>

#include "config/domain_config.h"

/* The config as `xl create -n` prints it, as a tree; NULL on ENOMEM. */
json_t *xk__config_json(const xk_domain_config *cfg);

/* The text of root as yajl's beautifier prints it; malloc'd, NULL on ENOMEM. */
char *xk__json_print_yajl(json_t *root);

/* Helpers that add a field only when it differs from libxl's default, as
 * libxl's generated *_gen_json() do. They return -1 on ENOMEM. */
int xk__jset(json_t *o, const char *key, json_t *v);
int xk__jstr(json_t *o, const char *key, const char *s);       /* non-NULL */
int xk__jint(json_t *o, const char *key, long long v, long long dflt);
int xk__jbool(json_t *o, const char *key, xk_defbool b);       /* "True" */
int xk__jstrlist(json_t *o, const char *key, const struct xk_cfg_strlist *l);
int xk__jenum(json_t *o, const char *key, int v, int dflt,
              const char *const *names, int first);
json_t *xk__jvnc(const struct xk_vnc_opts *v);
json_t *xk__jsdl(const struct xk_sdl_opts *s);

/* A carried list option as libxl's JSON array ("pcidevs", "ioports"...),
 * NULL when not set (carried_specs.c). */
json_t *xk__carried_json(const struct xk_domain_config *c, const char *jkey);
/* The first value of a carried option, or NULL. */
const char *xk__carried_str(const struct xk_domain_config *c,
                            const char *key);

/* The device arrays: disks, nics, vfbs and vkbs, channels. */
int xk__json_devices(json_t *root, const struct xk_domain_config *c);

#endif

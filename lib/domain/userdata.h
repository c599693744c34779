/*
 * userdata.h: where libxl keeps a domain's configuration, shared by the
 * writer (userdata.c) and the reader behind `xl list -l` (running_config.c).
 */
#ifndef XK_DOMAIN_USERDATA_H
#define XK_DOMAIN_USERDATA_H

#include <stddef.h>
#include <stdint.h>

#ifndef XK__USERDATA_DIR
#define XK__USERDATA_DIR "/var/lib/xen"
#endif

/* DIR/userdata-d.DOMID.UUID.libxl-json into buf. */
void xk__userdata_path(char *buf, size_t size, uint32_t domid,
                       const uint8_t uuid[16]);

#endif

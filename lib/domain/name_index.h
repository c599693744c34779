/*
 * name_index.h: xenkit's index of the names of the domains it creates, so
 * that a create checks its name in a constant number of xenstore requests
 * instead of reading every domain's name (name_index.c says how).
 */
#ifndef XK_DOMAIN_NAME_INDEX_H
#define XK_DOMAIN_NAME_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* /xenkit/indexed/DOMID-UUID8: the domain's name is indexed. */
#define XK__INDEXED_DIR "/xenkit/indexed"
/* /xenkit/names/HEX = "DOMID": the domain that took the name (a hint:
 * checked against the domain's own name node). */
#define XK__NAMES_DIR "/xenkit/names"

/* The claim node of name into buf; false when the name is too long to
 * have one (such a domain is not indexed). */
bool xk__name_claim_path(const char *name, char *buf, size_t size);

/* The index entry of a domain (its id and the first 8 hex digits of its
 * UUID, so a recycled id is not mistaken for it), without the directory. */
void xk__indexed_entry(uint32_t domid, const uint8_t uuid[16], char *buf,
                       size_t size);

/* Parses an entry; false if it is not one. */
bool xk__indexed_parse(const char *ent, uint32_t *domid_r, char uuid8[9]);

/* The entry path of the domain whose /vm path is vm ("/vm/UUID"), into
 * buf; false when vm does not hold a UUID. */
bool xk__indexed_path_from_vm(uint32_t domid, const char *vm, char *buf,
                              size_t size);

#endif

/*
 * name_index.c: xenkit's index of domain names.
 *
 * Reading every domain's name made each create cost a xenstore request
 * per running domain (the growth bench/run measures). Instead, the
 * transaction that gives a domain its name also writes
 *   /xenkit/names/HEX(NAME) = "DOMID"        who took the name, and
 *   /xenkit/indexed/DOMID-UUID8 = ""         this domain's name is indexed,
 * and a create then reads: the list of indexed domains (one request), the
 * name's claim (one), the claimed domain's name (one, to confirm it), and
 * the names of the domains that are not indexed: dom0 and those of other
 * toolstacks. Claims are never trusted alone, so stale ones (a domain
 * destroyed or renamed since) do no harm; an entry counts only while a
 * running domain has that id and UUID, and creates remove dead ones.
 * Not seen: a domain xenkit indexed and another toolstack then renamed
 * (its new name is not read). xenkit's own rename writes the new claim.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/create.h"
#include "domain/name_index.h"

bool xk__name_claim_path(const char *name, char *buf, size_t size)
{
    size_t len = strlen(name);
    size_t dir = sizeof(XK__NAMES_DIR "/") - 1;
    /* xenstored refuses paths over 3072 bytes, and an empty name has no
     * claim (it is not unique). */
    if (len == 0 || dir + 2 * len + 1 > size || dir + 2 * len > 3000)
        return false;
    memcpy(buf, XK__NAMES_DIR "/", dir);
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        buf[dir + 2 * i] = hex[c >> 4];
        buf[dir + 2 * i + 1] = hex[c & 15];
    }
    buf[dir + 2 * len] = '\0';
    return true;
}

void xk__indexed_entry(uint32_t domid, const uint8_t uuid[16], char *buf,
                       size_t size)
{
    char u[XK__UUID_STRLEN];
    xk__uuid_format(uuid, u);
    snprintf(buf, size, "%u-%.8s", domid, u);
}

bool xk__indexed_parse(const char *ent, uint32_t *domid_r, char uuid8[9])
{
    char *end;
    unsigned long id = strtoul(ent, &end, 10);
    if (end == ent || *end != '-' || id >= 0x7FF0 || strlen(end + 1) != 8)
        return false;
    *domid_r = (uint32_t)id;
    memcpy(uuid8, end + 1, 9);
    return true;
}

bool xk__indexed_path_from_vm(uint32_t domid, const char *vm, char *buf,
                              size_t size)
{
    uint8_t uuid[16];
    if (strncmp(vm, "/vm/", 4) != 0 || xk__uuid_parse(vm + 4, uuid) != 0)
        return false;
    char ent[32];
    xk__indexed_entry(domid, uuid, ent, sizeof(ent));
    snprintf(buf, size, XK__INDEXED_DIR "/%s", ent);
    return true;
}

/*
 * daemon.c: which xenstored serves the socket, from its answer to
 * XS_CONTROL "help" (daemon.h says why it matters and why so).
 */
#include <string.h>

#include "store/daemon.h"

bool xk__store_answer_is_oxenstored(const struct xk__pipe_reply *r)
{
    /* The payload ("OK" and its NUL) as pipe.c keeps it, NUL-ended. */
    return r->err == 0 && r->data && strcmp(r->data, "OK") == 0;
}

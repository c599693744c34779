/*
 * daemon.h: which xenstored serves the socket. Debian's /etc/init.d/xen
 * starts oxenstored when it is installed (xen-utils-4.17 installs it) and
 * the C xenstored otherwise, and the two differ in what costs them: the C
 * one visits every connection on every write, which staging a batch's
 * permissions spares it (store/fan_batch.c); oxenstored finds the watches
 * a write fires by path, so there staging only adds requests.
 *
 * Asking costs a request that can go beside others: XS_CONTROL "help"
 * (XS_DEBUG to oxenstored) gets the C xenstored's list of its commands,
 * and oxenstored's bare acknowledgement, "OK", as for any command it does
 * not know. Its socket does not say: oxenstored listens before it
 * daemonizes, so the listener's pid is gone.
 */
#ifndef XK_STORE_DAEMON_H
#define XK_STORE_DAEMON_H

#include <stdbool.h>

#include "store/pipe.h"

/* The XS_CONTROL payload to send (with its NUL). */
#define XK__DAEMON_ASK "help"

/* Whether the reply to XK__DAEMON_ASK came from oxenstored. */
bool xk__store_answer_is_oxenstored(const struct xk__pipe_reply *r);

#endif

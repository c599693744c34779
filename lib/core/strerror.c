/* strerror.c: short descriptions of the XK_E* codes. */
#include "xenkit.h"

const char *xk_strerror(int code)
{
    switch (code) {
    case XK_OK:           return "success";
    case XK_EINVAL:       return "invalid argument";
    case XK_ENOMEM:       return "out of memory";
    case XK_ENOENT:       return "not found";
    case XK_EEXIST:       return "already exists";
    case XK_EXEN:         return "hypervisor error";
    case XK_ESTORE:       return "xenstore error";
    case XK_ECONFIG:      return "invalid configuration";
    case XK_EUNSUPPORTED: return "not supported yet";
    case XK_ETIMEDOUT:    return "timed out";
    case XK_EIO:          return "I/O error";
    case XK_EBUSY:        return "busy";
    case XK_EPERM:        return "permission denied";
    case XK_EGUEST:       return "unexpected guest behaviour";
    default:              return "unknown error";
    }
}

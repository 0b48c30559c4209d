/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Names of enum vc_status for logs. */
#include "util/status.h"

const char *vc_status_name(enum vc_status st)
{
    switch (st) {
    case VC_OK:
        return "ok";
    case VC_ERR_NOMEM:
        return "nomem";
    case VC_ERR_INVALID:
        return "invalid";
    case VC_ERR_NOT_FOUND:
        return "not_found";
    case VC_ERR_CONFLICT:
        return "conflict";
    case VC_ERR_EXPIRED:
        return "expired";
    case VC_ERR_LIMIT:
        return "limit";
    case VC_ERR_DENIED:
        return "denied";
    case VC_ERR_STORE:
        return "store";
    case VC_ERR_IO:
        return "io";
    case VC_ERR_INTERNAL:
        return "internal";
    }
    return "unknown";
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The one status type of varco (STYLE.md §3). Functions that can fail return
 * it; user mistakes are reported as VC_ERR_INVALID plus a struct form_errors. */
#ifndef VARCO_UTIL_STATUS_H
#define VARCO_UTIL_STATUS_H

enum vc_status {
    VC_OK = 0,
    VC_ERR_NOMEM,     /* a library reported out of memory */
    VC_ERR_INVALID,   /* bad input (details in struct form_errors where there is a form) */
    VC_ERR_NOT_FOUND, /* no such row / object */
    VC_ERR_CONFLICT,  /* unique key already taken */
    VC_ERR_EXPIRED,   /* code, link or session past its expiry */
    VC_ERR_LIMIT,     /* attempts or rate exhausted */
    VC_ERR_DENIED,    /* not allowed (wrong credentials, wrong state, wrong level) */
    VC_ERR_STORE,     /* the database failed */
    VC_ERR_IO,        /* a file or socket failed */
    VC_ERR_INTERNAL,  /* a bug or an impossible state */
};

/* Stable lower-case name for logs: "ok", "nomem", "invalid", ... Never NULL. */
const char *vc_status_name(enum vc_status st);

/* Defensive checks in the manner of SQLite: assert in debug builds, evaluate
 * normally in release (NDEBUG). Use for "cannot happen if our code is right". */
#include <assert.h>
#ifdef NDEBUG
#define VC_ALWAYS(x) (x)
#define VC_NEVER(x) (x)
#else
#define VC_ALWAYS(x) ((x) ? 1 : (assert(0 && #x), 0))
#define VC_NEVER(x) ((x) ? (assert(0 && #x), 1) : 0)
#endif

#endif

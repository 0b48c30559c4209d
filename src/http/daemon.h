/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The libmicrohttpd daemon flags and per-connection limits varco serves
 * with, and the security headers of every response, in one place so that
 * bench/bare.c (the HTTP limit `make bench` measures varco against) runs with
 * exactly the same ones and can send the same headers. Only libmicrohttpd's
 * header is needed here. */
#ifndef VARCO_HTTP_DAEMON_H
#define VARCO_HTTP_DAEMON_H
#include <microhttpd.h>

/* A thread pool, each thread polling its own connections with epoll;
 * connections may be suspended while a password hashes (http_defer). */
#define HTTP_DAEMON_FLAGS                                                                          \
    (MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL_LINUX_ONLY | MHD_USE_ERROR_LOG |              \
     MHD_ALLOW_SUSPEND_RESUME)
#define HTTP_CONNECTION_TIMEOUT_SECONDS 30 /* idle keep-alive connections are closed after it */
#define HTTP_CONNECTION_MEMORY (32 * 1024) /* request line + headers + response headers */
#define HTTP_CONNECTION_LIMIT 4000         /* file descriptors are the bound, not memory */
/* The nice value of the password-hashing workers: the lowest, so that a
 * request thread that wakes takes a core from a hash at once (CFS weight 15
 * against 1024) while the hashes still get every idle cycle. */
#define HTTP_POOL_NICE 19

/* The content security policy; a page may widen its image sources
 * (http_resp_csp_images), a response may set its own. */
#define HTTP_CSP_IMG "default-src 'self'; img-src 'self' data:"
#define HTTP_CSP_REST                                                                              \
    "; style-src 'self'; script-src 'self'; font-src 'self'; object-src 'none'; "                  \
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
#define HTTP_CSP HTTP_CSP_IMG HTTP_CSP_REST
/* The headers no response goes without, X(name, value) each. */
#define HTTP_FIXED_HEADERS(X)                                                                      \
    X("X-Content-Type-Options", "nosniff")                                                         \
    X("Referrer-Policy", "no-referrer")                                                            \
    X("Cross-Origin-Opener-Policy", "same-origin")                                                 \
    X("Permissions-Policy", "camera=(), microphone=(), geolocation=()")

#endif

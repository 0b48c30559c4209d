/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The libmicrohttpd daemon flags and per-connection limits varco serves
 * with, in one place so that bench/bare.c (the HTTP limit `make bench`
 * measures varco against) runs with exactly the same ones. Only
 * libmicrohttpd's header is needed here. */
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

#endif

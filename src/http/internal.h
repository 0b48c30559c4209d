/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* What the files of http/ share; nothing outside http/ includes this but
 * the unit tests of http/. */
#ifndef VARCO_HTTP_INTERNAL_H
#define VARCO_HTTP_INTERNAL_H
#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/types.h>
#include <time.h>

#include "crypto/token.h"
#include "http/http.h"
#include "http/router.h"

#define RL_SLOTS 4096

struct rl_slot {
    char key[80]; /* bucket + address */
    double tokens;
    int64_t at_ms;
};

/* The worker pool for deferred work (http_defer). */
struct work_pool {
    pthread_t threads[16];
    unsigned n_threads;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct http_conn *head, *tail; /* queue */
    bool stop;
};

/* static.c: the files of /static/ kept in memory (see the top of static.c). */
#define STATIC_FILE_MAX (1 << 20)           /* larger files are sent from the disk */
#define STATIC_CACHE_MAX (16 * 1024 * 1024) /* bytes kept in all */
#define STATIC_RECHECK_MS 1000              /* how stale a cached file may be */
#define STATIC_SLOTS 512                    /* names remembered: at most half of it */

struct static_file {
    atomic_int refs;           /* the cache's, plus one per request until queued */
    struct MHD_Response *resp; /* body and headers; owns the body */
    const char *data;          /* the body (len bytes), valid while a reference is held */
    size_t len;
    dev_t dev; /* what the file was when read */
    ino_t ino;
    off_t size;
    struct timespec mtime;
};

struct static_slot {
    char *rest;               /* the name under static/, NULL: free slot */
    struct static_file *file; /* NULL: not cached (gone, too large) */
    int64_t checked_ms;       /* last compared with the disk */
};

struct static_cache {
    pthread_mutex_t lock; /* guards slots, n, bytes (not the files' contents) */
    const char *dir;
    bool hsts;
    struct static_slot slots[STATIC_SLOTS];
    size_t n;     /* slots in use */
    size_t bytes; /* sum of the cached files' lengths */
};

/* dir must outlive c; hsts: the responses carry Strict-Transport-Security. */
void static_cache_init(struct static_cache *c, const char *dir, bool hsts);
void static_cache_fini(struct static_cache *c);
/* The file dir/rest (rest already checked to be a plain name) with its
 * response, from memory when it is there and was compared with the disk less
 * than STATIC_RECHECK_MS before now_ms (a monotonic clock), else read again.
 * VC_OK: *out is a reference, to give back with static_file_release once the
 * response is queued. VC_ERR_NOT_FOUND: no such regular file; VC_ERR_LIMIT:
 * too large for the cache (send it from the disk). Thread-safe. */
enum vc_status static_cache_get(struct static_cache *c, const char *rest, const char *type,
                                int64_t now_ms, struct static_file **out);
void static_file_release(struct static_file *f); /* NULL is a no-op */

/* body.c: response bodies in buffers of HTTP_BODY_CAP bytes, which the
 * thread that sent one reuses for its next responses. http_body_start
 * gives b such a buffer; http_body_response hands b's data to a response
 * (NULL if none could be made: the data is freed), leaving b empty;
 * http_body_end gives back a body that was never sent. */
#define HTTP_BODY_CAP (16 * 1024) /* a page of varco is 4 to 8 KB */
void http_body_start(struct buf *b);
struct MHD_Response *http_body_response(struct buf *b);
void http_body_end(struct buf *b);

struct http_server {
    struct http_server_config cfg;
    struct token_mac csrf_mac; /* cfg.csrf_key's, keyed once (csrf.c) */
    struct router *router;     /* which route takes a request (router.h) */
    struct static_cache statics;
    /* Request ids: a random prefix drawn at start (ids of different nodes
     * and restarts do not collide) and a counter, lock-free. */
    uint64_t rid_prefix;
    _Atomic uint64_t rid_next;
    struct work_pool pool;
    struct MHD_Daemon *d;
    uint16_t port;
    pthread_mutex_t rl_lock;
    struct rl_slot rl[RL_SLOTS];
    pthread_mutex_t refusal_lock; /* guards the three below (server.c log_refusal) */
    double refusal_tokens;
    double refusal_at;
    unsigned long refusal_held;
};

/* csrf.c: the token for forms from the CSRF cookie (HMAC, hex). */
void http_csrf_token_of(const struct http_server *srv, const char *cookie, char out[65]);
/* Fills req->csrf_token, setting a fresh cookie on resp when there is none. */
void http_csrf_prepare(struct http_req *req, struct http_resp *resp);
/* True if the POST carries a valid token and an acceptable Origin. */
bool http_csrf_check(struct http_req *req);

/* ratelimit.c: true if allowed; else *retry_after seconds. */
bool http_ratelimit_take(struct http_server *srv, const char *bucket, const char *ip,
                         int *retry_after);

/* static.c: serves /static/<rest> from cfg.static_dir: a cached file to
 * queue (a reference), or NULL when resp holds the answer (a large file by
 * fd, or the 404 page through the hook). */
struct static_file *http_static(struct http_server *srv, struct http_req *req,
                                struct http_resp *resp);

/* server.c: the headers every response carries (security, caching, type);
 * hsts when TLS is in front (secure cookies). */
void http_add_headers(struct MHD_Response *r, const struct http_resp *resp, bool hsts);
/* server.c: query, cookies and language of req, parsed into its arena (the
 * static files need them only for an error page). False when the query is
 * malformed. */
bool http_request_parse_head(struct http_req *req);
#endif

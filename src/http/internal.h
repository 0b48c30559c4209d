/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* What the files of http/ share; nothing outside http/ includes this. */
#ifndef VARCO_HTTP_INTERNAL_H
#define VARCO_HTTP_INTERNAL_H
#include <microhttpd.h>
#include <pthread.h>

#include "http/http.h"

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

struct http_server {
    struct http_server_config cfg;
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

/* static.c: serves /static/<rest> from cfg.static_dir; 404 through the hook. */
void http_static(struct http_server *srv, struct http_req *req, struct http_resp *resp);
#endif

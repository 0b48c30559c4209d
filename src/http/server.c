/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* libmicrohttpd glue: a pool of threads, each request's body gathered up to
 * its route's limit, then one pass through the checks every route declares
 * (rate limit, size, parsing, authentication, CSRF, need) before the
 * handler; security headers on every response. */
#include <arpa/inet.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sodium.h>
#include <stdatomic.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "http/daemon.h"
#include "http/forwarded.h"
#include "http/internal.h"
#include "http/parse.h"
#include "util/log.h"
#include "util/str.h"
#include "util/workcount.h"
#include "util/xalloc.h"
#include "util/json_mem.h"

void http_resp_csp_images(struct http_resp *r, struct http_req *req, const char *origin)
{
    http_resp_header(r, req, "Content-Security-Policy",
                     arena_printf(req->arena, "%s %s%s", HTTP_CSP_IMG, origin, HTTP_CSP_REST));
}

struct http_conn {
    struct arena *arena;
    const struct http_route *route;
    size_t route_index; /* of route in the server's table */
    bool is_static;
    int early_status; /* 404 / 405 decided from the request line */
    size_t limit;
    bool too_big;
    struct buf body;
    /* the request while it is dispatched or deferred */
    struct MHD_Connection *mc;
    bool dispatched;
    struct http_req req;
    struct http_resp resp;
    struct static_file *file; /* a cached static file to queue (a reference) */
    http_work_fn work;        /* set by http_defer until the pool takes it */
    http_cont_fn cont;
    void *ctx;
    struct http_conn *next; /* pool queue */
    uint64_t hashes;        /* password hashes computed for this request (dev mode header) */
};

static void route_find(struct http_server *srv, struct http_conn *c, const char *method,
                       const char *path)
{
    bool get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    if (get && strncmp(path, "/static/", 8) == 0) {
        c->is_static = true;
        return;
    }
    bool path_seen = false;
    long i = router_find(srv->router, method, path, &path_seen);
    if (i < 0) {
        c->early_status = path_seen ? 405 : 404;
        return;
    }
    const struct http_route *r = &srv->cfg.routes[i];
    c->route = r;
    c->route_index = (size_t)i;
    c->limit =
        (r->flags & ROUTE_MULTIPART) ? srv->cfg.upload_max_bytes + 16 * 1024 : HTTP_FORM_BODY_MAX;
}

static void add_header(struct MHD_Response *r, const char *name, const char *value)
{
    MHD_add_response_header(r, name, value);
}

static bool has_header(const struct http_resp *resp, const char *name)
{
    for (size_t i = 0; i < resp->n_headers; i++) {
        if (strcasecmp(resp->headers[i].name, name) == 0)
            return true;
    }
    return false;
}

void http_add_headers(struct MHD_Response *r, const struct http_resp *resp, bool hsts)
{
    add_header(r, "Content-Type", resp->content_type);
    for (size_t i = 0; i < resp->n_headers; i++)
        add_header(r, resp->headers[i].name, resp->headers[i].value);
    if (!has_header(resp, "Content-Security-Policy"))
        add_header(r, "Content-Security-Policy", HTTP_CSP);
    if (!has_header(resp, "X-Frame-Options"))
        add_header(r, "X-Frame-Options", "DENY");
#define ADD_FIXED(name, value) add_header(r, name, value);
    HTTP_FIXED_HEADERS(ADD_FIXED)
#undef ADD_FIXED
    if (hsts) /* TLS in front: browsers must never fall back to http */
        add_header(r, "Strict-Transport-Security", "max-age=31536000");
    if (!has_header(resp, "Cache-Control"))
        add_header(r, "Cache-Control", resp->cacheable ? "public, max-age=3600" : "no-store");
}

static enum MHD_Result queue(const struct http_server *srv, struct MHD_Connection *mc,
                             struct http_conn *c, struct http_resp *resp)
{
    if (c->file != NULL) { /* a cached static file: its ready response */
        enum MHD_Result ret = MHD_queue_response(mc, MHD_HTTP_OK, c->file->resp);
        static_file_release(c->file);
        c->file = NULL;
        return ret;
    }
    struct MHD_Response *r;
    if (resp->fd >= 0) {
        r = MHD_create_response_from_fd64(resp->fd_size, resp->fd);
    } else {
        r = http_body_response(&resp->body);
    }
    if (r == NULL)
        return MHD_NO;
    http_add_headers(r, resp, srv->cfg.secure_cookies);
    enum MHD_Result ret = MHD_queue_response(mc, (unsigned)resp->status, r);
    MHD_destroy_response(r);
    return ret;
}

struct kv_ctx {
    struct http_req *req;
    struct http_param *out;
    size_t max;
    size_t n;
    bool bad;
};

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind, const char *key,
                                     size_t key_size, const char *value, size_t value_size)
{
    struct kv_ctx *k = cls;
    if (value == NULL) {
        value = "";
        value_size = 0;
    }
    if (k->n >= k->max || value_size > HTTP_FIELD_VALUE_MAX || !str_is_clean_utf8(key, key_size) ||
        !str_is_clean_utf8(value, value_size) || strlen(value) != value_size ||
        strlen(key) != key_size) {
        k->bad = true;
        return MHD_NO;
    }
    k->out[k->n].name = arena_strndup(k->req->arena, key, key_size);
    k->out[k->n].value = arena_strndup(k->req->arena, value, value_size);
    k->out[k->n].len = value_size;
    k->n++;
    return MHD_YES;
}

/* 32 hex digits, unique per request without a system call: the node's
 * random prefix, then the counter. Ids are in logs, audit rows and error
 * pages; nothing relies on their being unpredictable. */
static void request_id(struct http_server *srv, char out[33])
{
    uint64_t v[2] = {srv->rid_prefix, atomic_fetch_add(&srv->rid_next, 1)};
    uint8_t b[16];
    for (int i = 0; i < 8; i++) {
        b[i] = (uint8_t)(v[0] >> (56 - 8 * i));
        b[8 + i] = (uint8_t)(v[1] >> (56 - 8 * i));
    }
    str_hex(b, sizeof b, out);
}

/* Every line of one request header joined with ", " (arena), or NULL. */
struct header_join {
    struct http_req *req;
    const char *name;
    char *joined;
};

static enum MHD_Result join_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
    struct header_join *j = cls;
    if (key == NULL || value == NULL || strcasecmp(key, j->name) != 0)
        return MHD_YES;
    j->joined = j->joined == NULL ? arena_strdup(j->req->arena, value)
                                  : arena_printf(j->req->arena, "%s, %s", j->joined, value);
    return MHD_YES;
}

static const char *header_all(struct http_req *req, const char *name)
{
    struct header_join j = {.req = req, .name = name};
    MHD_get_connection_values(req->conn, MHD_HEADER_KIND, join_header, &j);
    return j.joined;
}

/* What a connection keeps across its requests: its peer's address, as
 * bytes and as text, read and formatted once when it opens. */
struct http_peer {
    struct netaddr addr;
    char text[46]; /* "?" when the address is not IP */
};

static void on_connection(void *cls, struct MHD_Connection *mc, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    (void)cls;
    if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        free(*socket_context);
        *socket_context = NULL;
        return;
    }
    struct http_peer *p = xcalloc(1, sizeof *p);
    str_copy(p->text, "?", sizeof p->text);
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(mc, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = ci != NULL ? ci->client_addr : NULL;
    if (sa != NULL && sa->sa_family == AF_INET) {
        p->addr.family = AF_INET;
        memcpy(p->addr.addr, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
    } else if (sa != NULL && sa->sa_family == AF_INET6) {
        p->addr.family = AF_INET6;
        memcpy(p->addr.addr, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, 16);
    }
    if (p->addr.family != 0)
        inet_ntop(p->addr.family, p->addr.addr, p->text, sizeof p->text);
    *socket_context = p;
}

/* The peer's address, or behind a trusted proxy the client it names. */
static void client_ip(struct http_server *srv, struct http_req *req, struct MHD_Connection *mc)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(mc, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    const struct http_peer *p = ci != NULL ? ci->socket_context : NULL;
    if (p == NULL || p->addr.family == 0) {
        str_copy(req->ip, "?", sizeof req->ip);
        return;
    }
    if (srv->cfg.n_trusted_proxies == 0) {
        str_copy(req->ip, p->text, sizeof req->ip);
        return;
    }
    http_client_address(&p->addr, p->text, header_all(req, "Forwarded"),
                        header_all(req, "X-Forwarded-For"), srv->cfg.trusted_proxies,
                        srv->cfg.n_trusted_proxies, req->ip);
}

/* Parses the body by its type; false means 400. A multipart body too large
 * to keep is parsed from its kept start (the large file is named, marked
 * too big); a file over upload_max_bytes is marked too big as well, so that
 * the handler refuses it beside its field, in the person's language. */
static bool parse_body(struct http_server *srv, struct http_req *req, struct http_conn *c)
{
    const char *ct = http_header(req, "Content-Type");
    size_t max = HTTP_FIELDS_MAX - req->n_query;
    if (c->body.len == 0)
        return true;
    req->form = arena_alloc(req->arena, max * sizeof *req->form);
    if (ct != NULL && strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0)
        return http_parse_urlencoded(req->arena, c->body.data, c->body.len, req->form, max,
                                     &req->n_form) == VC_OK;
    if (ct != NULL && strncasecmp(ct, "multipart/form-data", 19) == 0 &&
        (c->route->flags & ROUTE_MULTIPART) != 0) {
        req->files = arena_alloc(req->arena, HTTP_PARTS_MAX * sizeof *req->files);
        if (http_parse_multipart(req->arena, ct, c->body.data, c->body.len, c->too_big, req->form,
                                 max, &req->n_form, req->files, HTTP_PARTS_MAX,
                                 &req->n_files) != VC_OK)
            return false;
        for (size_t i = 0; i < req->n_files; i++) {
            struct http_file *f = &req->files[i];
            if (f->len > srv->cfg.upload_max_bytes)
                *f = (struct http_file){.field = f->field,
                                        .filename = f->filename,
                                        .content_type = f->content_type,
                                        .too_big = true};
        }
        return true;
    }
    return false;
}

/* A form with a field that is not UTF-8 text is shown again by the route's
 * form handler, which reads the valid values as if they were in the query
 * (a reset link's token, the case number); the page says which field. */
static void show_form_again(const struct http_hooks *h, const struct http_route *r,
                            struct http_req *req, struct http_resp *resp)
{
    if (r->form == NULL) {
        h->error(req, resp, 422, 0);
        return;
    }
    /* the query array holds exactly the query's fields: a new one for both */
    struct http_param *q = arena_alloc(req->arena, HTTP_FIELDS_MAX * sizeof *q);
    size_t n = 0;
    for (size_t i = 0; i < req->n_query; i++)
        q[n++] = req->query[i];
    for (size_t i = 0; i < req->n_form && n < HTTP_FIELDS_MAX; i++) {
        if (!req->form[i].invalid)
            q[n++] = req->form[i];
    }
    req->query = q;
    req->n_query = n;
    r->form(req, resp);
}

static bool need_met(const struct http_auth *a, enum http_need need)
{
    switch (need) {
    case NEED_NONE:
        return true;
    case NEED_MEMBER:
        return a->who == HTTP_MEMBER && !a->must_renew;
    case NEED_MEMBER_FULL:
        return a->who == HTTP_MEMBER && a->level >= 1 && !a->must_renew;
    case NEED_MEMBER_RENEW:
        return a->who == HTTP_MEMBER;
    case NEED_OPERATOR_PASSWORD:
        return a->who == HTTP_OPERATOR;
    case NEED_OPERATOR_MFA:
        return a->who == HTTP_OPERATOR && a->mfa_done;
    case NEED_OPERATOR:
        return a->who == HTTP_OPERATOR && a->mfa_done && !a->must_renew && !a->is_desk;
    case NEED_ADMIN:
        return a->who == HTTP_OPERATOR && a->mfa_done && !a->must_renew && a->is_admin;
    case NEED_DESK:
        return a->who == HTTP_OPERATOR && a->mfa_done && !a->must_renew && a->is_desk;
    }
    return false;
}

/* Refusals worth a line in the log (ASVS 7.1.3: access-control denials,
 * CSRF refusals, malformed requests), at most LOG_REFUSALS_BURST at once
 * and LOG_REFUSALS_PER_SECOND after, so that a flood cannot turn into a
 * flood of log lines; what was held back is counted in the next line. */
#define LOG_REFUSALS_BURST 50.0
#define LOG_REFUSALS_PER_SECOND 5.0

static void log_refusal(struct http_server *srv, const struct http_req *req, const char *what)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double now = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
    pthread_mutex_lock(&srv->refusal_lock);
    double t = srv->refusal_tokens + (now - srv->refusal_at) * LOG_REFUSALS_PER_SECOND;
    srv->refusal_tokens = t > LOG_REFUSALS_BURST ? LOG_REFUSALS_BURST : t;
    srv->refusal_at = now;
    bool emit = srv->refusal_tokens >= 1.0;
    unsigned long held = 0;
    if (emit) {
        srv->refusal_tokens -= 1.0;
        held = srv->refusal_held;
        srv->refusal_held = 0;
    } else {
        srv->refusal_held++;
    }
    pthread_mutex_unlock(&srv->refusal_lock);
    if (!emit)
        return;
    const char *who = req->auth.who == HTTP_MEMBER     ? "member"
                      : req->auth.who == HTTP_OPERATOR ? "operator"
                                                       : "anonymous";
    if (held > 0)
        log_msg(LOG_WARN, req->request_id,
                "refused: %s %s %s from %s (%s %lld); %lu more held back", what, req->method,
                req->path, req->ip, who, (long long)req->auth.id, held);
    else
        log_msg(LOG_WARN, req->request_id, "refused: %s %s %s from %s (%s %lld)", what, req->method,
                req->path, req->ip, who, (long long)req->auth.id);
}

bool http_request_parse_head(struct http_req *req)
{
    struct kv_ctx k = {.req = req, .max = HTTP_FIELDS_MAX};
    /* counted first: most requests have no query, and none has many */
    int n = MHD_get_connection_values_n(req->conn, MHD_GET_ARGUMENT_KIND, NULL, NULL);
    if (n > 0) {
        k.max = (size_t)n < HTTP_FIELDS_MAX ? (size_t)n : HTTP_FIELDS_MAX;
        k.out = arena_alloc(req->arena, k.max * sizeof *k.out);
        MHD_get_connection_values_n(req->conn, MHD_GET_ARGUMENT_KIND, collect_query, &k);
        k.bad = k.bad || (size_t)n > HTTP_FIELDS_MAX;
    }
    req->query = k.out;
    req->n_query = k.n;
    req->cookies = arena_alloc(req->arena, HTTP_COOKIES_MAX * sizeof *req->cookies);
    req->n_cookies =
        http_parse_cookies(req->arena, http_header(req, "Cookie"), req->cookies, HTTP_COOKIES_MAX);
    const char *lc = http_cookie(req, "varco_lang");
    req->lang = lc != NULL && (strcmp(lc, "it") == 0 || strcmp(lc, "en") == 0)
                    ? lc
                    : http_negotiate_lang(http_header(req, "Accept-Language"));
    return !k.bad;
}

static void dispatch(struct http_server *srv, struct http_req *req, struct http_resp *resp,
                     struct http_conn *c)
{
    const struct http_hooks *h = &srv->cfg.hooks;
    if (c->is_static) { /* no cookies, language or CSRF token: a file is a file */
        req->path_rest = req->path + 8;
        c->file = http_static(srv, req, resp);
        return;
    }
    bool query_ok = http_request_parse_head(req);
    if (c->route == NULL || (c->route->flags & ROUTE_NO_CSRF) == 0)
        http_csrf_prepare(req, resp); /* a program's call gets no cookie */
    if (!query_ok) {
        log_refusal(srv, req, "malformed query");
        h->error(req, resp, 400, 0);
        return;
    }
    if (c->early_status != 0) {
        h->error(req, resp, c->early_status, 0);
        return;
    }
    const struct http_route *r = c->route;
    int retry = 0;
    if (r->bucket != NULL && strcmp(req->method, "POST") == 0 &&
        !http_ratelimit_take(srv, r->bucket, req->ip, &retry)) {
        char v[16];
        snprintf(v, sizeof v, "%d", retry);
        http_resp_header(resp, req, "Retry-After", v);
        h->error(req, resp, 429, retry);
        return;
    }
    bool multipart = (r->flags & ROUTE_MULTIPART) != 0;
    if (c->too_big && !multipart) {
        h->error(req, resp, 413, 0);
        return;
    }
    if (!parse_body(srv, req, c)) {
        log_refusal(srv, req, "malformed body");
        h->error(req, resp, 400, 0);
        return;
    }
    req->path_rest = router_rest(srv->router, c->route_index, req->path);
    h->authenticate(req);
    if (strcmp(req->method, "POST") == 0 && (r->flags & ROUTE_NO_CSRF) == 0 &&
        !http_csrf_check(req)) {
        log_refusal(srv, req, "CSRF check");
        h->error(req, resp, 403, 0);
        return;
    }
    if (!need_met(&req->auth, r->need)) {
        /* someone signed in reaching past their rights, or a POST without
         * them; an anonymous GET is sent to a login page unremarked */
        if (req->auth.who != HTTP_ANON || strcmp(req->method, "POST") == 0)
            log_refusal(srv, req, "access");
        h->deny(req, resp, r->need);
        return;
    }
    if (http_form_has_invalid(req)) {
        show_form_again(h, r, req, resp);
        return;
    }
    r->handler(req, resp);
}

void http_defer(struct http_req *req, http_work_fn work, http_cont_fn cont, void *ctx)
{
    struct http_conn *c = req->priv;
    c->work = work;
    c->cont = cont;
    c->ctx = ctx;
}

/* A request's deferred work, its password hashes counted to the request. */
static void run_work(struct http_conn *c)
{
    uint64_t w0 = workcount_hashes();
    c->work(c->ctx);
    c->hashes += workcount_hashes() - w0;
}

static void *pool_main(void *arg)
{
    struct work_pool *p = arg;
    /* Below the request threads: a cheap request preempts a hash (Linux
     * gives each thread its own nice value). Not SCHED_IDLE: under a
     * steady stream of pages it starves the hashes outright, logins pile
     * up in flight and their reservations (core/throttle.h) refuse the
     * right password (login_concurrency.test.js); nice 19 still gives
     * them a share. */
    if (setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), HTTP_POOL_NICE) != 0)
        log_warn("http: cannot lower the worker pool's priority");
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (p->head == NULL && !p->stop)
            pthread_cond_wait(&p->cond, &p->lock);
        struct http_conn *c = p->head;
        if (c == NULL)
            break; /* stopping and drained */
        p->head = c->next;
        if (p->head == NULL)
            p->tail = NULL;
        pthread_mutex_unlock(&p->lock);
        run_work(c);
        MHD_resume_connection(c->mc);
        pthread_mutex_lock(&p->lock);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

static void pool_submit(struct work_pool *p, struct http_conn *c)
{
    pthread_mutex_lock(&p->lock);
    if (p->stop) { /* shutting down: do it here */
        pthread_mutex_unlock(&p->lock);
        run_work(c);
        MHD_resume_connection(c->mc);
        return;
    }
    c->next = NULL;
    if (p->tail != NULL)
        p->tail->next = c;
    else
        p->head = c;
    p->tail = c;
    pthread_cond_signal(&p->cond);
    pthread_mutex_unlock(&p->lock);
}

/* Each request's state and arena. The memory of a finished request is kept
 * for the next request on the same thread (one spare per thread: requests
 * on a thread run one at a time), which saves a few allocations and the
 * zeroing of fresh pages per request. The key's destructor frees the spare
 * when the thread ends. */
static pthread_key_t spare_key;
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;

static void conn_destroy(void *p)
{
    struct http_conn *c = p;
    arena_free(c->arena);
    free(c);
}

static void spare_init(void)
{
    if (pthread_key_create(&spare_key, conn_destroy) != 0)
        abort();
}

static struct http_conn *conn_new(void)
{
    pthread_once(&spare_once, spare_init);
    struct http_conn *c = pthread_getspecific(spare_key);
    if (c == NULL) {
        c = xcalloc(1, sizeof *c);
        c->arena = arena_new();
        return c;
    }
    pthread_setspecific(spare_key, NULL);
    struct arena *a = c->arena;
    memset(c, 0, sizeof *c);
    c->arena = a;
    return c;
}

static void conn_free(struct http_conn *c)
{
    if (c->dispatched)
        http_body_end(&c->resp.body);
    buf_fini(&c->body);
    static_file_release(c->file);
    if (pthread_getspecific(spare_key) == NULL) {
        arena_reset(c->arena);
        if (pthread_setspecific(spare_key, c) == 0)
            return;
    }
    conn_destroy(c);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *mc, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    struct http_server *srv = cls;
    struct http_conn *c = *con_cls;
    if (c == NULL) {
        c = conn_new();
        buf_init(&c->body);
        if (strlen(url) > HTTP_PATH_MAX)
            c->early_status = 404;
        else
            route_find(srv, c, method, url);
        *con_cls = c;
        return MHD_YES;
    }
    if (*upload_size > 0) {
        if (c->route == NULL) {
            /* nothing will read it */
        } else if (c->body.len + *upload_size > c->limit) {
            /* keep what fits: a multipart form's fields before its large
             * file (the CSRF token, the case number) are still read */
            buf_append(&c->body, upload, c->limit - c->body.len);
            c->too_big = true;
        } else {
            buf_append(&c->body, upload, *upload_size);
        }
        *upload_size = 0;
        return MHD_YES;
    }
    struct http_req *req = &c->req;
    struct http_resp *resp = &c->resp;
    json_mem_scope(c->arena); /* the handlers' JSON lives in the request's arena */
    if (!c->dispatched) {
        c->dispatched = true;
        c->mc = mc;
        *req = (struct http_req){
            .method = method,
            .path = url,
            .path_rest = "",
            .arena = c->arena,
            .app = srv->cfg.app,
            .conn = mc,
            .srv = srv,
            .lang = "it",
            .priv = c,
        };
        client_ip(srv, req, mc);
        request_id(srv, req->request_id);
        *resp =
            (struct http_resp){.status = 200, .content_type = "text/html; charset=utf-8", .fd = -1};
        http_body_start(&resp->body);
        uint64_t w0 = workcount_hashes();
        dispatch(srv, req, resp, c);
        c->hashes += workcount_hashes() - w0;
        if (!c->is_static && srv->cfg.hooks.finish != NULL)
            srv->cfg.hooks.finish(req);
        if (c->work != NULL) {
            json_mem_scope(NULL);
            MHD_suspend_connection(mc);
            pool_submit(&srv->pool, c);
            return MHD_YES;
        }
    } else if (c->cont != NULL) { /* resumed after deferred work */
        http_cont_fn cont = c->cont;
        c->work = NULL;
        c->cont = NULL;
        uint64_t w0 = workcount_hashes();
        cont(req, resp, c->ctx);
        c->hashes += workcount_hashes() - w0;
    }
    if (srv->cfg.report_work) {
        char n[24];
        snprintf(n, sizeof n, "%llu", (unsigned long long)c->hashes);
        http_resp_header(resp, req, "X-Varco-Password-Hashes", n);
    }
    if (resp->status >= 500)
        log_msg(LOG_WARN, req->request_id, "%s %s -> %d", method, url, resp->status);
    enum MHD_Result ret = queue(srv, mc, c, resp);
    http_body_end(&resp->body);
    json_mem_scope(NULL);
    (void)version;
    return ret;
}

static void on_completed(void *cls, struct MHD_Connection *mc, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct http_conn *c = *con_cls;
    if (c == NULL)
        return;
    conn_free(c);
    *con_cls = NULL;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    char line[512];
    vsnprintf(line, sizeof line, fmt, ap);
    size_t n = strlen(line);
    while (n > 0 && line[n - 1] == '\n')
        line[--n] = '\0';
    log_msg(LOG_WARN, NULL, "http: %s", line);
}

enum vc_status http_server_start(const struct http_server_config *cfg, struct http_server **out)
{
    struct http_server *srv = xcalloc(1, sizeof *srv);
    srv->cfg = *cfg;
    token_mac_init(&srv->csrf_mac, cfg->csrf_key);
    srv->router = router_new(cfg->routes, cfg->n_routes);
    randombytes_buf(&srv->rid_prefix, sizeof srv->rid_prefix);
    static_cache_init(&srv->statics, cfg->static_dir, cfg->secure_cookies);
    pthread_mutex_init(&srv->rl_lock, NULL);
    pthread_mutex_init(&srv->refusal_lock, NULL);
    srv->refusal_tokens = LOG_REFUSALS_BURST;
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(cfg->port)};
    if (inet_pton(AF_INET, cfg->host, &sa.sin_addr) != 1) {
        log_error("http: listen address '%s' is not an IPv4 address", cfg->host);
        static_cache_fini(&srv->statics);
        pthread_mutex_destroy(&srv->rl_lock);
        pthread_mutex_destroy(&srv->refusal_lock);
        router_free(srv->router);
        token_mac_wipe(&srv->csrf_mac);
        free(srv);
        return VC_ERR_INVALID;
    }
    unsigned threads = cfg->threads ? cfg->threads : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
    if (threads == 0 || threads > 64)
        threads = 2;
    srv->d = MHD_start_daemon(
        HTTP_DAEMON_FLAGS, 0, NULL, NULL, on_request, srv, MHD_OPTION_EXTERNAL_LOGGER, mhd_log,
        NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_NOTIFY_CONNECTION, on_connection,
        NULL, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)HTTP_CONNECTION_TIMEOUT_SECONDS,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_CONNECTION_MEMORY,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)HTTP_CONNECTION_LIMIT,
        MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1, MHD_OPTION_END);
    if (srv->d == NULL) {
        static_cache_fini(&srv->statics);
        pthread_mutex_destroy(&srv->rl_lock);
        pthread_mutex_destroy(&srv->refusal_lock);
        router_free(srv->router);
        token_mac_wipe(&srv->csrf_mac);
        free(srv);
        return VC_ERR_IO;
    }
    struct work_pool *p = &srv->pool;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->cond, NULL);
    p->n_threads = threads < 16 ? threads : 16;
    for (unsigned i = 0; i < p->n_threads; i++)
        pthread_create(&p->threads[i], NULL, pool_main, p);
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(srv->d, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = di != NULL ? di->port : cfg->port;
    *out = srv;
    return VC_OK;
}

uint16_t http_server_port(const struct http_server *srv)
{
    return srv->port;
}

void http_server_stop(struct http_server *srv)
{
    if (srv == NULL)
        return;
    /* Drain the pool first: suspended connections are resumed before the
     * daemon stops, as libmicrohttpd requires. */
    struct work_pool *p = &srv->pool;
    pthread_mutex_lock(&p->lock);
    p->stop = true;
    pthread_cond_broadcast(&p->cond);
    pthread_mutex_unlock(&p->lock);
    for (unsigned i = 0; i < p->n_threads; i++)
        pthread_join(p->threads[i], NULL);
    MHD_stop_daemon(srv->d);
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->cond);
    static_cache_fini(&srv->statics);
    pthread_mutex_destroy(&srv->rl_lock);
    pthread_mutex_destroy(&srv->refusal_lock);
    router_free(srv->router);
    token_mac_wipe(&srv->csrf_mac);
    free(srv);
}

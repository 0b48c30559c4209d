/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The HTTP layer's contract with handlers (web/, backoffice/, later oidc/):
 * a parsed, bounded request, a response to fill, and a static route table
 * whose entries carry the auth need, CSRF and rate-limit bucket, enforced
 * centrally (redis's command flags). libmicrohttpd stays inside http/.
 * No domain code here: sessions are looked up through a hook the
 * application provides.
 *
 * Memory: everything a request points to lives in req->arena and dies when
 * the response is queued. Handlers run on libmicrohttpd's pool threads;
 * they must be reentrant. */
#ifndef VARCO_HTTP_HTTP_H
#define VARCO_HTTP_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/netaddr.h"
#include "util/status.h"

/* Limits, with the reason beside each (STYLE.md §2 "Bounded input"). */
#define HTTP_FORM_BODY_MAX (64 * 1024) /* urlencoded forms: the largest has a few fields */
#define HTTP_FIELDS_MAX 64             /* query + form fields per request */
#define HTTP_FIELD_VALUE_MAX 4096      /* longest text field is rejection reasons (512) */
#define HTTP_PARTS_MAX 16              /* multipart parts: a file and a few fields */
#define HTTP_COOKIES_MAX 32
#define HTTP_COOKIE_HEADER_MAX 8192
#define HTTP_PATH_MAX 1024

struct http_param {
    const char *name;
    const char *value; /* NUL-terminated (NULs inside are refused by the parser) */
    size_t len;
    bool invalid; /* a form value that was not UTF-8 text (or held a NUL): value is "" */
};

struct http_file {
    const char *field;        /* form field name */
    const char *filename;     /* as sent by the browser, for display only; "" */
    const char *content_type; /* as sent; never trusted (sniff the bytes) */
    const uint8_t *data;      /* NULL when too_big */
    size_t len;               /* 0 when too_big */
    bool too_big;             /* over upload_max_bytes: refused, its bytes dropped */
};

/* Who the hook found behind the session cookie. */
enum http_principal { HTTP_ANON, HTTP_MEMBER, HTTP_OPERATOR };

struct http_auth {
    enum http_principal who;
    int64_t id;             /* account id or operator id */
    int level;              /* member: enum account_level */
    bool mfa_done;          /* operator: second factor verified */
    bool must_renew;        /* a credential must be changed before anything else */
    const char *renew_path; /* member: where must_renew sends (a static path), else NULL */
    bool is_admin;          /* operator: the administrator role */
    bool is_desk;           /* operator: the desk of one office (no back-office page) */
    const char *token;      /* the session cookie value (arena); NULL when anonymous */
    /* Set by authenticate when the session's row wants a write after the
     * request (the finish hook does it): the cookie value (arena), or NULL. */
    const char *touch_token;
    /* Member: the session acts for someone else (the application's notion,
     * opaque here): its id, 0 for the person themselves; the text pages show
     * of whom (arena, NULL when not acting); and whether acting stopped at
     * this request (the finish hook then clears it on the session). */
    int64_t acting_for;
    const char *acting_label;
    bool acting_stopped;
};

struct http_req {
    const char *method;    /* "GET", "POST", "HEAD" */
    const char *path;      /* decoded, without the query */
    const char *path_rest; /* for prefix routes: what follows the prefix; "" */
    struct http_param *query;
    size_t n_query;
    struct http_param *form; /* urlencoded body or multipart text parts */
    size_t n_form;
    struct http_file *files;
    size_t n_files;
    struct http_param *cookies;
    size_t n_cookies;
    const char *lang; /* negotiated: "it" or "en" */
    char ip[46];
    char request_id[33];
    struct http_auth auth;
    struct arena *arena;
    void *app;                     /* the application context given to the server */
    void *conn;                    /* libmicrohttpd connection: for http_header only */
    const char *csrf_token;        /* the token to put in forms (hidden field "csrf") */
    const struct http_server *srv; /* the server (cookie settings, CSRF key) */
    struct http_conn *priv;        /* the server's state of this request */
    int64_t retry_after;           /* seconds a throttled request must wait (set by core via env) */
};

struct http_header_kv {
    const char *name;
    const char *value;
};

struct http_resp {
    int status;               /* 200 unless set */
    const char *content_type; /* "text/html; charset=utf-8" unless set */
    struct buf body;
    struct http_header_kv headers[24];
    size_t n_headers;
    bool cacheable; /* false: Cache-Control: no-store (dynamic pages) */
    int fd;         /* >= 0: send this file instead of body (static files) */
    uint64_t fd_size;
};

/* Lookups: NULL when absent. */
const char *http_query(const struct http_req *req, const char *name);
const char *http_form(const struct http_req *req, const char *name);
/* True when some field of the body was not UTF-8 text (http_param.invalid):
 * the request is being answered by its route's form handler. */
bool http_form_has_invalid(const struct http_req *req);
const struct http_file *http_file(const struct http_req *req, const char *name);
const char *http_cookie(const struct http_req *req, const char *name);
const char *http_header(const struct http_req *req, const char *name);

/* Response helpers. Strings are copied into the request arena. */
void http_resp_set(struct http_resp *r, int status, const char *content_type, const void *data,
                   size_t len);
void http_resp_redirect(struct http_resp *r, const char *location); /* 303 See Other */
/* The page's Content-Security-Policy with images also from origin
 * ("https://tile.example.org": the offices' map tiles); origin is trusted
 * configuration (util/config.c checks it). */
void http_resp_csp_images(struct http_resp *r, struct http_req *req, const char *origin);
void http_resp_header(struct http_resp *r, struct http_req *req, const char *name,
                      const char *value);
enum { HTTP_COOKIE_HTTPONLY = 1 };
/* Sets a cookie with Path=/, SameSite=Lax, and Secure when the server runs
 * with secure cookies. max_age < 0: session cookie; 0: delete. */
void http_resp_cookie(struct http_resp *r, struct http_req *req, const char *name,
                      const char *value, int64_t max_age, unsigned flags);
/* The real cookie name: "__Host-" + base when secure cookies are on, else base. */
const char *http_cookie_name(const struct http_req *req, const char *base);
/* A fresh CSRF cookie and token (at login and logout): updates req->csrf_token. */
void http_csrf_rotate(struct http_req *req, struct http_resp *resp);

typedef void (*http_handler)(struct http_req *req, struct http_resp *resp);

/* Slow work (password hashing) runs off the request threads, so that cheap
 * requests never queue behind it: a handler calls http_defer() and returns
 * without a response; the connection is suspended (libmicrohttpd), work(ctx)
 * runs on the server's worker pool (a thread per core), then cont(req, resp,
 * ctx) runs on a request thread and its response is sent. work must not
 * touch req or resp; ctx lives in the request arena. */
typedef void (*http_work_fn)(void *ctx);
typedef void (*http_cont_fn)(struct http_req *req, struct http_resp *resp, void *ctx);
void http_defer(struct http_req *req, http_work_fn work, http_cont_fn cont, void *ctx);

enum http_need {
    NEED_NONE,              /* anyone */
    NEED_MEMBER,            /* a member session at any level, owing no credential */
    NEED_MEMBER_FULL,       /* a member session at level full or above, owing none */
    NEED_MEMBER_RENEW,      /* a member session, maybe owing a credential: the page renewing it */
    NEED_OPERATOR_PASSWORD, /* an operator past the password, second factor pending */
    NEED_OPERATOR_MFA,      /* past the second factor, maybe owing a new password */
    NEED_OPERATOR,          /* past the second factor, no credential to renew; the back office */
    NEED_ADMIN,             /* NEED_OPERATOR with the administrator role */
    NEED_DESK,              /* past the second factor, no credential to renew; a desk's operator */
};

enum {
    ROUTE_NO_CSRF = 1,   /* for programs, not browsers (OpenID Connect back channel): a POST
                            without the CSRF check, an answer without a CSRF cookie */
    ROUTE_MULTIPART = 2, /* accepts multipart/form-data up to upload_max_bytes */
    ROUTE_PREFIX = 4,    /* path is a prefix; the rest goes to req->path_rest */
};

struct http_route {
    const char *method; /* "GET" (also serves HEAD) or "POST" */
    const char *path;
    http_handler handler;
    enum http_need need;
    unsigned flags;
    const char *bucket; /* rate-limit bucket name or NULL */
    /* POST: the handler that shows this form again (usually the GET
     * handler of the page). When a field of the body is not UTF-8 text,
     * the POST handler never runs: the server calls this one instead, with
     * the valid values also readable through http_query (as if the page
     * were asked with them), and the page is answered 422 with the error
     * beside the field (web/page.c). NULL: the 422 error page. */
    http_handler form;
};

struct http_ratelimit_rule {
    const char *bucket;
    unsigned burst;      /* requests allowed at once per address */
    unsigned per_minute; /* refill rate per address */
};

struct http_hooks {
    /* Fills req->auth from the cookies (session lookup). Called for every
     * routed request before the need is checked. */
    void (*authenticate)(struct http_req *req);
    /* Called once per routed request after authenticate and the handler
     * (or the deny or error page), on the same thread, before the response
     * is queued or the request deferred: ends what authenticate left open. */
    void (*finish)(struct http_req *req);
    /* The need of the route is not met: redirect to a login page, etc.
     * (logged first, rate-limited, when someone authenticated or a POST
     * was refused: an access-control denial). */
    void (*deny)(struct http_req *req, struct http_resp *resp, enum http_need need);
    /* Renders an error page for status (400, 403, 404, 405, 413, 429, 500);
     * retry_after > 0 for 429. */
    void (*error)(struct http_req *req, struct http_resp *resp, int status, int retry_after);
};

struct http_server_config {
    const char *host;
    uint16_t port;    /* 0: pick a free port (see http_server_port) */
    unsigned threads; /* pool size; 0 = cores */
    size_t upload_max_bytes;
    bool secure_cookies; /* also sends HSTS */
    /* dev mode: each response says how many password hashes it cost
     * (X-Varco-Password-Hashes; util/workcount.h), for the tests */
    bool report_work;
    /* Peers whose Forwarded / X-Forwarded-For headers name the client
     * (http/forwarded.h); none: the peer is the client. */
    const struct netaddr_cidr *trusted_proxies;
    size_t n_trusted_proxies;
    const char *public_origin; /* "http://127.0.0.1:8080": accepted Origin header */
    const uint8_t *csrf_key;   /* 32 bytes */
    const char *static_dir;    /* served under /static/ with long caching */
    const struct http_route *routes;
    size_t n_routes;
    const struct http_ratelimit_rule *rules;
    size_t n_rules;
    struct http_hooks hooks;
    void *app;
};

struct http_server;

/* Binds and starts serving (threads running on return). */
enum vc_status http_server_start(const struct http_server_config *cfg, struct http_server **out);
uint16_t http_server_port(const struct http_server *srv);
void http_server_stop(struct http_server *srv); /* NULL is a no-op; waits for handlers */

#endif

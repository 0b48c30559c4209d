/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Request lookups and response helpers for handlers. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "http/internal.h"

static const char *param(const struct http_param *p, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(p[i].name, name) == 0)
            return p[i].value;
    }
    return NULL;
}

const char *http_query(const struct http_req *req, const char *name)
{
    return param(req->query, req->n_query, name);
}

const char *http_form(const struct http_req *req, const char *name)
{
    return param(req->form, req->n_form, name);
}

bool http_form_has_invalid(const struct http_req *req)
{
    for (size_t i = 0; i < req->n_form; i++) {
        if (req->form[i].invalid)
            return true;
    }
    return false;
}

const struct http_file *http_file(const struct http_req *req, const char *name)
{
    for (size_t i = 0; i < req->n_files; i++) {
        if (strcmp(req->files[i].field, name) == 0)
            return &req->files[i];
    }
    return NULL;
}

const char *http_cookie(const struct http_req *req, const char *name)
{
    return param(req->cookies, req->n_cookies, http_cookie_name(req, name));
}

const char *http_header(const struct http_req *req, const char *name)
{
    if (req->conn == NULL)
        return NULL;
    return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

void http_resp_set(struct http_resp *r, int status, const char *content_type, const void *data,
                   size_t len)
{
    r->status = status;
    r->content_type = content_type;
    buf_reset(&r->body);
    buf_append(&r->body, data, len);
}

void http_resp_header(struct http_resp *r, struct http_req *req, const char *name,
                      const char *value)
{
    if (r->n_headers >= sizeof r->headers / sizeof r->headers[0])
        return;
    r->headers[r->n_headers].name = arena_strdup(req->arena, name);
    r->headers[r->n_headers].value = arena_strdup(req->arena, value);
    r->n_headers++;
}

void http_resp_redirect(struct http_resp *r, const char *location)
{
    r->status = 303;
    if (r->n_headers < sizeof r->headers / sizeof r->headers[0]) {
        /* location must live until the response is queued: callers pass
         * literals or arena strings. */
        r->headers[r->n_headers].name = "Location";
        r->headers[r->n_headers].value = location;
        r->n_headers++;
    }
}

const char *http_cookie_name(const struct http_req *req, const char *base)
{
    if (req->srv == NULL || !req->srv->cfg.secure_cookies)
        return base;
    return arena_printf(req->arena, "__Host-%s", base);
}

void http_resp_cookie(struct http_resp *r, struct http_req *req, const char *name,
                      const char *value, int64_t max_age, unsigned flags)
{
    bool secure = req->srv != NULL && req->srv->cfg.secure_cookies;
    char age[48] = "";
    if (max_age >= 0)
        snprintf(age, sizeof age, "; Max-Age=%" PRId64, max_age);
    /* joined by hand: a fresh CSRF cookie goes out with most anonymous
     * pages, and printf's parsing cost more than the rest of it */
    const char *parts[] = {secure ? "__Host-" : "",
                           name,
                           "=",
                           value,
                           "; Path=/; SameSite=Lax",
                           age,
                           (flags & HTTP_COOKIE_HTTPONLY) ? "; HttpOnly" : "",
                           secure ? "; Secure" : ""};
    size_t lens[sizeof parts / sizeof parts[0]], total = 0;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        total += lens[i] = strlen(parts[i]);
    char *c = arena_alloc(req->arena, total + 1), *p = c;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        memcpy(p, parts[i], lens[i]);
        p += lens[i];
    }
    if (r->n_headers < sizeof r->headers / sizeof r->headers[0]) {
        r->headers[r->n_headers].name = "Set-Cookie";
        r->headers[r->n_headers].value = c;
        r->n_headers++;
    }
}

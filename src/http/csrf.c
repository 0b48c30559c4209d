/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* CSRF defence (DESIGN.md §5): a random value in an HttpOnly SameSite=Lax
 * cookie, and in every form the HMAC of that value under the server's key;
 * a POST must carry the HMAC of its own cookie. Besides, an Origin header
 * (when the browser sends one) must be our own. */
#include <sodium.h>
#include <string.h>

#include "crypto/rng.h"
#include "crypto/token.h"
#include "http/internal.h"

#define CSRF_COOKIE "varco_csrf"

void http_csrf_token_of(const struct http_server *srv, const char *cookie, char out[65])
{
    token_mac_hex(&srv->csrf_mac, cookie, strlen(cookie), out);
}

static void set_fresh(struct http_req *req, struct http_resp *resp)
{
    uint8_t rnd[TOKEN_BYTES];
    rng_bytes(rnd, sizeof rnd); /* no system call per anonymous page */
    char *value = arena_alloc(req->arena, TOKEN_TEXT_LEN + 1);
    token_encode(rnd, value);
    http_resp_cookie(resp, req, CSRF_COOKIE, value, -1, HTTP_COOKIE_HTTPONLY);
    char *tok = arena_alloc(req->arena, 65);
    http_csrf_token_of(req->srv, value, tok);
    req->csrf_token = tok;
}

void http_csrf_prepare(struct http_req *req, struct http_resp *resp)
{
    const char *c = http_cookie(req, CSRF_COOKIE);
    if (c == NULL || strlen(c) != TOKEN_TEXT_LEN) {
        set_fresh(req, resp);
        return;
    }
    char *tok = arena_alloc(req->arena, 65);
    http_csrf_token_of(req->srv, c, tok);
    req->csrf_token = tok;
}

void http_csrf_rotate(struct http_req *req, struct http_resp *resp)
{
    set_fresh(req, resp);
}

bool http_csrf_check(struct http_req *req)
{
    const char *origin = http_header(req, "Origin");
    if (origin != NULL && strcmp(origin, "null") != 0 && req->srv->cfg.public_origin != NULL &&
        strcmp(origin, req->srv->cfg.public_origin) != 0) {
        /* Also accept the address the request came to (127.0.0.1 vs localhost). */
        const char *host = http_header(req, "Host");
        const char *o = strstr(origin, "://");
        if (host == NULL || o == NULL || strcmp(o + 3, host) != 0)
            return false;
    }
    const char *c = http_cookie(req, CSRF_COOKIE);
    const char *sent = http_form(req, "csrf");
    if (c == NULL || sent == NULL || strlen(sent) != 64)
        return false;
    char want[65];
    http_csrf_token_of(req->srv, c, want);
    return token_equal(want, sent);
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include <string.h>

#include "app/app.h"
#include "web/handlers.h"
#include "app/page.h"

void web_home(struct http_req *req, struct http_resp *resp)
{
    page_render(req, resp, 200, "web/home.html", page_context(req));
}

void web_healthz(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct vc_env env;
    bool ok = app_begin_read(app, req, &env) == VC_OK && app_end(app, &env, VC_OK) == VC_OK;
    http_resp_set(resp, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "store\n",
                  ok ? 3 : 6);
}

/* The bytes a local path may hold: printable ASCII without the backslash.
 * Browsers drop tabs and newlines inside URLs and read '\' as '/', so
 * "/\t/evil.example" would become "//evil.example", another site. */
static bool local_path_char(unsigned char c)
{
    return c > 0x20 && c < 0x7f && c != '\\';
}

static int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (unsigned char)(c | 0x20);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Checks p and, percent-decoded once more, what a browser or a proxy might
 * make of it: one leading '/', never a second '/' or '\\' right after it,
 * no control characters, spaces or non-ASCII bytes anywhere. */
/* an authorization request of an application, sent to log in and back, is
 * the longest (oidc/authorize.c) */
#define LOCAL_PATH_MAX 2048

static bool local_path_ok(const char *p, size_t len, int depth)
{
    if (len == 0 || len >= LOCAL_PATH_MAX || p[0] != '/' ||
        (len > 1 && (p[1] == '/' || p[1] == '\\')))
        return false;
    char dec[LOCAL_PATH_MAX];
    size_t n = 0;
    bool encoded = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)p[i];
        if (!local_path_char(c))
            return false;
        if (c == '%') {
            int hi = i + 2 < len ? hex_value((unsigned char)p[i + 1]) : -1;
            int lo = hi >= 0 ? hex_value((unsigned char)p[i + 2]) : -1;
            if (hi < 0 || lo < 0)
                return false;
            c = (unsigned char)(hi * 16 + lo);
            i += 2;
            encoded = true;
        }
        dec[n++] = (char)c;
    }
    return !encoded || (depth < 2 && local_path_ok(dec, n, depth + 1));
}

bool web_local_path(const char *p)
{
    return p != NULL && local_path_ok(p, strnlen(p, LOCAL_PATH_MAX), 0);
}

void web_lang(struct http_req *req, struct http_resp *resp)
{
    const char *l = http_query(req, "l");
    const char *next = http_query(req, "next");
    if (l != NULL && (strcmp(l, "it") == 0 || strcmp(l, "en") == 0))
        http_resp_cookie(resp, req, "varco_lang", l, 365LL * 86400, 0);
    http_resp_redirect(resp, web_local_path(next) ? next : "/");
}

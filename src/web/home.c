/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include <string.h>

#include "store/store.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/page.h"

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

/* Only a path of this site: "/x", never "//host" or "/\host". */
bool web_local_path(const char *p)
{
    return p != NULL && p[0] == '/' && p[1] != '/' && p[1] != '\\' && strlen(p) < 512 &&
           strpbrk(p, "\r\n\\") == NULL;
}

void web_lang(struct http_req *req, struct http_resp *resp)
{
    const char *l = http_query(req, "l");
    const char *next = http_query(req, "next");
    if (l != NULL && (strcmp(l, "it") == 0 || strcmp(l, "en") == 0))
        http_resp_cookie(resp, req, "varco_lang", l, 365LL * 86400, 0);
    http_resp_redirect(resp, web_local_path(next) ? next : "/");
}

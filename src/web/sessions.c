/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* /area/sessioni: the member's live sessions (core/session.h), with "end
 * this one" per session and "end all the others". */
#include <string.h>

#include "core/session.h"
#include "app/app.h"
#include "web/handlers.h"
#include "app/page.h"

/* A name a person recognises for a browser: "Chrome su Windows". The
 * order matters: Edge and Opera say Chrome too, Chrome says Safari. */
void web_device_name(const char *ua, char *out, size_t size)
{
    static const struct {
        const char *needle, *name;
    } browsers[] = {{"Edg/", "Edge"},          {"OPR/", "Opera"},     {"Firefox/", "Firefox"},
                    {"Chromium/", "Chromium"}, {"Chrome/", "Chrome"}, {"Safari/", "Safari"}},
      systems[] = {{"Android", "Android"}, {"iPhone", "iPhone"},  {"iPad", "iPad"},
                   {"Windows", "Windows"}, {"Mac OS X", "macOS"}, {"CrOS", "ChromeOS"},
                   {"Linux", "Linux"}};
    const char *b = NULL, *s = NULL;
    for (size_t i = 0; i < sizeof browsers / sizeof browsers[0] && b == NULL; i++)
        b = strstr(ua, browsers[i].needle) ? browsers[i].name : NULL;
    for (size_t i = 0; i < sizeof systems / sizeof systems[0] && s == NULL; i++)
        s = strstr(ua, systems[i].needle) ? systems[i].name : NULL;
    if (b != NULL && s != NULL)
        snprintf(out, size, "%s · %s", b, s);
    else
        snprintf(out, size, "%s", b != NULL ? b : s != NULL ? s : "");
}

void web_sessions(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct vc_env env;
    struct session_view v[SESSIONS_LIST_MAX];
    size_t n = 0;
    enum vc_status st = app_begin_read(app, req, &env);
    if (st == VC_OK)
        st = app_end(app, &env,
                     session_list(&env, SESSION_MEMBER, req->auth.id, req->auth.token, v,
                                  SESSIONS_LIST_MAX, &n));
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    json_t *c = page_context(req);
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        char start[32], seen[32], device[96];
        page_format_time(v[i].created_at, start);
        page_format_time(v[i].last_seen_at, seen);
        web_device_name(v[i].user_agent, device, sizeof device);
        json_array_append_new(list, json_pack("{s:s,s:s,s:s,s:s,s:s,s:b}", "handle", v[i].handle,
                                              "start", start, "seen", seen, "ip", v[i].ip, "device",
                                              device, "current", v[i].current));
    }
    json_object_set_new(c, "sessions", list);
    json_object_set_new(c, "others", json_boolean(n > 1));
    page_render(req, resp, 200, "web/sessions.html", c);
}

void web_sessions_end(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    const char *h = http_form(req, "handle");
    bool all = strcmp(req->path, "/area/sessioni/termina-altre") == 0, was_current = false;
    struct vc_env env;
    enum vc_status st = app_begin(app, req, &env);
    if (st == VC_OK) {
        if (all)
            st = session_end_others(&env, SESSION_MEMBER, req->auth.id, req->auth.token);
        else
            st = session_end_handle(&env, SESSION_MEMBER, req->auth.id, req->auth.token,
                                    h != NULL ? h : "", &was_current);
        st = app_end(app, &env, st);
    }
    if (st != VC_OK && st != VC_ERR_NOT_FOUND) {
        page_error(req, resp, 500, 0);
        return;
    }
    if (was_current) { /* ending this session is logging out */
        app_session_clear(req, resp, "varco_session");
        http_resp_redirect(resp, "/");
        return;
    }
    http_resp_redirect(resp, "/area/sessioni");
}

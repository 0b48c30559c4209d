/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* "Applicazioni collegate" (/area/applicazioni): the applications the
 * person is logged in to through varco, each with a way to log out of it,
 * and the consents given to third-party applications, each revocable
 * (core/oidc.h). */
#include <string.h>

#include "app/app.h"
#include "app/page.h"
#include "core/oidc.h"
#include "web/handlers.h"

#define CONSENTS_MAX 32

void web_apps(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin_read(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    struct oidc_app_login *logins = arena_alloc(req->arena, OIDC_GRANTS_MAX * sizeof *logins);
    struct oidc_consent_view *consents = arena_alloc(req->arena, CONSENTS_MAX * sizeof *consents);
    size_t n_logins = 0, n_consents = 0;
    enum vc_status st = oidc_logins_of(&env, req->auth.id, logins, OIDC_GRANTS_MAX, &n_logins);
    if (st == VC_OK)
        st = oidc_consents_of(&env, req->auth.id, consents, CONSENTS_MAX, &n_consents);
    st = app_end(app, &env, st);
    if (st != VC_OK) {
        page_error(req, resp, page_status_http(st), 0);
        return;
    }
    json_t *c = page_context(req);
    json_t *list = json_array();
    for (size_t i = 0; i < n_logins; i++) {
        char last[32];
        page_format_time(logins[i].last, last);
        json_array_append_new(list,
                              json_pack("{s:s,s:s,s:s,s:i,s:b}", "name", logins[i].client_name,
                                        "client", logins[i].client_id, "last", last, "count",
                                        (int)logins[i].count, "several", logins[i].count > 1));
    }
    json_object_set_new(c, "logins", list);
    list = json_array();
    for (size_t i = 0; i < n_consents; i++) {
        char since[32];
        page_format_time(consents[i].granted_at, since);
        json_array_append_new(list, json_pack("{s:s,s:s,s:s}", "name", consents[i].client_name,
                                              "client", consents[i].client_id, "since", since));
    }
    json_object_set_new(c, "consents", list);
    const char *done = http_query(req, "fatto");
    json_object_set_new(c, "logged_out", json_boolean(done && strcmp(done, "uscita") == 0));
    json_object_set_new(c, "withdrawn", json_boolean(done && strcmp(done, "revoca") == 0));
    page_render(req, resp, 200, "web/apps.html", c);
}

static void act(struct http_req *req, struct http_resp *resp, bool withdraw)
{
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    enum vc_status st = withdraw
                            ? oidc_consent_withdraw(&env, req->auth.id, http_form(req, "client"))
                            : oidc_logout_client(&env, req->auth.id, http_form(req, "client"));
    if (st == VC_ERR_NOT_FOUND) /* already gone (another tab): the list says so */
        st = VC_OK;
    st = app_end(app, &env, st);
    if (st != VC_OK) {
        page_error(req, resp, page_status_http(st), 0);
        return;
    }
    http_resp_redirect(resp, withdraw ? "/area/applicazioni?fatto=revoca"
                                      : "/area/applicazioni?fatto=uscita");
}

void web_apps_logout(struct http_req *req, struct http_resp *resp)
{
    act(req, resp, false);
}

void web_apps_withdraw(struct http_req *req, struct http_resp *resp)
{
    act(req, resp, true);
}

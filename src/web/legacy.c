/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The welcome page of an old account (core/legacy.h): after a login with
 * the old username, the person chooses the personal email that becomes the
 * new username. The old account is in a session of its own kind, under the
 * cookie varco_welcome, which the move ends. */
#include <string.h>

#include "core/legacy.h"
#include "core/session.h"
#include "app/app.h"
#include "web/handlers.h"
#include "app/page.h"

/* The old account behind the welcome cookie, looked up in the caller's
 * transaction: VC_OK with *id, VC_ERR_NOT_FOUND when there is none. */
static enum vc_status welcome_id(struct http_req *req, const struct vc_env *env, int64_t *id)
{
    const char *tok = http_cookie(req, "varco_welcome");
    struct session se;
    enum vc_status st =
        tok != NULL ? session_check(env, tok, strlen(tok), &se, NULL) : VC_ERR_NOT_FOUND;
    if (st == VC_OK && se.kind != SESSION_LEGACY)
        st = VC_ERR_NOT_FOUND;
    if (st == VC_OK)
        *id = se.principal_id;
    return st == VC_ERR_EXPIRED ? VC_ERR_NOT_FOUND : st;
}

static void show(struct http_req *req, struct http_resp *resp, int status,
                 const struct legacy_welcome *w, const char *typed, const struct form_errors *fe)
{
    json_t *c = page_context(req);
    json_object_set_new(c, "old_username", json_string(w->leg.username));
    json_object_set_new(c, "given_name", json_string(w->member.given_name));
    json_object_set_new(c, "has_account", json_boolean(w->has_account));
    json_object_set_new(c, "email", json_string(typed != NULL ? typed : w->proposed));
    if (fe != NULL)
        page_add_errors(req, c, fe);
    page_render(req, resp, status, "web/welcome.html", c);
}

void web_welcome(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct vc_env env;
    struct legacy_welcome w;
    int64_t id = 0;
    enum vc_status st = app_begin_read(app, req, &env);
    if (st == VC_OK) {
        st = welcome_id(req, &env, &id);
        if (st == VC_OK)
            st = legacy_welcome(&env, id, &w);
        st = app_end(app, &env, st);
    }
    if (st == VC_ERR_DENIED || st == VC_ERR_NOT_FOUND) {
        http_resp_redirect(resp, "/accedi");
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    show(req, resp, 200, &w, NULL, NULL);
}

void web_welcome_post(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    int64_t id = 0;
    const char *email = http_form(req, "email");
    email = email != NULL && strlen(email) <= EMAIL_MAX ? email : "";
    struct vc_env env;
    struct form_errors fe;
    int64_t account_id = 0;
    struct legacy_welcome w;
    enum vc_status st = app_begin(app, req, &env);
    if (st == VC_OK) {
        st = welcome_id(req, &env, &id);
        if (st == VC_OK)
            st = legacy_migrate(&env, id, email, req->lang, &fe, &account_id);
        if (st == VC_ERR_INVALID || st == VC_ERR_CONFLICT)
            legacy_welcome(&env, id, &w); /* for the page again */
        st = app_end(app, &env, st);
    }
    if (st == VC_ERR_INVALID || st == VC_ERR_CONFLICT) {
        show(req, resp, st == VC_ERR_INVALID ? 422 : 409, &w, email,
             st == VC_ERR_INVALID ? &fe : NULL);
        return;
    }
    if (st == VC_ERR_DENIED || st == VC_ERR_NOT_FOUND) {
        http_resp_redirect(resp, "/accedi");
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    app_session_clear(req, resp, "varco_welcome");
    json_t *c = page_context(req);
    json_object_set_new(c, "email", json_string(email));
    page_render(req, resp, 200, "web/welcome_done.html", c);
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): an
 * application sends the person here; varco asks them to confirm (a page
 * with a form, so that no other site can log a person out with a link),
 * ends the session and every application's login (back-channel), and sends
 * them back to an address the application registered. */
#include <stdio.h>
#include <string.h>

#include "app/shared.h"
#include "core/session.h"
#include "oidc/keys.h"
#include "oidc/oidc.h"
#include "app/page.h"

/* Where to send the person afterwards, checked: the client named by the
 * ID token hint or client_id, and a post-logout URI it registered. Returns
 * false (the error page shown) when the request is not acceptable. */
static bool target(struct http_req *req, struct http_resp *resp, const struct vc_env *env,
                   const char *(*get)(const struct http_req *, const char *), struct oidc_client *c,
                   bool *have_client, const char **back)
{
    const char *hint = get(req, "id_token_hint");
    const char *cid = get(req, "client_id");
    const char *uri = get(req, "post_logout_redirect_uri");
    *have_client = false;
    *back = NULL;
    if (hint != NULL && hint[0] != '\0') {
        json_t *claims = NULL;
        if (oidc_token_verify(req, hint, "JWT", true, &claims) != VC_OK) {
            json_t *ctx = page_context(req);
            json_object_set_new(ctx, "detail", json_string("id_token_hint is not valid"));
            page_render(req, resp, 400, "oidc/error.html", ctx);
            return false;
        }
        const char *aud = json_string_value(json_object_get(claims, "aud"));
        if (aud != NULL && (cid == NULL || strcmp(cid, aud) == 0))
            cid = arena_strdup(req->arena, aud);
        json_decref(claims);
    }
    if (cid != NULL && oidc_client_find(env, cid, c) == VC_OK)
        *have_client = true;
    if (uri != NULL) {
        if (!*have_client || !oidc_uri_listed(c->post_logout_uris, uri)) {
            json_t *ctx = page_context(req);
            json_object_set_new(ctx, "detail",
                                json_string("post_logout_redirect_uri is not registered"));
            page_render(req, resp, 400, "oidc/error.html", ctx);
            return false;
        }
        const char *names[] = {"state"};
        const char *values[] = {get(req, "state")};
        *back = oidc_url_with(req, uri, names, values, 1);
    }
    return true;
}

static void done(struct http_req *req, struct http_resp *resp, const struct oidc_client *c,
                 bool have_client, const char *back)
{
    if (back != NULL) {
        oidc_send_away(req, resp, back, c->name);
        return;
    }
    json_t *ctx = page_context(req);
    json_object_set_new(ctx, "client", json_string(have_client ? c->name : ""));
    page_render(req, resp, 200, "oidc/logged_out.html", ctx);
}

void oidc_logout(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin_read(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    struct oidc_client c;
    bool have_client;
    const char *back;
    bool ok = target(req, resp, &env, http_query, &c, &have_client, &back);
    if (app_end(app, &env, VC_OK) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    if (!ok)
        return;
    if (req->auth.who != HTTP_MEMBER) { /* nobody to log out here */
        done(req, resp, &c, have_client, back);
        return;
    }
    json_t *ctx = page_context(req);
    json_object_set_new(ctx, "client", json_string(have_client ? c.name : ""));
    json_t *fields = json_array();
    static const char *const keep[] = {"client_id", "post_logout_redirect_uri", "state"};
    for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
        const char *v = http_query(req, keep[i]);
        if (keep[i][0] == 'c' && have_client)
            v = c.client_id; /* the hint named it */
        if (v != NULL)
            json_array_append_new(fields, json_pack("{s:s,s:s}", "name", keep[i], "value", v));
    }
    json_object_set_new(ctx, "fields", fields);
    page_render(req, resp, 200, "oidc/logout.html", ctx);
}

void oidc_logout_post(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    struct oidc_client c;
    bool have_client;
    const char *back;
    bool ok = target(req, resp, &env, http_form, &c, &have_client, &back);
    enum vc_status st = VC_OK;
    bool member = ok && req->auth.who == HTTP_MEMBER;
    if (member) {
        st = session_end(&env, req->auth.token, strlen(req->auth.token));
        if (st == VC_OK)
            st = oidc_logout_account(&env, req->auth.id, "logged out (RP-initiated)");
    }
    st = app_end(app, &env, st);
    if (!ok)
        return;
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    if (member) {
        app_session_clear(req, resp, "varco_session");
        req->auth.who = HTTP_ANON; /* the page after says so */
    }
    done(req, resp, &c, have_client, back);
}

enum vc_status oidc_logout_token(void *ctx, const char *payload_json, char **jwt)
{
    struct app *app = ctx;
    json_t *p = json_loads(payload_json, 0, NULL);
    const char *cid = json_string_value(json_object_get(p, "client_id"));
    const char *sub = json_string_value(json_object_get(p, "sub"));
    const char *sid = json_string_value(json_object_get(p, "sid"));
    const char *alg = json_string_value(json_object_get(p, "alg"));
    if (cid == NULL || sub == NULL || sid == NULL) {
        json_decref(p);
        return VC_ERR_INVALID;
    }
    int64_t now = app_clock_now(NULL);
    char jti[OIDC_JTI_LEN + 1];
    oidc_jti(jti);
    json_t *claims =
        json_pack("{s:s,s:s,s:I,s:I,s:s,s:s,s:s,s:{s:{}}}", "iss", app->core.base_url, "aud", cid,
                  "iat", (json_int_t)now, "exp", (json_int_t)(now + 120), "jti", jti, "sub", sub,
                  "sid", sid, "events", "http://schemas.openid.net/event/backchannel-logout");
    enum vc_status st = claims ? oidc_keys_sign(app->oidc_keys, app_store(app), now,
                                                alg ? alg : "ES256", "logout+jwt", claims, jwt)
                               : VC_ERR_NOMEM;
    json_decref(claims);
    json_decref(p);
    return st;
}

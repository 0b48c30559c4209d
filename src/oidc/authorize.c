/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The authorization endpoint (code flow, PKCE S256) and its consent page.
 * core/oidc.h decides; this file reads the request, sends the person to
 * log in (and back), shows the consent page, and answers the client at its
 * redirect URI. Errors about the client itself are shown to the person,
 * never sent to an address that is not registered (core/oidc.h, 3). */
#include <stdlib.h>
#include <string.h>

#include "oidc/oidc.h"
#include "app/page.h"

/* The request's parameters, in the order they are sent on again. */
static const char *const params[] = {
    "response_type", "client_id", "redirect_uri",   "scope",
    "state",         "nonce",     "code_challenge", "code_challenge_method",
    "prompt",        "max_age",   "login_hint",     "acr_values",
    "ui_locales",
};
#define N_PARAMS (sizeof params / sizeof params[0])
#define LOGIN_AT "login_at" /* the time varco sent the person to log in */

typedef const char *(*getter)(const struct http_req *, const char *);

static void read_request(struct http_req *req, getter get, struct oidc_auth_request *r)
{
    memset(r, 0, sizeof *r);
    r->response_type = get(req, "response_type");
    r->client_id = get(req, "client_id");
    r->redirect_uri = get(req, "redirect_uri");
    r->scope = get(req, "scope");
    r->state = get(req, "state");
    r->nonce = get(req, "nonce");
    r->code_challenge = get(req, "code_challenge");
    r->code_challenge_method = get(req, "code_challenge_method");
    r->prompt = get(req, "prompt");
    r->max_age = get(req, "max_age");
    r->login_hint = get(req, "login_hint");
    r->acr_values = get(req, "acr_values");
    r->request = get(req, "request");
    r->request_uri = get(req, "request_uri");
}

/* This request again, with the time of the login it is sent to. */
static const char *again(struct http_req *req, getter get, int64_t login_at)
{
    const char *values[N_PARAMS + 1];
    const char *names[N_PARAMS + 1];
    for (size_t i = 0; i < N_PARAMS; i++) {
        names[i] = params[i];
        values[i] = get(req, params[i]);
    }
    names[N_PARAMS] = LOGIN_AT;
    values[N_PARAMS] = arena_printf(req->arena, "%lld", (long long)login_at);
    return oidc_url_with(req, OIDC_PATH_AUTHORIZE, names, values, N_PARAMS + 1);
}

static void error_page(struct http_req *req, struct http_resp *resp, const char *description)
{
    json_t *c = page_context(req);
    json_object_set_new(c, "detail", json_string(description ? description : ""));
    page_render(req, resp, 400, "oidc/error.html", c);
}

static void answer_error(struct http_req *req, struct http_resp *resp,
                         const struct oidc_auth_request *r, const struct oidc_auth_check *chk,
                         enum oidc_error e, const char *description)
{
    const char *names[] = {"error", "error_description", "state", "iss"};
    const char *values[] = {oidc_error_name(e), description, r->state, oidc_issuer(req)};
    oidc_send_away(req, resp, oidc_url_with(req, r->redirect_uri, names, values, 4),
                   chk->client.name);
}

static void consent_page(struct http_req *req, struct http_resp *resp,
                         const struct oidc_auth_check *chk, getter get, int64_t login_at)
{
    json_t *c = page_context(req);
    json_object_set_new(c, "client", json_string(chk->client.name));
    json_t *claims = json_array();
    static const char *const scopes[] = {"openid", "profile", "email", "phone", "offline_access"};
    for (size_t i = 0; i < sizeof scopes / sizeof scopes[0]; i++)
        if (oidc_scope_has(chk->scope, scopes[i]))
            json_array_append_new(
                claims,
                json_string(page_t(req, arena_printf(req->arena, "oidc.claim.%s", scopes[i]))));
    json_object_set_new(c, "claims", claims);
    json_t *fields = json_array();
    for (size_t i = 0; i < N_PARAMS; i++) {
        const char *v = get(req, params[i]);
        if (v != NULL)
            json_array_append_new(fields, json_pack("{s:s,s:s}", "name", params[i], "value", v));
    }
    if (login_at != 0)
        json_array_append_new(fields,
                              json_pack("{s:s,s:s}", "name", LOGIN_AT, "value",
                                        arena_printf(req->arena, "%lld", (long long)login_at)));
    json_object_set_new(c, "fields", fields);
    page_render(req, resp, 200, "oidc/consent.html", c);
}

static void authorize(struct http_req *req, struct http_resp *resp, getter get, bool posted)
{
    struct app *app = req->app;
    struct oidc_auth_request r;
    read_request(req, get, &r);
    const char *la = get(req, LOGIN_AT);
    int64_t login_at = la != NULL ? strtoll(la, NULL, 10) : 0;
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    struct oidc_auth_check chk;
    enum vc_status st = oidc_authorize_check(&env, &r, &chk);
    if (st != VC_OK || chk.error != OIDC_E_NONE) {
        st = app_end(app, &env, st);
        if (st != VC_OK)
            page_error(req, resp, 500, 0);
        else if (!chk.client_ok)
            error_page(req, resp, chk.error_description);
        else
            answer_error(req, resp, &r, &chk, chk.error, chk.error_description);
        return;
    }
    const char *token = req->auth.who == HTTP_MEMBER ? req->auth.token : NULL;
    struct session se;
    enum oidc_next next;
    enum oidc_error err;
    st = oidc_authorize_decide(&env, &chk, token, login_at, &se, &next, &err);
    const char *decision = posted ? http_form(req, "decision") : NULL;
    if (st == VC_OK && decision != NULL && next == OIDC_NEXT_CONSENT) {
        if (strcmp(decision, "allow") == 0) {
            st = oidc_consent_give(&env, se.principal_id, &chk.client, chk.scope);
            next = OIDC_NEXT_ISSUE;
        } else {
            next = OIDC_NEXT_FAIL;
            err = OIDC_E_ACCESS_DENIED;
        }
    }
    char code[TOKEN_TEXT_LEN + 1] = "";
    if (st == VC_OK && next == OIDC_NEXT_ISSUE)
        st = oidc_code_issue(&env, &chk, &r, &se, code);
    st = app_end(app, &env, st);
    if (st != VC_OK) {
        page_error(req, resp, page_status_http(st), 0);
        return;
    }
    switch (next) {
    case OIDC_NEXT_ISSUE: {
        const char *names[] = {"code", "state", "iss"};
        const char *values[] = {code, r.state, oidc_issuer(req)};
        oidc_send_away(req, resp, oidc_url_with(req, r.redirect_uri, names, values, 3),
                       chk.client.name);
        break;
    }
    case OIDC_NEXT_LOGIN: {
        const char *names[] = {"ancora", "next", "username"};
        const char *values[] = {"1", again(req, get, app_clock_now(NULL)), r.login_hint};
        http_resp_redirect(resp, oidc_url_with(req, "/accedi", names, values, 3));
        break;
    }
    case OIDC_NEXT_CONSENT:
        consent_page(req, resp, &chk, get, login_at);
        break;
    case OIDC_NEXT_JOURNEY:
        http_resp_redirect(resp, "/area");
        break;
    case OIDC_NEXT_FAIL:
        answer_error(req, resp, &r, &chk, err, NULL);
        break;
    }
}

void oidc_authorize(struct http_req *req, struct http_resp *resp)
{
    authorize(req, resp, http_query, false);
}

void oidc_authorize_consent(struct http_req *req, struct http_resp *resp)
{
    authorize(req, resp, http_form, true);
}

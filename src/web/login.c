/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include <sodium.h>
#include <string.h>

#include "core/account.h"
#include "core/oidc.h"
#include "core/second_factor.h"
#include "core/session.h"
#include "util/str.h"
#include "app/app.h"
#include "web/handlers.h"
#include "app/page.h"

/* The login asks what the journey declares: the email or the codice
 * fiscale, a password or a PIN (two halves, as they arrive). */
static const struct journey_def *journey(struct http_req *req)
{
    const struct app *app = req->app;
    return profile_journey(app->core.profile, "");
}

static void form(struct http_req *req, struct http_resp *resp, int status, const char *username,
                 const char *error)
{
    const struct journey_def *jd = journey(req);
    json_t *c = page_context(req);
    json_object_set_new_nocheck(c, "by_cf", json_boolean(jd->login == LOGIN_CODICE_FISCALE));
    json_object_set_new_nocheck(c, "pin", json_boolean(jd->credential == CREDENTIAL_PIN));
    if (username != NULL && username[0] != '\0') /* else what the body holds (app/page.c) */
        json_object_set_new_nocheck(c, "v", json_pack("{s:s}", "username", username));
    const char *next = http_query(req, "next");
    if (next == NULL)
        next = http_form(req, "next");
    json_object_set_new_nocheck(c, "username", json_string(username ? username : ""));
    json_object_set_new_nocheck(c, "next", json_string(web_local_path(next) ? next : ""));
    if (error != NULL)
        json_object_set_new_nocheck(c, "error", json_string(page_t(req, error)));
    page_render(req, resp, status, "web/login.html", c);
}

/* ?ancora=1: log in again although logged in (an application asked a
 * fresh login or a second factor: oidc/authorize.c); ?username= prefills. */
void web_login_form(struct http_req *req, struct http_resp *resp)
{
    const char *again = http_query(req, "ancora");
    if (req->auth.who == HTTP_MEMBER && (again == NULL || strcmp(again, "1") != 0)) {
        http_resp_redirect(resp, "/area");
        return;
    }
    const char *u = http_query(req, "username");
    form(req, resp, 200, u != NULL && strlen(u) <= EMAIL_MAX ? u : "", NULL);
}

/* A login in flight: what the three phases pass along (request arena). */
struct login_job {
    const char *username;
    const char *password;
    struct login_attempt la;
    bool verified;
};

/* Phase 2, on the worker pool: the slow hash, with no transaction held. */
static void login_verify(void *ctx)
{
    struct login_job *j = ctx;
    j->verified = account_login_verify(&j->la, j->password, strlen(j->password));
}

/* The second step's address, carrying where to go after it. */
static const char *second_step_with(struct http_req *req, const char *next)
{
    size_t n = str_url_encode(NULL, 0, next);
    char *enc = arena_alloc(req->arena, n + 1);
    str_url_encode(enc, n + 1, next);
    return arena_printf(req->arena, "/accedi/secondo-fattore?next=%s", enc);
}

/* Phase 3, back on a request thread: the writes and the answer. */
static void login_finish(struct http_req *req, struct http_resp *resp, void *ctx)
{
    struct app *app = req->app;
    struct login_job *j = ctx;
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    struct account a;
    int64_t legacy_id = 0;
    const char *forced = NULL; /* a step the person must do before anything else */
    enum vc_status st = account_login_finish(&env, &j->la, j->verified, j->password,
                                             strlen(j->password), &a, &legacy_id);
    bool second = false; /* an authenticator app enrolled: its code before the session */
    if (st == VC_OK && legacy_id == 0)
        st = second_factor_required(&env, a.id, &second);
    if (st == VC_OK && legacy_id == 0 && !second)
        st = account_forced_page(&env, a.id, &forced);
    if (st == VC_OK && second) /* a session that opens only the second step */
        st = app_session_start_amr(req, resp, &env, "varco_2fa", SESSION_SECOND_FACTOR, a.id,
                                   LEVEL_LIMITED, false, SESSION_AMR_PASSWORD);
    else if (st == VC_OK && legacy_id != 0) /* an old account: to the welcome page */
        st = app_session_start(req, resp, &env, "varco_welcome", SESSION_LEGACY, legacy_id,
                               LEVEL_LIMITED, false);
    else if (st == VC_OK)
        st = app_session_start(req, resp, &env, "varco_session", SESSION_MEMBER, a.id, a.level,
                               false);
    st = app_end(app, &env, st);
    if (st == VC_ERR_DENIED) {
        form(req, resp, 401, j->username, "error.login.failed");
        return;
    }
    if (st == VC_ERR_CONFLICT) { /* the right password; the address still unproven */
        json_t *c = page_context(req);
        json_object_set_new_nocheck(c, "email", json_string(a.username));
        page_render(req, resp, 403, "web/login_unconfirmed.html", c);
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    const char *next = http_form(req, "next");
    if (second)
        http_resp_redirect(resp, web_local_path(next) ? second_step_with(req, next)
                                                      : "/accedi/secondo-fattore");
    else if (legacy_id != 0)
        http_resp_redirect(resp, "/benvenuto");
    else if (a.must_change_password) /* a weak old password, an issued PIN */
        http_resp_redirect(resp, page_path(account_renew_page(&a)));
    else if (forced != NULL) /* a temporary code to replace */
        http_resp_redirect(resp, page_path(forced));
    else
        http_resp_redirect(resp, web_local_path(next) ? next : "/area");
}

/* Phase 1: the lookup and the attempt reserved against the throttles, in a
 * short write transaction; then the hash goes to the pool. */
void web_login_post(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    const char *u = http_form(req, "username"), *pw = http_form(req, "password");
    const char *p1 = http_form(req, "pin_1"), *p2 = http_form(req, "pin_2");
    if (pw == NULL && p1 != NULL) /* a PIN in its two halves (or all in the first) */
        pw = arena_printf(req->arena, "%.512s%.512s", p1, p2 != NULL ? p2 : "");
    if (u == NULL || pw == NULL || u[0] == '\0' || pw[0] == '\0' || strlen(u) > EMAIL_MAX ||
        strlen(pw) > 1024) {
        form(req, resp, 422, u && strlen(u) <= EMAIL_MAX ? u : "", "error.login.missing");
        return;
    }
    struct login_job *j = arena_alloc(req->arena, sizeof *j);
    j->username = u;
    j->password = pw;
    struct vc_env env;
    enum vc_status st = app_begin(app, req, &env);
    if (st == VC_OK)
        st = app_end(app, &env, account_login_lookup(&env, u, &j->la));
    if (st == VC_ERR_LIMIT) {
        page_limited(req, resp, req->retry_after);
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    http_defer(req, login_verify, login_finish, j);
}

void web_logout(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    enum vc_status st = session_end(&env, req->auth.token, strlen(req->auth.token));
    /* a single logout: every application the person entered hears it */
    if (st == VC_OK)
        st = oidc_logout_account(&env, req->auth.id, "logged out of varco");
    st = app_end(app, &env, st);
    app_session_clear(req, resp, "varco_session");
    http_resp_redirect(resp, "/");
}

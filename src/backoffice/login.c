/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Operators: password, then TOTP (enrolment with a QR code the first time),
 * then -- when an administrator set the password -- a new password of their
 * own before any other page (core/operator.h). Password checks hash on the
 * worker pool, between two short transactions, as members' logins do. */
#include <sodium.h>
#include <string.h>

#include "backoffice/backoffice.h"
#include "core/operator.h"
#include "core/session.h"
#include "render/qr.h"
#include "app/app.h"
#include "app/shared.h"
#include "app/page.h"

static void login_page(struct http_req *req, struct http_resp *resp, int status,
                       const char *username, const char *error)
{
    json_t *c = page_context(req);
    json_object_set_new(c, "username", json_string(username));
    if (error != NULL)
        json_object_set_new(c, "error", json_string(page_t(req, error)));
    page_render(req, resp, status, "backoffice/login.html", c);
}

void bo_login_form(struct http_req *req, struct http_resp *resp)
{
    login_page(req, resp, 200, "", NULL);
}

struct login_job {
    const char *username;
    const char *password;
    struct operator_attempt at;
};

static void login_verify(void *ctx)
{
    struct login_job *j = ctx;
    operator_login_verify(&j->at, j->password, strlen(j->password));
}

static void login_finish(struct http_req *req, struct http_resp *resp, void *ctx)
{
    struct app *app = req->app;
    struct login_job *j = ctx;
    struct vc_env env;
    struct operator_account o;
    enum vc_status st = app_begin(app, req, &env);
    if (st == VC_OK) {
        st = operator_login_finish(&env, &j->at, &o);
        if (st == VC_OK)
            st = app_session_start(req, resp, &env, "varco_bo", SESSION_OPERATOR, o.id,
                                   LEVEL_LIMITED, false);
        st = app_end(app, &env, st);
    }
    sodium_memzero(j->at.op.password_hash, sizeof j->at.op.password_hash);
    sodium_memzero(j->at.op.totp_secret, sizeof j->at.op.totp_secret);
    if (st == VC_OK)
        http_resp_redirect(resp, "/backoffice/2fa");
    else if (st == VC_ERR_DENIED)
        login_page(req, resp, 401, j->username, "error.login.failed");
    else
        page_error(req, resp, 500, 0);
}

void bo_login_post(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    const char *u = http_form(req, "username"), *pw = http_form(req, "password");
    if (u == NULL || pw == NULL || u[0] == '\0' || pw[0] == '\0' || strlen(u) > 64 ||
        strlen(pw) > 1024) {
        login_page(req, resp, 422, u != NULL && strlen(u) <= 64 ? u : "", "error.login.missing");
        return;
    }
    struct login_job *j = arena_alloc(req->arena, sizeof *j);
    j->username = u;
    j->password = pw;
    struct vc_env env;
    enum vc_status st = app_begin(app, req, &env); /* the attempt is reserved: it writes */
    if (st == VC_OK)
        st = app_end(app, &env, operator_login_lookup(&env, u, &j->at));
    if (page_if_limited(req, resp, st))
        return;
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    http_defer(req, login_verify, login_finish, j);
}

/* The otpauth URI of an operator still enrolling, or "" once enrolled. */
static enum vc_status enrolment_uri(struct http_req *req, char *uri, size_t len)
{
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK)
        return VC_ERR_STORE;
    enum vc_status st = operator_totp_begin(&env, req->auth.id, uri, len);
    if (st == VC_ERR_DENIED) {
        uri[0] = '\0';
        st = VC_OK;
    }
    return app_end(app, &env, st);
}

/* "ABCD EFGH ..." for the eye; the attribute keeps the plain secret. */
static void grouped(const char *secret, char *out, size_t size)
{
    size_t n = 0;
    for (size_t i = 0; secret[i] != '\0' && n + 2 < size; i++) {
        if (i > 0 && i % 4 == 0)
            out[n++] = ' ';
        out[n++] = secret[i];
    }
    out[n] = '\0';
}

static void totp_page(struct http_req *req, struct http_resp *resp, int status, const char *error)
{
    char uri[512];
    if (enrolment_uri(req, uri, sizeof uri) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    json_t *c = page_context(req);
    if (uri[0] != '\0') {
        const char *s = strstr(uri, "secret=");
        char secret[64] = "", shown[80];
        if (s != NULL) {
            size_t n = strcspn(s + 7, "&");
            if (n < sizeof secret) {
                memcpy(secret, s + 7, n);
                secret[n] = '\0';
            }
        }
        grouped(secret, shown, sizeof shown);
        json_object_set_new(c, "enrol", json_true());
        json_object_set_new(c, "secret", json_string(secret));
        json_object_set_new(c, "secret_grouped", json_string(shown));
        sodium_memzero(secret, sizeof secret);
        sodium_memzero(shown, sizeof shown);
    }
    sodium_memzero(uri, sizeof uri);
    if (error != NULL) {
        json_t *errors = json_object();
        json_object_set_new(errors, "codice", json_string(page_t(req, error)));
        json_object_set_new(c, "errors", errors);
    }
    page_render(req, resp, status, "backoffice/totp.html", c);
}

void bo_totp_form(struct http_req *req, struct http_resp *resp)
{
    if (req->auth.mfa_done) {
        http_resp_redirect(resp, "/backoffice");
        return;
    }
    totp_page(req, resp, 200, NULL);
}

void bo_totp_qr(struct http_req *req, struct http_resp *resp)
{
    char uri[512];
    if (enrolment_uri(req, uri, sizeof uri) != VC_OK || uri[0] == '\0') {
        page_error(req, resp, 404, 0);
        return;
    }
    buf_reset(&resp->body);
    enum vc_status st = qr_png(uri, 6, &resp->body);
    sodium_memzero(uri, sizeof uri);
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    resp->status = 200;
    resp->content_type = "image/png";
}

void bo_totp_post(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    const char *code = http_form(req, "codice");
    if (code == NULL || strlen(code) != 6) {
        totp_page(req, resp, 422, "error.totp.format");
        return;
    }
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    enum vc_status st = operator_totp_verify(&env, req->auth.id, code);
    if (st == VC_OK) /* past the second factor: a new session id */
        st = app_session_start(req, resp, &env, "varco_bo", SESSION_OPERATOR, req->auth.id,
                               LEVEL_LIMITED, true);
    st = app_end(app, &env, st);
    if (page_if_limited(req, resp, st))
        return;
    if (st == VC_ERR_DENIED) {
        totp_page(req, resp, 401, "error.totp.wrong");
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    http_resp_redirect(resp, "/backoffice");
}

static void password_page(struct http_req *req, struct http_resp *resp, int status,
                          const struct form_errors *fe)
{
    json_t *c = page_context(req);
    json_object_set_new(c, "forced", json_boolean(req->auth.must_renew));
    if (fe != NULL)
        page_add_errors(req, c, fe);
    page_render(req, resp, status, "backoffice/password.html", c);
}

void bo_password_form(struct http_req *req, struct http_resp *resp)
{
    password_page(req, resp, 200, NULL);
}

struct change_job {
    const char *old_pw;
    const char *new_pw;
    struct operator_password_change pc;
};

static void change_hash(void *ctx)
{
    struct change_job *j = ctx;
    if (operator_change_hash(&j->pc, j->old_pw, j->new_pw) != VC_OK)
        j->pc.verified = false;
}

static void change_finish(struct http_req *req, struct http_resp *resp, void *ctx)
{
    struct app *app = req->app;
    struct change_job *j = ctx;
    struct vc_env env;
    struct form_errors fe;
    form_errors_init(&fe);
    enum vc_status st = app_begin(app, req, &env);
    if (st == VC_OK) {
        st = operator_change_finish(&env, &j->pc, &fe);
        if (st == VC_OK) { /* every session ended: this one starts afresh */
            req->auth.token = NULL;
            st = app_session_start(req, resp, &env, "varco_bo", SESSION_OPERATOR, req->auth.id,
                                   LEVEL_LIMITED, true);
        }
        st = app_end(app, &env, st);
    }
    sodium_memzero(&j->pc, sizeof j->pc);
    if (st == VC_ERR_DENIED) {
        password_page(req, resp, 401, &fe);
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    http_resp_redirect(resp, "/backoffice");
}

void bo_password_post(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct change_job *j = arena_alloc(req->arena, sizeof *j);
    const char *o = http_form(req, "old_password"), *n = http_form(req, "password"),
               *c = http_form(req, "password_confirm");
    j->old_pw = o != NULL && strlen(o) <= 1024 ? o : "";
    j->new_pw = n != NULL && strlen(n) <= 1024 ? n : "";
    struct vc_env env;
    struct form_errors fe;
    form_errors_init(&fe);
    enum vc_status st = app_begin(app, req, &env);
    if (st == VC_OK)
        st = app_end(app, &env,
                     operator_change_check(&env, req->auth.id, j->old_pw, j->new_pw,
                                           c != NULL && strlen(c) <= 1024 ? c : "", &fe, &j->pc));
    if (page_if_limited(req, resp, st))
        return;
    if (st == VC_ERR_INVALID) {
        password_page(req, resp, 422, &fe);
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    http_defer(req, change_hash, change_finish, j);
}

void bo_logout(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin(app, req, &env) == VC_OK)
        app_end(app, &env, session_end(&env, req->auth.token, strlen(req->auth.token)));
    app_session_clear(req, resp, "varco_bo");
    http_resp_redirect(resp, "/backoffice/accedi");
}

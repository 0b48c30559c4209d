/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Operators: password, then TOTP (enrolment with a QR code the first time). */
#include <string.h>

#include "backoffice/backoffice.h"
#include "core/operator.h"
#include "core/session.h"
#include "render/qr.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/page.h"

void bo_login_form(struct http_req *req, struct http_resp *resp)
{
    json_t *c = page_context(req);
    json_object_set_new(c, "username", json_string(""));
    page_render(req, resp, 200, "backoffice/login.html", c);
}

void bo_login_post(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    const char *u = http_form(req, "username"), *pw = http_form(req, "password");
    struct vc_env env;
    enum vc_status st = VC_ERR_DENIED;
    if (u != NULL && pw != NULL && strlen(u) <= 64 && strlen(pw) <= 1024) {
        if (app_begin(app, req, &env) != VC_OK) {
            page_error(req, resp, 500, 0);
            return;
        }
        struct operator_account o;
        st = operator_login(&env, u, pw, strlen(pw), &o);
        if (st == VC_OK)
            st = web_session_start(req, resp, &env, "varco_bo", SESSION_OPERATOR, o.id,
                                   LEVEL_LIMITED, false);
        st = app_end(app, &env, st);
    }
    if (st == VC_OK) {
        http_resp_redirect(resp, "/backoffice/2fa");
        return;
    }
    if (st != VC_ERR_DENIED) {
        page_error(req, resp, 500, 0);
        return;
    }
    json_t *c = page_context(req);
    json_object_set_new(c, "username", json_string(u && strlen(u) <= 64 ? u : ""));
    json_object_set_new(c, "error", json_string(page_t(req, "error.login.failed")));
    page_render(req, resp, 401, "backoffice/login.html", c);
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
        char secret[64] = "";
        if (s != NULL) {
            size_t n = strcspn(s + 7, "&");
            if (n < sizeof secret) {
                memcpy(secret, s + 7, n);
                secret[n] = '\0';
            }
        }
        json_object_set_new(c, "enrol", json_true());
        json_object_set_new(c, "secret", json_string(secret));
        json_object_set_new(c, "secret_groups", json_string(page_grouped(req, secret, 4)));
    }
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
    if (qr_png(uri, 6, &resp->body) != VC_OK) {
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
        st = web_session_start(req, resp, &env, "varco_bo", SESSION_OPERATOR, req->auth.id,
                               LEVEL_LIMITED, true);
    st = app_end(app, &env, st);
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

void bo_logout(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin(app, req, &env) == VC_OK)
        app_end(app, &env, session_end(&env, req->auth.token, strlen(req->auth.token)));
    web_session_clear(req, resp, "varco_bo");
    http_resp_redirect(resp, "/backoffice/accedi");
}

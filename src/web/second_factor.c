/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Level 2 for members (core/second_factor.h): the page where a person at
 * full access enrols an authenticator app (QR code, the secret in groups of
 * four, a code to confirm), sees the ten recovery codes once, replaces or
 * turns off the app; and the login's second step, after the password.
 * Thin: parse, one core call, render. No rule here. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/account.h"
#include "core/second_factor.h"
#include "core/session.h"
#include "render/qr.h"
#include "app/app.h"
#include "web/handlers.h"
#include "app/page.h"

#define PAGE "/area/secondo-fattore"
#define LOGIN_PAGE "/accedi/secondo-fattore"
#define PENDING_COOKIE "varco_2fa"

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

/* The secret of an otpauth:// URI ("" when there is none). */
static void secret_of(const char *uri, char *out, size_t size)
{
    out[0] = '\0';
    const char *s = strstr(uri, "secret=");
    if (s == NULL)
        return;
    size_t n = strcspn(s + 7, "&");
    if (n < size) {
        memcpy(out, s + 7, n);
        out[n] = '\0';
    }
}

/* Replacing an enrolled app, or turning it off, wants a session that gave
 * the second factor (a recovery code counts: it is how a lost phone gets
 * a new app). */
static bool at_level_2(const struct http_req *req)
{
    return req->auth.level >= LEVEL_FULL_2FA;
}

/* The one error of a form: the SMS code's ("error.sms.*") or the app code's. */
static void add_error(struct http_req *req, json_t *c, const char *error)
{
    if (error == NULL)
        return;
    json_t *errors = json_object();
    json_object_set_new(errors, strncmp(error, "error.sms.", 10) == 0 ? "sms" : "codice",
                        json_string(page_t(req, error)));
    json_object_set_new(c, "errors", errors);
}

/* The enrolment form: a pending key (made now if there is none) shown as a
 * QR code and as text. */
static void enrol_page(struct http_req *req, struct http_resp *resp, int status, bool replacing,
                       const char *error)
{
    struct app *app = req->app;
    struct vc_env env;
    char uri[512] = "";
    enum vc_status st = app_begin(app, req, &env);
    if (st == VC_OK)
        st = app_end(app, &env, second_factor_begin(&env, req->auth.id, uri, sizeof uri));
    if (st != VC_OK) {
        sodium_memzero(uri, sizeof uri);
        page_error(req, resp, st == VC_ERR_DENIED ? 403 : 500, 0);
        return;
    }
    char secret[64], shown[80];
    secret_of(uri, secret, sizeof secret);
    grouped(secret, shown, sizeof shown);
    json_t *c = page_context(req);
    json_object_set_new(c, "enrol", json_true());
    json_object_set_new(c, "replacing", json_boolean(replacing));
    json_object_set_new(c, "secret", json_string(secret));
    json_object_set_new(c, "secret_grouped", json_string(shown));
    /* the profile confirms the app with an SMS code too (core/second_factor.h) */
    json_object_set_new(c, "sms", json_boolean(app->core.profile->enrol_by_sms));
    sodium_memzero(uri, sizeof uri);
    sodium_memzero(secret, sizeof secret);
    sodium_memzero(shown, sizeof shown);
    add_error(req, c, error);
    page_render(req, resp, status, "web/second_factor.html", c);
}

void web_second_factor(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct vc_env env;
    struct second_factor_view v;
    enum vc_status st = app_begin_read(app, req, &env);
    if (st == VC_OK)
        st = app_end(app, &env, second_factor_view(&env, req->auth.id, &v));
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    bool replace = http_query(req, "nuova") != NULL;
    if (!v.enrolled || (replace && at_level_2(req))) {
        enrol_page(req, resp, 200, v.enrolled, NULL);
        return;
    }
    json_t *c = page_context(req);
    char since[32];
    page_format_time(v.enrolled_at, since);
    json_object_set_new(c, "enrolled", json_true());
    json_object_set_new(c, "since", json_string(since));
    json_object_set_new(c, "codes_left", json_integer(v.codes_left));
    json_object_set_new(c, "few_codes", json_boolean(v.codes_left <= 3));
    json_object_set_new(c, "can_change", json_boolean(at_level_2(req)));
    page_render(req, resp, 200, "web/second_factor.html", c);
}

void web_second_factor_qr(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct vc_env env;
    char uri[512] = "";
    enum vc_status st = app_begin(app, req, &env);
    if (st == VC_OK)
        st = app_end(app, &env, second_factor_begin(&env, req->auth.id, uri, sizeof uri));
    if (st == VC_OK) {
        buf_reset(&resp->body);
        st = qr_png(uri, 6, &resp->body);
    }
    sodium_memzero(uri, sizeof uri);
    if (st != VC_OK) {
        page_error(req, resp, st == VC_ERR_DENIED ? 404 : 500, 0);
        return;
    }
    resp->status = 200;
    resp->content_type = "image/png";
}

/* The codes as a text file, for the download link (a data: URL: they are
 * never stored in clear, so no later request could serve them). */
static char *codes_file(struct http_req *req, const struct second_factor_codes *codes)
{
    char text[SECOND_FACTOR_CODES * (SECOND_FACTOR_CODE_TEXT + 8) + 256];
    int n = snprintf(text, sizeof text, "%s\n%s\n\n", page_t(req, "second_factor.file.title"),
                     page_t(req, "second_factor.file.note"));
    for (size_t i = 0; i < SECOND_FACTOR_CODES && n > 0 && (size_t)n < sizeof text; i++)
        n += snprintf(text + n, sizeof text - (size_t)n, "%2zu. %s\n", i + 1, codes->code[i]);
    static const char hex[] = "0123456789ABCDEF";
    const char *prefix = "data:text/plain;charset=utf-8,";
    size_t len = strlen(text), plen = strlen(prefix);
    char *url = arena_alloc(req->arena, plen + 3 * len + 1), *p = url;
    memcpy(p, prefix, plen);
    p += plen;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)text[i];
        bool plain = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
                     (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' || ch == '_';
        if (plain) {
            *p++ = (char)ch;
        } else {
            *p++ = '%';
            *p++ = hex[ch >> 4];
            *p++ = hex[ch & 15];
        }
    }
    *p = '\0';
    sodium_memzero(text, sizeof text);
    return url;
}

static void codes_page(struct http_req *req, struct http_resp *resp,
                       const struct second_factor_codes *codes)
{
    json_t *c = page_context(req);
    json_t *list = json_array();
    for (size_t i = 0; i < SECOND_FACTOR_CODES; i++)
        json_array_append_new(list, json_string(codes->code[i]));
    json_object_set_new(c, "codes", list);
    json_object_set_new(c, "replaced", json_boolean(codes->replaced));
    json_object_set_new(c, "codes_file", json_string(codes_file(req, codes)));
    page_render(req, resp, 200, "web/second_factor_codes.html", c);
}

void web_second_factor_post(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    const char *typed = http_form(req, "codice");
    char code[8] = "";
    size_t n = 0;
    for (size_t i = 0; typed != NULL && typed[i] != '\0' && i < 32; i++) {
        if (typed[i] >= '0' && typed[i] <= '9' && n < 7)
            code[n++] = typed[i];
        else if (typed[i] != ' ')
            n = 7; /* not a code */
    }
    code[n] = '\0';
    bool replacing = http_form(req, "sostituisci") != NULL;
    if (n != 6) {
        enrol_page(req, resp, 422, replacing, "error.totp.format");
        return;
    }
    if (replacing && !at_level_2(req)) {
        page_error(req, resp, 403, 0);
        return;
    }
    struct vc_env env;
    struct second_factor_codes codes;
    memset(&codes, 0, sizeof codes);
    enum vc_status st = app_begin(app, req, &env);
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    const char *sms = http_form(req, "sms");
    st = second_factor_confirm(&env, req->auth.id, code, sms != NULL && strlen(sms) < 32 ? sms : "",
                               &codes);
    if (st == VC_OK) /* the level changes: a new session id, level 2 (the code just given) */
        st = app_session_start_amr(req, resp, &env, "varco_session", SESSION_MEMBER, req->auth.id,
                                   LEVEL_FULL_2FA, false, SESSION_AMR_PASSWORD_TOTP);
    st = app_end(app, &env, st);
    if (page_if_limited(req, resp, st))
        goto out;
    if (st == VC_ERR_DENIED) {
        enrol_page(req, resp, 422, replacing, "error.totp.wrong");
        goto out;
    }
    if (st == VC_ERR_INVALID) { /* the SMS code: wrong, spent or expired */
        enrol_page(req, resp, 422, replacing, "error.sms.enrol");
        goto out;
    }
    if (st == VC_ERR_NOT_FOUND) { /* nothing pending (enrolled meanwhile elsewhere) */
        http_resp_redirect(resp, PAGE);
        goto out;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        goto out;
    }
    codes_page(req, resp, &codes);
out:
    sodium_memzero(&codes, sizeof codes);
    sodium_memzero(code, sizeof code);
}

void web_second_factor_remove(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    if (!at_level_2(req)) {
        page_error(req, resp, 403, 0);
        return;
    }
    struct vc_env env;
    enum vc_status st = app_begin(app, req, &env);
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    st = second_factor_remove(&env, req->auth.id);
    if (st == VC_OK) /* every session ended; this one goes on at level 1 */
        st = app_session_start(req, resp, &env, "varco_session", SESSION_MEMBER, req->auth.id,
                               LEVEL_FULL, false);
    st = app_end(app, &env, st);
    if (st != VC_OK && st != VC_ERR_NOT_FOUND) {
        page_error(req, resp, 500, 0);
        return;
    }
    http_resp_redirect(resp, "/area?secondo-fattore=disattivato");
}

/* ---- the login's second step ---- */

/* The account behind the pending cookie, in the caller's transaction. */
static enum vc_status pending_id(struct http_req *req, const struct vc_env *env, int64_t *id)
{
    const char *tok = http_cookie(req, PENDING_COOKIE);
    if (tok == NULL)
        return VC_ERR_NOT_FOUND;
    return second_factor_pending(env, tok, strlen(tok), id);
}

static void login_page(struct http_req *req, struct http_resp *resp, int status, const char *error)
{
    json_t *c = page_context(req);
    const char *next = http_query(req, "next");
    if (next == NULL)
        next = http_form(req, "next");
    json_object_set_new(c, "next", json_string(web_local_path(next) ? next : ""));
    add_error(req, c, error);
    page_render(req, resp, status, "web/login_second_factor.html", c);
}

void web_login_second_factor_form(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct vc_env env;
    int64_t id = 0;
    enum vc_status st = app_begin_read(app, req, &env);
    if (st == VC_OK)
        st = app_end(app, &env, pending_id(req, &env, &id));
    if (st == VC_ERR_NOT_FOUND) { /* no password given, or too long ago */
        http_resp_redirect(resp, "/accedi");
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    login_page(req, resp, 200, NULL);
}

/* The account as it is now, and a step it must do first. */
static enum vc_status account_after(const struct vc_env *env, int64_t id, struct account *a,
                                    const char **forced)
{
    struct member m;
    enum vc_status st = account_load(env, id, a, &m);
    if (st == VC_OK)
        st = account_forced_page(env, id, forced);
    return st;
}

/* Where the person goes once in: a credential to renew or a step forced
 * first, as after a password alone (web/login.c); else the page asked. */
static const char *landing(struct http_req *req, const struct account *a, const char *forced,
                           const struct second_factor_login *out)
{
    const char *next = http_form(req, "next");
    if (a->must_change_password)
        return page_path(account_renew_page(a));
    if (forced != NULL)
        return page_path(forced);
    if (out->by_recovery) /* how many remain, and the way to a new app */
        return arena_printf(req->arena, "/area?recupero=%lld", (long long)out->codes_left);
    return web_local_path(next) ? next : "/area";
}

void web_login_second_factor_post(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    const char *code = http_form(req, "codice");
    if (code == NULL || code[0] == '\0' || strlen(code) > 32) {
        login_page(req, resp, 422, "error.second_factor.missing");
        return;
    }
    char trimmed[33];
    size_t n = 0;
    for (size_t i = 0; code[i] != '\0'; i++) {
        if (code[i] != ' ')
            trimmed[n++] = code[i];
    }
    trimmed[n] = '\0';
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    int64_t id = 0;
    struct second_factor_login out = {0};
    struct account a;
    const char *forced = NULL;
    enum vc_status st = pending_id(req, &env, &id);
    if (st == VC_OK)
        st = second_factor_login(&env, id, trimmed, &out);
    if (st == VC_OK)
        st = account_after(&env, id, &a, &forced);
    if (st == VC_OK) {
        const char *tok = http_cookie(req, PENDING_COOKIE);
        st = session_end(&env, tok, strlen(tok));
    }
    if (st == VC_OK)
        st = app_session_start_amr(req, resp, &env, "varco_session", SESSION_MEMBER, id, a.level,
                                   false, out.amr);
    st = app_end(app, &env, st);
    sodium_memzero(trimmed, sizeof trimmed);
    if (page_if_limited(req, resp, st))
        return;
    if (st == VC_ERR_NOT_FOUND) {
        app_session_clear(req, resp, PENDING_COOKIE);
        http_resp_redirect(resp, "/accedi");
        return;
    }
    if (st == VC_ERR_DENIED) {
        login_page(req, resp, 401, "error.second_factor.wrong");
        return;
    }
    if (st != VC_OK) {
        page_error(req, resp, 500, 0);
        return;
    }
    http_resp_cookie(resp, req, PENDING_COOKIE, "", 0, HTTP_COOKIE_HTTPONLY);
    http_resp_redirect(resp, landing(req, &a, forced, &out));
}

void web_login_second_factor_cancel(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    const char *tok = http_cookie(req, PENDING_COOKIE);
    struct vc_env env;
    if (tok != NULL && app_begin(app, req, &env) == VC_OK) {
        int64_t id = 0;
        enum vc_status st = second_factor_pending(&env, tok, strlen(tok), &id);
        if (st == VC_OK)
            st = session_end(&env, tok, strlen(tok));
        app_end(app, &env, st);
    }
    app_session_clear(req, resp, PENDING_COOKIE);
    http_resp_redirect(resp, "/accedi");
}

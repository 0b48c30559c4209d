/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The application's hooks for the HTTP layer: who is behind the session
 * cookie, where to send someone whose level is not enough, error pages. */
#include <string.h>

#include "core/account.h"
#include "core/delegation.h"
#include "core/operator.h"
#include "core/session.h"
#include "store/store.h"
#include "app/app.h"
#include "app/shared.h"
#include "app/page.h"

/* A member session acting for someone (core/delegation.h): the delegation
 * is read afresh on every request like the session, so a revocation, a
 * removal from the firm or a suspension on any node stops the acting here
 * at once; the session's row is cleared by app_finish. */
static void check_acting(struct http_req *req, const struct vc_env *env, int64_t delegation_id)
{
    struct acting a;
    enum vc_status st = acting_check(env, req->auth.id, delegation_id, &a);
    if (st == VC_OK) {
        req->auth.acting_for = delegation_id;
        /* the tax id's Italian name is the one people read on papers, in
         * either language: P. IVA for a company, C.F. for a person */
        const char *tax = strlen(a.principal_tax_id) == 11 ? "P. IVA" : "C.F.";
        req->auth.acting_label =
            a.firm_name[0] != '\0'
                ? arena_printf(req->arena, "%s (%s %s) \xc2\xb7 %s", a.principal_name, tax,
                               a.principal_tax_id, a.firm_name)
                : arena_printf(req->arena, "%s (%s %s)", a.principal_name, tax, a.principal_tax_id);
    } else if (st == VC_ERR_DENIED) {
        req->auth.acting_stopped = true;
        req->auth.acting_for = 0;
    }
    /* another failure (the store): the request goes on for the person
     * themselves, and the next one checks again */
}

/* Looks one cookie up; fills auth when its session is live. The read
 * transaction of the check stays open for the handler (app_request_begin):
 * one snapshot, one transaction per request. Nothing is cached in the
 * process: every request reads the session's row, so a session ended,
 * suspended or rotated on any node is refused here at once (core/session.h,
 * invariant 1). A write the row wants (last_seen once a minute, or the
 * deletion of an expired session) is left to app_finish. */
static bool try_session(struct http_req *req, const char *cookie, enum session_kind kind)
{
    const char *tok = http_cookie(req, cookie);
    if (tok == NULL)
        return false;
    struct app *app = req->app;
    struct vc_env env;
    if (app_request_begin(app, req, &env) != VC_OK)
        return false;
    struct session se;
    bool write_due = false;
    enum vc_status st = session_check(&env, tok, strlen(tok), &se, &write_due);
    if (write_due)
        req->auth.touch_token = tok;
    /* An operator's rights are read afresh on every request: disabled now
     * means out now, whatever sessions were open. */
    struct operator_account o;
    memset(&o, 0, sizeof o);
    if (st == VC_OK && se.kind == SESSION_OPERATOR && kind == SESSION_OPERATOR)
        st = operator_get(&env, se.principal_id, &o);
    if (st != VC_OK && st != VC_ERR_NOT_FOUND && st != VC_ERR_EXPIRED)
        app_request_end(app);
    if (st != VC_OK || se.kind != kind || o.disabled)
        return false;
    req->auth.must_renew = o.must_change_password;
    /* A member who owes a credential (a temporary code to replace) opens
     * only the page that renews it, whatever the route (invariant: the
     * account is read afresh on every request, like the session). */
    const char *forced = NULL;
    if (kind == SESSION_MEMBER && se.kind == SESSION_MEMBER &&
        account_forced_page(&env, se.principal_id, &forced) == VC_OK && forced != NULL) {
        req->auth.must_renew = true;
        req->auth.renew_path = page_path(forced);
    }
    req->auth.is_admin = o.role == OPERATOR_ADMIN;
    req->auth.is_desk = o.role == OPERATOR_DESK;
    req->auth.who = kind == SESSION_MEMBER ? HTTP_MEMBER : HTTP_OPERATOR;
    req->auth.id = se.principal_id;
    req->auth.level = (int)se.level;
    req->auth.mfa_done = se.mfa_done;
    req->auth.token = tok;
    if (kind == SESSION_MEMBER && se.acting_for != 0)
        check_acting(req, &env, se.acting_for);
    return true;
}

void app_authenticate(struct http_req *req)
{
    memset(&req->auth, 0, sizeof req->auth);
    if (strncmp(req->path, "/backoffice", 11) == 0)
        try_session(req, "varco_bo", SESSION_OPERATOR);
    else
        try_session(req, "varco_session", SESSION_MEMBER);
}

/* After the handler: the request's read transaction ends if the handler
 * left it open, then the session's row gets its write, in a write
 * transaction of its own (best effort: a missed refresh is retried by the
 * next request, and an expired row is refused whether or not it is gone). */
void app_finish(struct http_req *req)
{
    struct app *app = req->app;
    app_request_end(app);
    if (req->auth.acting_stopped && req->auth.token != NULL) {
        /* the delegation ended: the session acts for the person again */
        req->auth.acting_stopped = false;
        struct vc_env env;
        if (app_begin(app, req, &env) == VC_OK)
            app_end(app, &env,
                    session_set_acting(&env, req->auth.token, strlen(req->auth.token), 0));
    }
    const char *tok = req->auth.touch_token;
    req->auth.touch_token = NULL;
    if (tok == NULL)
        return;
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK)
        return;
    app_end(app, &env, session_refresh(&env, tok, strlen(tok)));
}

void app_deny(struct http_req *req, struct http_resp *resp, enum http_need need)
{
    switch (need) {
    case NEED_MEMBER:
    case NEED_MEMBER_FULL:
    case NEED_MEMBER_RENEW:
        if (req->auth.who == HTTP_MEMBER && req->auth.renew_path != NULL) {
            http_resp_redirect(resp, req->auth.renew_path); /* before anything else */
            return;
        }
        if (req->auth.who == HTTP_MEMBER) {
            http_resp_redirect(resp, "/area");
            return;
        }
        http_resp_redirect(resp, strcmp(req->method, "GET") == 0
                                     ? arena_printf(req->arena, "/accedi?next=%s", req->path)
                                     : "/accedi");
        return;
    case NEED_OPERATOR:
    case NEED_OPERATOR_MFA:
    case NEED_ADMIN:
    case NEED_DESK:
        if (req->auth.who != HTTP_OPERATOR)
            http_resp_redirect(resp, "/backoffice/accedi");
        else if (!req->auth.mfa_done)
            http_resp_redirect(resp, "/backoffice/2fa");
        else if (req->auth.must_renew)
            http_resp_redirect(resp, "/backoffice/password");
        else if (req->auth.is_desk && strcmp(req->path, "/backoffice") == 0)
            http_resp_redirect(resp, "/backoffice/sportello"); /* a desk's home */
        else                                                   /* signed in, without the role */
            page_error(req, resp, 403, 0);
        return;
    case NEED_OPERATOR_PASSWORD:
    case NEED_NONE:
        http_resp_redirect(resp, "/backoffice/accedi");
        return;
    }
}

void app_error(struct http_req *req, struct http_resp *resp, int status, int retry_after)
{
    page_error(req, resp, status, retry_after);
}

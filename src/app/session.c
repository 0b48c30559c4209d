/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Starting and ending the member's session from a handler: a fresh id at
 * every start (login, registration, level change), the old one ended; and
 * after a step the engine completed, the rotation it asks for. */
#include <sodium.h>
#include <string.h>

#include "core/session.h"
#include "app/app.h"
#include "app/shared.h"
#include "core/journey.h"
#include "util/str.h"

enum vc_status app_session_start(struct http_req *req, struct http_resp *resp,
                                 const struct vc_env *env, const char *cookie,
                                 enum session_kind kind, int64_t id, enum account_level level,
                                 bool mfa_done)
{
    /* A rotation of the same member's session (a level change, a new
     * password) keeps how the person authenticated (core/session.h,
     * invariant 4): a second factor given stays given. */
    char amr[sizeof((struct session *)0)->amr] = "";
    struct session old;
    if (kind == SESSION_MEMBER && req->auth.token != NULL && req->auth.who == HTTP_MEMBER &&
        req->auth.id == id &&
        session_check(env, req->auth.token, strlen(req->auth.token), &old, NULL) == VC_OK)
        str_copy(amr, old.amr, sizeof amr);
    if (kind == SESSION_MEMBER && amr[0] == '\0')
        str_copy(amr, SESSION_AMR_PASSWORD, sizeof amr);
    return app_session_start_amr(req, resp, env, cookie, kind, id, level, mfa_done, amr);
}

enum vc_status app_session_start_amr(struct http_req *req, struct http_resp *resp,
                                     const struct vc_env *env, const char *cookie,
                                     enum session_kind kind, int64_t id, enum account_level level,
                                     bool mfa_done, const char *amr)
{
    if (req->auth.token != NULL) {
        enum vc_status st = session_end(env, req->auth.token, strlen(req->auth.token));
        if (st != VC_OK)
            return st;
    }
    char tok[TOKEN_TEXT_LEN + 1];
    enum vc_status st = session_create_amr(env, kind, id, level, mfa_done, amr,
                                           http_header(req, "User-Agent"), tok);
    if (st != VC_OK)
        return st;
    http_resp_cookie(resp, req, cookie, tok, -1, HTTP_COOKIE_HTTPONLY);
    sodium_memzero(tok, sizeof tok);
    http_csrf_rotate(req, resp);
    return VC_OK;
}

void app_session_clear(struct http_req *req, struct http_resp *resp, const char *cookie)
{
    http_resp_cookie(resp, req, cookie, "", 0, HTTP_COOKIE_HTTPONLY);
    http_csrf_rotate(req, resp);
}

enum vc_status app_after_step(struct http_req *req, struct http_resp *resp,
                              const struct vc_env *env, int64_t account_id,
                              const struct journey_outcome *out)
{
    /* only the person's own session moves; a link opened elsewhere or an
     * operator's decision leaves whatever session the person has */
    if (!out->level_changed || req->auth.who != HTTP_MEMBER || req->auth.id != account_id)
        return VC_OK;
    return app_session_start(req, resp, env, "varco_session", SESSION_MEMBER, account_id,
                             out->level, false);
}

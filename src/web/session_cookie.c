/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Starting and ending the member's session from a handler: a fresh id at
 * every start (login, registration, level change), the old one ended; and
 * after a step the engine completed, the rotation it asks for. */
#include <sodium.h>
#include <string.h>

#include "core/session.h"
#include "web/app.h"
#include "web/handlers.h"

enum vc_status web_session_start(struct http_req *req, struct http_resp *resp,
                                 const struct vc_env *env, const char *cookie,
                                 enum session_kind kind, int64_t id, enum account_level level,
                                 bool mfa_done)
{
    if (req->auth.token != NULL) {
        enum vc_status st = session_end(env, req->auth.token, strlen(req->auth.token));
        if (st != VC_OK)
            return st;
    }
    char tok[TOKEN_TEXT_LEN + 1];
    enum vc_status st =
        session_create(env, kind, id, level, mfa_done, http_header(req, "User-Agent"), tok);
    if (st != VC_OK)
        return st;
    http_resp_cookie(resp, req, cookie, tok, -1, HTTP_COOKIE_HTTPONLY);
    sodium_memzero(tok, sizeof tok);
    http_csrf_rotate(req, resp);
    return VC_OK;
}

void web_session_clear(struct http_req *req, struct http_resp *resp, const char *cookie)
{
    http_resp_cookie(resp, req, cookie, "", 0, HTTP_COOKIE_HTTPONLY);
    http_csrf_rotate(req, resp);
}

enum vc_status web_after_step(struct http_req *req, struct http_resp *resp,
                              const struct vc_env *env, int64_t account_id,
                              const struct journey_outcome *out)
{
    /* only the person's own session moves; a link opened elsewhere or an
     * operator's decision leaves whatever session the person has */
    if (!out->level_changed || req->auth.who != HTTP_MEMBER || req->auth.id != account_id)
        return VC_OK;
    return web_session_start(req, resp, env, "varco_session", SESSION_MEMBER, account_id,
                             out->level, false);
}

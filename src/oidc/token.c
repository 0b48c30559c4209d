/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The back-channel endpoints a client calls with its credentials: token
 * (code exchange, refresh rotation), introspection (RFC 7662) and
 * revocation (RFC 7009). */
#include <stdlib.h>
#include <string.h>

#include "oidc/oidc.h"

/* The ID token and the access token (RFC 9068) of a grant. */
static enum vc_status tokens(struct http_req *req, const struct oidc_client *c,
                             const struct oidc_issued *is, char **id_token, char **access)
{
    const struct oidc_grant *g = &is->grant;
    int64_t now = app_clock_now(NULL);
    char jti[OIDC_JTI_LEN + 1];
    oidc_jti(jti);
    json_t *id =
        json_pack("{s:s,s:s,s:s,s:I,s:I,s:I,s:s,s:o,s:s}", "iss", oidc_issuer(req), "sub", is->sub,
                  "aud", c->client_id, "exp", (json_int_t)(now + OIDC_ID_TOKEN_SECONDS), "iat",
                  (json_int_t)now, "auth_time", (json_int_t)g->auth_time, "acr", g->acr, "amr",
                  oidc_words(g->amr), "sid", g->sid);
    if (g->nonce[0] != '\0')
        json_object_set_new(id, "nonce", json_string(g->nonce));
    if (id != NULL)
        oidc_party_claims(req, id, &is->party);
    json_t *at = json_pack("{s:s,s:s,s:s,s:s,s:I,s:I,s:s,s:s,s:s,s:I,s:s}", "iss", oidc_issuer(req),
                           "sub", is->sub, "aud", oidc_issuer(req), "client_id", c->client_id,
                           "exp", (json_int_t)(now + OIDC_ACCESS_SECONDS), "iat", (json_int_t)now,
                           "jti", jti, "scope", g->scope, "sid", g->sid, "auth_time",
                           (json_int_t)g->auth_time, "acr", g->acr);
    if (at != NULL && is->party.actor_account != 0) /* who acts: the resource server sees it */
        json_object_set_new(at, "act", json_pack("{s:s}", "sub", is->party.actor_sub));
    enum vc_status st = id && at ? VC_OK : VC_ERR_NOMEM;
    if (st == VC_OK)
        st = oidc_sign(req, c->id_token_alg, "JWT", id, id_token);
    if (st == VC_OK)
        st = oidc_sign(req, "ES256", "at+jwt", at, access);
    json_decref(id);
    json_decref(at);
    return st;
}

void oidc_token(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct vc_env env;
    if (app_begin(app, req, &env) != VC_OK) {
        oidc_json_error(req, resp, 500, OIDC_E_NONE, NULL);
        return;
    }
    struct oidc_client c;
    enum vc_status st = oidc_client_authenticate(req, &env, &c);
    if (st != VC_OK) {
        st = app_end(app, &env, st == VC_ERR_DENIED ? VC_OK : st);
        if (st != VC_OK)
            oidc_json_error(req, resp, 500, OIDC_E_NONE, NULL);
        else
            oidc_json_error(req, resp, 401, OIDC_E_INVALID_CLIENT, "client authentication failed");
        return;
    }
    const char *type = http_form(req, "grant_type");
    struct oidc_issued is;
    enum oidc_error err = OIDC_E_NONE;
    if (type != NULL && strcmp(type, "authorization_code") == 0)
        st = oidc_code_exchange(&env, &c, http_form(req, "code"), http_form(req, "redirect_uri"),
                                http_form(req, "code_verifier"), &is, &err);
    else if (type != NULL && strcmp(type, "refresh_token") == 0)
        st = oidc_refresh_rotate(&env, &c, http_form(req, "refresh_token"), &is, &err);
    else {
        st = VC_ERR_DENIED;
        err = type == NULL ? OIDC_E_INVALID_REQUEST : OIDC_E_UNSUPPORTED_GRANT_TYPE;
    }
    char *id_token = NULL, *access = NULL;
    if (st == VC_OK)
        st = tokens(req, &c, &is, &id_token, &access);
    /* a refusal commits too: a reused code's revocation must stay */
    enum vc_status end = app_end(app, &env, st == VC_ERR_DENIED ? VC_OK : st);
    if (end != VC_OK || (st != VC_OK && st != VC_ERR_DENIED)) {
        oidc_json_error(req, resp, 500, OIDC_E_NONE, NULL);
    } else if (st == VC_ERR_DENIED) {
        oidc_json_error(req, resp, 400, err, NULL);
    } else {
        json_t *o = json_pack("{s:s,s:s,s:i,s:s,s:s,s:s}", "access_token", access, "token_type",
                              "Bearer", "expires_in", OIDC_ACCESS_SECONDS, "refresh_token",
                              is.refresh, "id_token", id_token, "scope", is.grant.scope);
        oidc_json(req, resp, 200, o);
    }
    free(id_token);
    free(access);
}

/* ---- introspection and revocation ---- */

static bool authenticated(struct http_req *req, struct http_resp *resp, struct vc_env *env,
                          struct oidc_client *c)
{
    struct app *app = req->app;
    if (app_begin(app, req, env) != VC_OK) {
        oidc_json_error(req, resp, 500, OIDC_E_NONE, NULL);
        return false;
    }
    enum vc_status st = oidc_client_authenticate(req, env, c);
    if (st == VC_OK)
        return true;
    st = app_end(app, env, st == VC_ERR_DENIED ? VC_OK : st);
    if (st == VC_OK)
        oidc_json_error(req, resp, 401, OIDC_E_INVALID_CLIENT, "client authentication failed");
    else
        oidc_json_error(req, resp, 500, OIDC_E_NONE, NULL);
    return false;
}

void oidc_introspect(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct vc_env env;
    struct oidc_client c, owner;
    if (!authenticated(req, resp, &env, &c))
        return;
    const char *token = http_form(req, "token");
    json_t *out = json_pack("{s:b}", "active", 0);
    struct oidc_grant g;
    enum vc_status st = VC_OK;
    json_t *claims = NULL;
    if (token != NULL && strchr(token, '.') != NULL) { /* an access token: any client may ask */
        if (oidc_token_verify(req, token, "at+jwt", false, &claims) == VC_OK) {
            const char *sid = json_string_value(json_object_get(claims, "sid"));
            st = oidc_grant_live(&env, sid, &g, &owner);
            if (st == VC_OK) {
                json_decref(out);
                out = json_deep_copy(claims);
                json_object_set_new(out, "active", json_true());
                json_object_set_new(out, "token_type", json_string("Bearer"));
            }
        }
    } else if (token != NULL) { /* a refresh token: only its own client */
        struct oidc_party party;
        st = oidc_refresh_active(&env, &c, token, &g);
        if (st == VC_OK && (st = oidc_party_of(&env, &c, &g, &party)) == VC_ERR_DENIED)
            st = VC_ERR_NOT_FOUND; /* its delegation ended: no longer active */
        if (st == VC_OK) {
            json_decref(out);
            out = json_pack("{s:b,s:s,s:s,s:s,s:s,s:s,s:I,s:s}", "active", 1, "client_id",
                            c.client_id, "sub", party.sub, "scope", g.scope, "iss",
                            oidc_issuer(req), "token_type", "refresh_token", "auth_time",
                            (json_int_t)g.auth_time, "sid", g.sid);
        }
    }
    json_decref(claims);
    st = app_end(app, &env, st == VC_ERR_NOT_FOUND ? VC_OK : st);
    if (st != VC_OK) {
        json_decref(out);
        oidc_json_error(req, resp, 500, OIDC_E_NONE, NULL);
        return;
    }
    oidc_json(req, resp, 200, out);
}

void oidc_revoke(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    struct vc_env env;
    struct oidc_client c;
    if (!authenticated(req, resp, &env, &c))
        return;
    const char *token = http_form(req, "token");
    enum vc_status st = VC_OK;
    if (token != NULL && strchr(token, '.') != NULL) {
        json_t *claims = NULL;
        if (oidc_token_verify(req, token, "at+jwt", true, &claims) == VC_OK) {
            const char *cid = json_string_value(json_object_get(claims, "client_id"));
            if (cid != NULL && strcmp(cid, c.client_id) == 0)
                st = oidc_revoke_sid(&env, &c, json_string_value(json_object_get(claims, "sid")));
            json_decref(claims);
        }
    } else if (token != NULL) {
        st = oidc_revoke_refresh(&env, &c, token);
    }
    st = app_end(app, &env, st);
    if (st != VC_OK) {
        oidc_json_error(req, resp, 500, OIDC_E_NONE, NULL);
        return;
    }
    oidc_json(req, resp, 200, json_object()); /* also for an unknown token (RFC 7009 §2.2) */
}

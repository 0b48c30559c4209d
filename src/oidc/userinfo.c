/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The UserInfo endpoint: the person's claims for an access token, as its
 * scope allows (OpenID Connect Core §5.3; claim names of SPID/CIE OpenID
 * Connect, DESIGN.md §5). The token is checked against its grant, so a
 * logout or revocation ends it at once. */
#include <string.h>

#include "oidc/oidc.h"
#include "oidc/verified.h"
#include "util/str.h"

static void refuse(struct http_req *req, struct http_resp *resp, const char *why)
{
    http_resp_header(resp, req, "WWW-Authenticate",
                     arena_printf(req->arena,
                                  "Bearer error=\"invalid_token\","
                                  " error_description=\"%s\"",
                                  why));
    oidc_json(req, resp, 401, json_pack("{s:s}", "error", "invalid_token"));
}

static const char *bearer(struct http_req *req)
{
    const char *h = http_header(req, "Authorization");
    if (h != NULL && strncasecmp(h, "Bearer ", 7) == 0)
        return h + 7;
    return http_form(req, "access_token"); /* RFC 6750 §2.2, POST only */
}

static void set_if(json_t *o, const char *name, const char *value)
{
    if (value != NULL && value[0] != '\0')
        json_object_set_new(o, name, json_string(value));
}

void oidc_userinfo(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    const char *token = bearer(req);
    json_t *claims = NULL;
    if (token == NULL) {
        http_resp_header(resp, req, "WWW-Authenticate", "Bearer realm=\"varco\"");
        oidc_json(req, resp, 401, json_pack("{s:s}", "error", "invalid_request"));
        return;
    }
    /* a token seen before skips the signature (oidc/verified.h) */
    char sid[OIDC_SID_LEN + 1] = "";
    if (!verified_get(token, app_clock_now(NULL), sid)) {
        if (oidc_token_verify(req, token, "at+jwt", false, &claims) != VC_OK) {
            refuse(req, resp, "the access token is not valid");
            return;
        }
        const char *s = json_string_value(json_object_get(claims, "sid"));
        str_copy(sid, s ? s : "", sizeof sid);
        if (strlen(sid) == OIDC_SID_LEN)
            verified_put(token, json_integer_value(json_object_get(claims, "exp")), sid);
        json_decref(claims);
    }
    struct vc_env env;
    if (app_begin_read(app, req, &env) != VC_OK) {
        oidc_json_error(req, resp, 500, OIDC_E_NONE, NULL);
        return;
    }
    struct oidc_grant g;
    struct oidc_client c;
    struct oidc_claims who;
    struct oidc_party party;
    enum vc_status st = oidc_grant_live(&env, sid, &g, &c);
    if (st == VC_OK && (st = oidc_party_of(&env, &c, &g, &party)) == VC_ERR_DENIED)
        st = VC_ERR_NOT_FOUND; /* acting under a delegation that ended */
    if (st == VC_OK) /* the subject's claims: the principal's when someone acts for them */
        st = oidc_claims_of(&env, party.subject_account, &who);
    st = app_end(app, &env, st);
    if (st == VC_ERR_NOT_FOUND) {
        refuse(req, resp, "the access token was revoked");
        return;
    }
    if (st != VC_OK) {
        oidc_json_error(req, resp, 500, OIDC_E_NONE, NULL);
        return;
    }
    json_t *o = json_pack("{s:s}", "sub", party.sub);
    oidc_party_claims(req, o, &party);
    /* someone acting for a company reads the company's claims, never its
     * representative's personal data */
    bool personal = !(party.actor_account != 0 && party.company_name[0] != '\0');
    if (oidc_scope_has(g.scope, "profile") && !personal)
        set_if(o, "matricola", who.matricola);
    if (oidc_scope_has(g.scope, "profile") && personal) {
        set_if(o, "given_name", who.person.given_name);
        set_if(o, "family_name", who.person.family_name);
        set_if(o, "birthdate", who.person.birth_date);
        if (who.person.codice_fiscale[0] != '\0')
            json_object_set_new(
                o, "https://attributes.eid.gov.it/fiscal_number",
                json_string(arena_printf(req->arena, "TINIT-%s", who.person.codice_fiscale)));
        set_if(o, "matricola", who.matricola);
    }
    if (oidc_scope_has(g.scope, "email") && personal) {
        set_if(o, "email", who.account.username);
        json_object_set_new(o, "email_verified", json_boolean(who.account.email_confirmed));
    }
    if (oidc_scope_has(g.scope, "phone") && personal)
        set_if(o, "phone_number", who.person.mobile);
    oidc_json(req, resp, 200, o);
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* OpenID Provider metadata (OpenID Connect Discovery 1.0, RFC 8414) and
 * the JWKS with varco's public keys. */
#include <stdlib.h>
#include <string.h>

#include "oidc/keys.h"
#include "oidc/oidc.h"
#include "util/json_mem.h"

static json_t *endpoint(const char *issuer, const char *path)
{
    size_t n = strlen(issuer) + strlen(path) + 1;
    char *s = malloc(n);
    if (s == NULL)
        return NULL;
    memcpy(s, issuer, strlen(issuer));
    memcpy(s + strlen(issuer), path, strlen(path) + 1);
    json_t *j = json_string(s);
    free(s);
    return j;
}

void oidc_discovery(struct http_req *req, struct http_resp *resp)
{
    const char *iss = oidc_issuer(req);
    json_t *o = json_object();
    json_object_set_new(o, "issuer", json_string(iss));
    json_object_set_new(o, "authorization_endpoint", endpoint(iss, OIDC_PATH_AUTHORIZE));
    json_object_set_new(o, "token_endpoint", endpoint(iss, OIDC_PATH_TOKEN));
    json_object_set_new(o, "userinfo_endpoint", endpoint(iss, OIDC_PATH_USERINFO));
    json_object_set_new(o, "jwks_uri", endpoint(iss, OIDC_PATH_JWKS));
    json_object_set_new(o, "revocation_endpoint", endpoint(iss, OIDC_PATH_REVOKE));
    json_object_set_new(o, "introspection_endpoint", endpoint(iss, OIDC_PATH_INTROSPECT));
    json_object_set_new(o, "end_session_endpoint", endpoint(iss, OIDC_PATH_LOGOUT));
    json_object_set_new(o, "scopes_supported", oidc_words(OIDC_SCOPES_SUPPORTED));
    json_object_set_new(o, "response_types_supported", json_pack("[s]", "code"));
    json_object_set_new(o, "response_modes_supported", json_pack("[s]", "query"));
    json_object_set_new(o, "grant_types_supported",
                        json_pack("[s,s]", "authorization_code", "refresh_token"));
    json_object_set_new(o, "subject_types_supported", json_pack("[s,s]", "public", "pairwise"));
    json_object_set_new(o, "id_token_signing_alg_values_supported",
                        json_pack("[s,s]", "ES256", "RS256"));
    json_object_set_new(
        o, "token_endpoint_auth_methods_supported",
        json_pack("[s,s,s]", "client_secret_basic", "client_secret_post", "private_key_jwt"));
    json_object_set_new(o, "token_endpoint_auth_signing_alg_values_supported",
                        json_pack("[s,s]", "ES256", "RS256"));
    json_object_set_new(
        o, "revocation_endpoint_auth_methods_supported",
        json_pack("[s,s,s]", "client_secret_basic", "client_secret_post", "private_key_jwt"));
    json_object_set_new(
        o, "introspection_endpoint_auth_methods_supported",
        json_pack("[s,s,s]", "client_secret_basic", "client_secret_post", "private_key_jwt"));
    json_object_set_new(o, "code_challenge_methods_supported", json_pack("[s]", "S256"));
    json_object_set_new(o, "acr_values_supported", json_pack("[s,s]", OIDC_ACR_L1, OIDC_ACR_L2));
    json_object_set_new(o, "prompt_values_supported",
                        json_pack("[s,s,s]", "none", "login", "consent"));
    json_object_set_new(o, "claims_supported",
                        json_pack("[s,s,s,s,s,s,s,s,s,s,s,s,s,s]", "sub", "iss", "auth_time", "acr",
                                  "amr", "sid", "given_name", "family_name", "birthdate", "email",
                                  "email_verified", "phone_number",
                                  "https://attributes.eid.gov.it/fiscal_number", "matricola"));
    json_object_set_new(o, "claims_parameter_supported", json_false());
    json_object_set_new(o, "request_parameter_supported", json_false());
    json_object_set_new(o, "request_uri_parameter_supported", json_false());
    json_object_set_new(o, "authorization_response_iss_parameter_supported", json_true());
    json_object_set_new(o, "backchannel_logout_supported", json_true());
    json_object_set_new(o, "backchannel_logout_session_supported", json_true());
    json_object_set_new(o, "frontchannel_logout_supported", json_false());
    json_object_set_new(o, "ui_locales_supported", json_pack("[s,s]", "it", "en"));
    char *text = json_text(o, JSON_COMPACT);
    json_decref(o);
    if (text == NULL) {
        oidc_json_error(req, resp, 500, OIDC_E_NONE, NULL);
        return;
    }
    http_resp_set(resp, 200, "application/json", text, strlen(text));
    free(text);
    http_resp_header(resp, req, "Cache-Control", "public, max-age=300");
    http_resp_header(resp, req, "Access-Control-Allow-Origin", "*");
}

void oidc_jwks(struct http_req *req, struct http_resp *resp)
{
    struct app *app = req->app;
    char *text = NULL;
    if (oidc_keys_jwks(app->oidc_keys, app_store(app), app_clock_now(NULL), &text) != VC_OK) {
        oidc_json_error(req, resp, 500, OIDC_E_NONE, "the keys could not be read");
        return;
    }
    http_resp_set(resp, 200, "application/jwk-set+json", text, strlen(text));
    free(text);
    /* short: a rotation must reach the relying parties within minutes */
    http_resp_header(resp, req, "Cache-Control", "public, max-age=60");
    http_resp_header(resp, req, "Access-Control-Allow-Origin", "*");
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The OpenID Connect provider's handlers (issue 14): discovery, JWKS,
 * authorization with its consent page, token, userinfo, introspection,
 * revocation, RP-initiated logout. They parse the protocol's requests,
 * call core/oidc.h for every decision, sign with oidc/keys.h and answer in
 * the protocol's JSON; what a person sees goes through app/page.h. */
#ifndef VARCO_OIDC_OIDC_H
#define VARCO_OIDC_OIDC_H

#include <jansson.h>
#include <stddef.h>

#include "app/app.h"
#include "core/oidc.h"
#include "http/http.h"

/* oidc/routes.c */
extern const struct http_route oidc_routes[];
extern const size_t oidc_routes_n;

/* The paths, relative to the issuer (the deployment's base_url). */
#define OIDC_PATH_AUTHORIZE "/oidc/authorize"
#define OIDC_PATH_TOKEN "/oidc/token"
#define OIDC_PATH_USERINFO "/oidc/userinfo"
#define OIDC_PATH_JWKS "/oidc/jwks"
#define OIDC_PATH_REVOKE "/oidc/revoke"
#define OIDC_PATH_INTROSPECT "/oidc/introspect"
#define OIDC_PATH_LOGOUT "/oidc/logout"

void oidc_discovery(struct http_req *req, struct http_resp *resp);
void oidc_jwks(struct http_req *req, struct http_resp *resp);
void oidc_authorize(struct http_req *req, struct http_resp *resp);
void oidc_authorize_consent(struct http_req *req, struct http_resp *resp);
void oidc_token(struct http_req *req, struct http_resp *resp);
void oidc_userinfo(struct http_req *req, struct http_resp *resp);
void oidc_introspect(struct http_req *req, struct http_resp *resp);
void oidc_revoke(struct http_req *req, struct http_resp *resp);
void oidc_logout(struct http_req *req, struct http_resp *resp);
void oidc_logout_post(struct http_req *req, struct http_resp *resp);

/* The logout token of a back-channel logout (notify/outbox.h's signer;
 * ctx is the struct app): payload_json holds client_id, sub, sid, alg. */
enum vc_status oidc_logout_token(void *ctx, const char *payload_json, char **jwt);

/* ---- oidc/common.c: what the handlers share ---- */

const char *oidc_issuer(struct http_req *req);
/* A JSON answer (o stolen), never cached. */
void oidc_json(struct http_req *req, struct http_resp *resp, int status, json_t *o);
/* {"error", "error_description"}; 401 adds WWW-Authenticate for the client. */
void oidc_json_error(struct http_req *req, struct http_resp *resp, int status, enum oidc_error e,
                     const char *description);
/* uri with the query parameters added (names and values percent-encoded);
 * names[i] with a NULL value is left out. Arena string. */
const char *oidc_url_with(struct http_req *req, const char *uri, const char *const *names,
                          const char *const *values, size_t n);
/* Percent-encodes s (RFC 3986 unreserved kept). Arena string. */
const char *oidc_url_encode(struct http_req *req, const char *s);
/* Sends the browser on to an address of another site. A request that
 * came from one of varco's own pages (a form, and the redirects after it)
 * gets a page that moves on by itself, because browsers hold the redirects
 * after a form to the form's own site (CSP form-action); others a 303. */
void oidc_send_away(struct http_req *req, struct http_resp *resp, const char *url,
                    const char *client_name);
/* The client authenticated at token, introspection and revocation:
 * client_secret_basic, client_secret_post or private_key_jwt. VC_OK fills
 * c; VC_ERR_DENIED when it fails (answered by the caller: 401). */
enum vc_status oidc_client_authenticate(struct http_req *req, const struct vc_env *env,
                                        struct oidc_client *c);
/* Verifies a token signed by varco (oidc/keys.h) and checks iss, exp (unless
 * allow_expired) and typ. *claims: new reference. */
enum vc_status oidc_token_verify(struct http_req *req, const char *compact, const char *typ,
                                 bool allow_expired, json_t **claims);
/* A token's unique id: 128 random bits in hex. */
#define OIDC_JTI_LEN 32
void oidc_jti(char out[OIDC_JTI_LEN + 1]);
/* The JSON-array form of a space-separated word list ("pwd otp"). */
json_t *oidc_words(const char *s);
/* What a token says of its party (core/oidc.h struct oidc_party): the
 * company's name and partita IVA when the subject is a company, and "act"
 * (RFC 8693 §4.1) with the actor's subject and names when someone acts for
 * the subject. Added to o. */
void oidc_party_claims(struct http_req *req, json_t *o, const struct oidc_party *p);
/* Signs claims with the client's ID token algorithm or ES256; *out malloc'd. */
enum vc_status oidc_sign(struct http_req *req, const char *alg, const char *typ,
                         const json_t *claims, char **out);

#endif

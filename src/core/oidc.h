/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The OpenID Connect provider's rules (issue 14), free of HTTP, keys and
 * JSON on the wire: oidc/ parses requests, signs tokens and answers; this
 * file decides. The institution's applications (clients) are registered by
 * the administrator; a person's authorization of one is a grant.
 *
 *   authorize ─check─▶ decide ─▶ LOGIN | CONSENT | JOURNEY | FAIL
 *                                  └──▶ ISSUE: a code (60 s, single use) bound
 *                                       to client, redirect URI, PKCE S256
 *   code ──exchange──▶ grant live: a refresh token (rotated on every use)
 *   grant ──revoked──▶ by logout (varco's, the RP's, the area's), a code
 *                      used twice, a refresh token used twice, revocation
 *
 * Invariants:
 *  1. Every code, refresh token and client secret is stored only as a keyed
 *     hash (crypto/token.h); a code or refresh token is accepted once.
 *  2. A code presented again, or a rotated refresh token presented again,
 *     revokes its whole grant: every refresh token made from it, and the
 *     access tokens with it (userinfo and introspection read the grant).
 *  3. Errors that must not go back to a client (unknown client, a redirect
 *     URI not registered exactly) are said to the person, never redirected.
 *  4. Ending a grant queues a back-channel logout to its client when the
 *     client has a back-channel URI (transactional outbox). */
#ifndef VARCO_CORE_OIDC_H
#define VARCO_CORE_OIDC_H

#include <stdbool.h>

#include "core/env.h"
#include "core/types.h"
#include "crypto/token.h"
#include "util/status.h"

#define OIDC_CODE_SECONDS 60
#define OIDC_ACCESS_SECONDS 300 /* access tokens (RFC 9068 JWTs) */
#define OIDC_ID_TOKEN_SECONDS 600
#define OIDC_REFRESH_SECONDS (30 * 86400LL)
#define OIDC_ASSERTION_MAX_SECONDS 300 /* a private_key_jwt assertion's longest life */
/* A retired signing key stays published this long: the longest life of a
 * token it signed. */
#define OIDC_KEY_GRACE_SECONDS (OIDC_ID_TOKEN_SECONDS + 60)
#define OIDC_ACR_L1 "https://www.spid.gov.it/SpidL1"
#define OIDC_ACR_L2 "https://www.spid.gov.it/SpidL2"
#define OIDC_SCOPES_SUPPORTED "openid profile email phone offline_access"
#define OIDC_SUB_LEN 64 /* hex */
#define OIDC_CLIENTS_MAX 64
#define OIDC_GRANTS_MAX 32

enum oidc_error {
    OIDC_E_NONE,
    OIDC_E_INVALID_REQUEST,
    OIDC_E_UNAUTHORIZED_CLIENT,
    OIDC_E_ACCESS_DENIED,
    OIDC_E_UNSUPPORTED_RESPONSE_TYPE,
    OIDC_E_INVALID_SCOPE,
    OIDC_E_LOGIN_REQUIRED,
    OIDC_E_CONSENT_REQUIRED,
    OIDC_E_INTERACTION_REQUIRED,
    OIDC_E_UNMET_AUTHENTICATION,
    OIDC_E_INVALID_CLIENT,
    OIDC_E_INVALID_GRANT,
    OIDC_E_UNSUPPORTED_GRANT_TYPE,
};
/* The RFC 6749 / OIDC error code: "invalid_request" ... */
const char *oidc_error_name(enum oidc_error e);

/* ---- clients (the administrator's CLI) ---- */

struct oidc_client_spec {
    const char *name;             /* shown to people; the client_id is its slug */
    const char *redirect_uris[8]; /* at least one; absolute http(s), no fragment */
    size_t n_redirect;
    const char *post_logout_uris[8];
    size_t n_post_logout;
    const char *backchannel_uri; /* NULL */
    const char *home_url;        /* NULL */
    const char *jwks;            /* a JWKS (private_key_jwt); NULL: a secret */
    const char *id_token_alg;    /* NULL: "ES256" */
    bool first_party;
    bool pairwise;
};
/* Registers a client. secret gets the client secret (shown once) unless
 * spec->jwks is given (then ""). VC_ERR_INVALID with why in err (English,
 * for the administrator); VC_ERR_CONFLICT if the name's slug is taken. */
enum vc_status oidc_client_add(const struct vc_env *env, const struct oidc_client_spec *spec,
                               struct oidc_client *out, char secret[TOKEN_TEXT_LEN + 1], char *err,
                               size_t err_len);
/* Removes a client and revokes every grant people gave it. */
enum vc_status oidc_client_remove(const struct vc_env *env, const char *client_id);
/* A registered client; VC_ERR_NOT_FOUND if unknown or removed. */
enum vc_status oidc_client_find(const struct vc_env *env, const char *client_id,
                                struct oidc_client *out);
/* Whether uri is one of list's lines, byte for byte. */
bool oidc_uri_listed(const char *list, const char *uri);
/* The client's secret (client_secret_basic or _post): VC_OK or VC_ERR_DENIED. */
enum vc_status oidc_client_check_secret(const struct vc_env *env, const struct oidc_client *c,
                                        const char *secret);
/* The claims of a private_key_jwt assertion whose signature the caller
 * verified with the client's keys (RFC 7523): iss and sub are the client,
 * aud names audience, exp in the future and not too far, jti never seen
 * (recorded). VC_OK or VC_ERR_DENIED. */
struct oidc_assertion {
    const char *iss, *sub, *jti;
    const char *const *aud; /* the aud values */
    size_t n_aud;
    int64_t exp;
};
enum vc_status oidc_client_check_assertion(const struct vc_env *env, const struct oidc_client *c,
                                           const struct oidc_assertion *a, const char *audience1,
                                           const char *audience2);

/* ---- authorization ---- */

struct oidc_auth_request { /* the query of /authorize; NULL when absent */
    const char *response_type, *client_id, *redirect_uri, *scope, *state, *nonce;
    const char *code_challenge, *code_challenge_method, *prompt, *max_age, *login_hint;
    const char *acr_values, *request, *request_uri;
};

struct oidc_auth_check {
    struct oidc_client client;
    bool client_ok; /* client and redirect URI known: errors go back to it (invariant 3) */
    enum oidc_error error;
    const char *error_description; /* English, static */
    bool prompt_none, prompt_login, prompt_consent;
    int64_t max_age; /* -1: none asked */
    bool want_level2;
    char scope[OIDC_SCOPE_MAX + 1]; /* the supported scopes asked, in order */
};
/* Checks an authorization request. VC_OK with out->error set when the
 * request is refused; VC_ERR_STORE when the store failed. */
enum vc_status oidc_authorize_check(const struct vc_env *env, const struct oidc_auth_request *r,
                                    struct oidc_auth_check *out);

enum oidc_next {
    OIDC_NEXT_ISSUE,   /* give the code */
    OIDC_NEXT_LOGIN,   /* log in (again): no session, prompt=login, max_age, step-up */
    OIDC_NEXT_CONSENT, /* ask the person */
    OIDC_NEXT_JOURNEY, /* the person has not finished the identification */
    OIDC_NEXT_FAIL,    /* answer the client with *err */
};
/* What to do for a checked request (c->error NONE) given the person's
 * session cookie (NULL: none); se gets the live member session when there
 * is one. fresh_after: the request came back from a login asked at that
 * time (0: it did not); a session made before it does not answer
 * prompt=login, max_age or a step-up. */
enum vc_status oidc_authorize_decide(const struct vc_env *env, const struct oidc_auth_check *c,
                                     const char *session_token, int64_t fresh_after,
                                     struct session *se, enum oidc_next *next,
                                     enum oidc_error *err);
/* The person agreed to give the client these scopes (remembered). */
enum vc_status oidc_consent_give(const struct vc_env *env, int64_t account_id,
                                 const struct oidc_client *c, const char *scope);
/* Makes the code for a decided request; audits it. */
enum vc_status oidc_code_issue(const struct vc_env *env, const struct oidc_auth_check *c,
                               const struct oidc_auth_request *r, const struct session *se,
                               char code[TOKEN_TEXT_LEN + 1]);

/* ---- the token endpoint ---- */

/* Whom a grant speaks of (core/delegation.h): the person who logged in;
 * or, for a login made while acting for someone (grant.acting_for), the
 * principal as the subject and the person who logged in as the actor
 * (RFC 8693 §4.1 "act"). A company's subject is the account of its legal
 * representative, who acts for it by right: logins of that account carry
 * the company's name and partita IVA too. */
struct oidc_party {
    int64_t subject_account;
    char sub[OIDC_SUB_LEN + 1];
    char company_name[129];          /* the subject is a company; "" */
    char vat_number[TAX_ID_MAX + 1]; /* its partita IVA */
    int64_t actor_account;           /* 0: nobody acts for the subject */
    char actor_sub[OIDC_SUB_LEN + 1];
    char actor_given_name[NAME_MAX_LEN + 1];
    char actor_family_name[NAME_MAX_LEN + 1];
    char actor_fiscal_number[CF_LEN + 1];
    char actor_firm[129]; /* the actor's firm; "" for a procurator */
};
/* VC_ERR_DENIED when the grant was given while acting under a delegation
 * that no longer lets its person act (ended; no longer of the firm ...). */
enum vc_status oidc_party_of(const struct vc_env *env, const struct oidc_client *c,
                             const struct oidc_grant *g, struct oidc_party *out);

struct oidc_issued {
    struct oidc_grant grant;
    char refresh[TOKEN_TEXT_LEN + 1]; /* the new refresh token */
    char sub[OIDC_SUB_LEN + 1];       /* party.sub */
    struct oidc_party party;
};
/* Exchanges a code (with its redirect URI and PKCE verifier) for a grant.
 * VC_ERR_DENIED with *err set on refusal (a reused code also revokes what it
 * gave: invariant 2). */
enum vc_status oidc_code_exchange(const struct vc_env *env, const struct oidc_client *c,
                                  const char *code, const char *redirect_uri, const char *verifier,
                                  struct oidc_issued *out, enum oidc_error *err);
/* Rotates a refresh token. VC_ERR_DENIED with *err on refusal; a rotated
 * token used again revokes its grant. */
enum vc_status oidc_refresh_rotate(const struct vc_env *env, const struct oidc_client *c,
                                   const char *refresh, struct oidc_issued *out,
                                   enum oidc_error *err);
/* The live grant published as sid: VC_ERR_NOT_FOUND if unknown, revoked or
 * of a removed client. */
enum vc_status oidc_grant_live(const struct vc_env *env, const char *sid, struct oidc_grant *out,
                               struct oidc_client *client);
/* A refresh token of client c still good (introspection): VC_OK with its
 * grant, else VC_ERR_NOT_FOUND. */
enum vc_status oidc_refresh_active(const struct vc_env *env, const struct oidc_client *c,
                                   const char *refresh, struct oidc_grant *out);
/* RFC 7009: revokes the grant of a refresh token of c, or the grant with
 * that sid if it is c's (an access token). VC_OK also when there is
 * nothing to revoke. */
enum vc_status oidc_revoke_refresh(const struct vc_env *env, const struct oidc_client *c,
                                   const char *refresh);
enum vc_status oidc_revoke_sid(const struct vc_env *env, const struct oidc_client *c,
                               const char *sid);

/* ---- logout ---- */

/* Every grant of the account ends: the person logged out of varco (or of
 * one application, RP-initiated), was suspended, reset the password. A
 * logout is single: every application the person logged in to hears it. */
enum vc_status oidc_logout_account(const struct vc_env *env, int64_t account_id, const char *why);
/* The person ends their logins at one application from the area (every
 * live grant of theirs to it). VC_ERR_NOT_FOUND if there is none. */
enum vc_status oidc_logout_client(const struct vc_env *env, int64_t account_id,
                                  const char *client_id);

/* ---- claims ---- */

/* The subject the client sees: a keyed hash of the account, the same for
 * every client (public) or per client (pairwise). */
void oidc_subject(const struct core_config *cfg, const struct oidc_client *c, int64_t account_id,
                  char out[OIDC_SUB_LEN + 1]);
/* The acr of a login that authenticated so (amr). */
const char *oidc_acr_of(const char *amr);
/* Whether the space-separated scope list holds word. */
bool oidc_scope_has(const char *scope, const char *word);

/* The services the area shows as cards; the consents a person gave, and
 * withdrawing one (which also ends that application's logins). */
#define OIDC_SERVICES_MAX 24
enum vc_status oidc_services(const struct vc_env *env, struct oidc_service *out, size_t max,
                             size_t *out_n);
enum vc_status oidc_consents_of(const struct vc_env *env, int64_t account_id,
                                struct oidc_consent_view *out, size_t max, size_t *out_n);
enum vc_status oidc_consent_withdraw(const struct vc_env *env, int64_t account_id,
                                     const char *client_id);

/* What the claims are made of: the account, its person, the matricola. */
struct oidc_claims {
    struct account account;
    struct person person;
    char matricola[MATRICOLA_MAX + 1]; /* "" where the profile has no registry */
};
enum vc_status oidc_claims_of(const struct vc_env *env, int64_t account_id,
                              struct oidc_claims *out);

/* The applications a person is logged in to (the area), one row each
 * however many logins (devices) the person has there, the most recently
 * entered first. */
struct oidc_app_login {
    char client_name[129];
    char client_id[OIDC_CLIENT_ID_MAX + 1];
    int64_t last;   /* the newest login */
    unsigned count; /* live logins there */
};
enum vc_status oidc_logins_of(const struct vc_env *env, int64_t account_id,
                              struct oidc_app_login *out, size_t max, size_t *out_n);

#endif

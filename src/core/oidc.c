/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The OpenID Connect provider's rules (core/oidc.h): authorization
 * requests, codes, grants and their refresh tokens, logout (the clients are
 * in core/oidc_clients.c). */
#include "core/oidc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/delegation.h"
#include "core/messages.h"
#include "core/oidc_common.h"
#include "core/person.h"
#include "core/repo.h"
#include "core/second_factor.h"
#include "core/session.h"
#include "util/str.h"

static const char *const error_names[] = {
    [OIDC_E_NONE] = "",
    [OIDC_E_INVALID_REQUEST] = "invalid_request",
    [OIDC_E_UNAUTHORIZED_CLIENT] = "unauthorized_client",
    [OIDC_E_ACCESS_DENIED] = "access_denied",
    [OIDC_E_UNSUPPORTED_RESPONSE_TYPE] = "unsupported_response_type",
    [OIDC_E_INVALID_SCOPE] = "invalid_scope",
    [OIDC_E_LOGIN_REQUIRED] = "login_required",
    [OIDC_E_CONSENT_REQUIRED] = "consent_required",
    [OIDC_E_INTERACTION_REQUIRED] = "interaction_required",
    [OIDC_E_UNMET_AUTHENTICATION] = "unmet_authentication_requirements",
    [OIDC_E_INVALID_CLIENT] = "invalid_client",
    [OIDC_E_INVALID_GRANT] = "invalid_grant",
    [OIDC_E_UNSUPPORTED_GRANT_TYPE] = "unsupported_grant_type",
};

const char *oidc_error_name(enum oidc_error e)
{
    return (size_t)e < sizeof error_names / sizeof error_names[0] ? error_names[e] : "";
}

void oidc_hash_of(const struct vc_env *env, const char *secret, char out[HASH_HEX])
{
    token_hash(env->cfg->pepper, secret, strlen(secret), out);
}

void oidc_new_token(const struct vc_env *env, char out[TOKEN_TEXT_LEN + 1])
{
    uint8_t rnd[TOKEN_BYTES];
    env_random(env, rnd, sizeof rnd);
    token_encode(rnd, out);
}

enum vc_status oidc_audit_as(const struct vc_env *env, int64_t account_id, bool history,
                             const char *action, const struct oidc_client *c, const char *detail)
{
    char who[64] = "system", obj[64];
    if (account_id != 0)
        audit_name("account", account_id, who);
    snprintf(obj, sizeof obj, "client:%.56s", c->client_id);
    return audit_record(env, who, NULL, action, obj, history ? account_id : 0, detail);
}

/* An event the person sees in "I miei accessi" too. */
enum vc_status oidc_audit_client(const struct vc_env *env, int64_t account_id, const char *action,
                                 const struct oidc_client *c, const char *detail)
{
    return oidc_audit_as(env, account_id, true, action, c, detail);
}

/* ---- authorization ---- */

bool oidc_scope_has(const char *scope, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = scope; p != NULL && *p != '\0';) {
        p += strspn(p, " ");
        size_t len = strcspn(p, " ");
        if (len == n && len > 0 && memcmp(p, word, n) == 0)
            return true;
        p += len;
    }
    return false;
}

static bool refuse(struct oidc_auth_check *out, enum oidc_error e, const char *why)
{
    out->error = e;
    out->error_description = why;
    return false;
}

/* base64url text of exactly len characters */
static bool b64url_of_len(const char *s, size_t len)
{
    if (s == NULL || strlen(s) != len)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
            return false;
    return true;
}

static bool check_request(const struct oidc_auth_request *r, struct oidc_auth_check *out)
{
    if (r->request != NULL || r->request_uri != NULL)
        return refuse(out, OIDC_E_INVALID_REQUEST, "request objects are not supported");
    if (r->response_type == NULL || r->response_type[0] == '\0')
        return refuse(out, OIDC_E_INVALID_REQUEST, "response_type is missing");
    if (strcmp(r->response_type, "code") != 0)
        return refuse(out, OIDC_E_UNSUPPORTED_RESPONSE_TYPE, "only the code flow is supported");
    if (r->scope == NULL || !oidc_scope_has(r->scope, "openid"))
        return refuse(out, OIDC_E_INVALID_SCOPE, "the openid scope is required");
    if (strlen(r->scope) > 1024)
        return refuse(out, OIDC_E_INVALID_SCOPE, "scope is too long");
    /* the scopes we know, once each, in the order of OIDC_SCOPES_SUPPORTED */
    static const char *const known[] = {"openid", "profile", "email", "phone", "offline_access"};
    size_t used = 0;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (oidc_scope_has(r->scope, known[i]))
            used += (size_t)snprintf(out->scope + used, sizeof out->scope - used, "%s%s",
                                     used ? " " : "", known[i]);
    if (r->code_challenge == NULL || r->code_challenge[0] == '\0')
        return refuse(out, OIDC_E_INVALID_REQUEST, "PKCE is required: code_challenge is missing");
    if (r->code_challenge_method == NULL || strcmp(r->code_challenge_method, "S256") != 0)
        return refuse(out, OIDC_E_INVALID_REQUEST, "PKCE code_challenge_method must be S256");
    if (!b64url_of_len(r->code_challenge, 43))
        return refuse(out, OIDC_E_INVALID_REQUEST, "code_challenge is not a S256 challenge");
    if (r->nonce != NULL && strlen(r->nonce) > OIDC_NONCE_MAX)
        return refuse(out, OIDC_E_INVALID_REQUEST, "nonce is too long");
    if (r->state != NULL && strlen(r->state) > 1024)
        return refuse(out, OIDC_E_INVALID_REQUEST, "state is too long");
    if (r->login_hint != NULL && strlen(r->login_hint) > EMAIL_MAX)
        return refuse(out, OIDC_E_INVALID_REQUEST, "login_hint is too long");
    out->max_age = -1;
    if (r->max_age != NULL) {
        char *end = NULL;
        long long v = strtoll(r->max_age, &end, 10);
        if (r->max_age[0] == '\0' || *end != '\0' || v < 0 || v > 100LL * 365 * 86400)
            return refuse(out, OIDC_E_INVALID_REQUEST, "max_age is not a number of seconds");
        out->max_age = v;
    }
    if (r->prompt != NULL) {
        for (const char *p = r->prompt; *p != '\0';) {
            p += strspn(p, " ");
            size_t n = strcspn(p, " ");
            if (n == 4 && strncmp(p, "none", 4) == 0)
                out->prompt_none = true;
            else if (n == 5 && strncmp(p, "login", 5) == 0)
                out->prompt_login = true;
            else if (n == 7 && strncmp(p, "consent", 7) == 0)
                out->prompt_consent = true;
            else if (n == 14 && strncmp(p, "select_account", 14) == 0)
                ; /* one account per person: nothing to select */
            else if (n > 0)
                return refuse(out, OIDC_E_INVALID_REQUEST, "prompt holds an unknown value");
            p += n;
        }
        if (out->prompt_none && (out->prompt_login || out->prompt_consent))
            return refuse(out, OIDC_E_INVALID_REQUEST, "prompt=none goes with no other value");
    }
    if (r->acr_values != NULL) {
        if (strlen(r->acr_values) > 512)
            return refuse(out, OIDC_E_INVALID_REQUEST, "acr_values is too long");
        /* the lowest level asked is what must be met; L3 we cannot give */
        bool l1 = oidc_scope_has(r->acr_values, OIDC_ACR_L1);
        bool l2 = oidc_scope_has(r->acr_values, OIDC_ACR_L2);
        out->want_level2 = l2 && !l1;
        if (!l1 && !l2)
            return refuse(out, OIDC_E_UNMET_AUTHENTICATION, "no acr value asked can be met");
    }
    return true;
}

enum vc_status oidc_authorize_check(const struct vc_env *env, const struct oidc_auth_request *r,
                                    struct oidc_auth_check *out)
{
    memset(out, 0, sizeof *out);
    out->max_age = -1;
    enum vc_status st = oidc_client_find(env, r->client_id, &out->client);
    if (st == VC_ERR_NOT_FOUND) {
        refuse(out, OIDC_E_INVALID_CLIENT, "unknown client");
        return VC_OK;
    }
    if (st != VC_OK)
        return st;
    if (r->redirect_uri == NULL || !oidc_uri_listed(out->client.redirect_uris, r->redirect_uri)) {
        refuse(out, OIDC_E_INVALID_REQUEST, "redirect_uri is not registered for this client");
        return VC_OK;
    }
    out->client_ok = true;
    check_request(r, out);
    return VC_OK;
}

static enum oidc_next fail(enum oidc_error *err, enum oidc_error e)
{
    *err = e;
    return OIDC_NEXT_FAIL;
}

static enum oidc_next decide(const struct vc_env *env, const struct oidc_auth_check *c,
                             const struct session *se, const struct account *a,
                             bool has_second_factor, int64_t fresh_after, bool consented,
                             enum oidc_error *err)
{
    int64_t now = env_now(env);
    if (se == NULL || a == NULL)
        return c->prompt_none ? fail(err, OIDC_E_LOGIN_REQUIRED) : OIDC_NEXT_LOGIN;
    bool stale = c->max_age >= 0 && now - se->created_at > c->max_age;
    if ((c->prompt_login && (fresh_after == 0 || se->created_at < fresh_after)) || stale)
        return c->prompt_none ? fail(err, OIDC_E_LOGIN_REQUIRED) : OIDC_NEXT_LOGIN;
    if (c->want_level2 && !session_amr_second_factor(se->amr)) {
        if (!has_second_factor)
            return fail(err, OIDC_E_UNMET_AUTHENTICATION);
        /* a login that asks the second factor (once given it stays given) */
        if (fresh_after != 0 && se->created_at >= fresh_after)
            return fail(err, OIDC_E_UNMET_AUTHENTICATION);
        return c->prompt_none ? fail(err, OIDC_E_INTERACTION_REQUIRED) : OIDC_NEXT_LOGIN;
    }
    if (a->level < LEVEL_FULL || a->state != ACCOUNT_ACTIVE)
        return c->prompt_none ? fail(err, OIDC_E_ACCESS_DENIED) : OIDC_NEXT_JOURNEY;
    if (!c->client.first_party && (c->prompt_consent || !consented))
        return c->prompt_none ? fail(err, OIDC_E_CONSENT_REQUIRED) : OIDC_NEXT_CONSENT;
    return OIDC_NEXT_ISSUE;
}

/* Whether every word of want is in have. */
static bool scope_covers(const char *have, const char *want)
{
    for (const char *p = want; *p != '\0';) {
        p += strspn(p, " ");
        size_t n = strcspn(p, " ");
        char w[32];
        if (n > 0) {
            if (n >= sizeof w)
                return false;
            memcpy(w, p, n);
            w[n] = '\0';
            if (!oidc_scope_has(have, w))
                return false;
        }
        p += n;
    }
    return true;
}

enum vc_status oidc_authorize_decide(const struct vc_env *env, const struct oidc_auth_check *c,
                                     const char *session_token, int64_t fresh_after,
                                     struct session *se, enum oidc_next *next, enum oidc_error *err)
{
    *err = OIDC_E_NONE;
    memset(se, 0, sizeof *se);
    bool have = false, factor = false, consented = false;
    struct account a;
    enum vc_status st = VC_ERR_NOT_FOUND;
    if (session_token != NULL)
        st = session_check(env, session_token, strlen(session_token), se, NULL);
    if (st == VC_OK && se->kind == SESSION_MEMBER) {
        st = repo_account_by_id(env->store, se->principal_id, &a);
        have = st == VC_OK;
    }
    if (st != VC_OK && st != VC_ERR_NOT_FOUND && st != VC_ERR_EXPIRED)
        return st;
    if (have && (st = second_factor_required(env, a.id, &factor)) != VC_OK)
        return st;
    if (have && !c->client.first_party) {
        struct oidc_consent k;
        st = repo_oidc_consent_get(env->store, a.id, c->client.id, &k);
        if (st != VC_OK && st != VC_ERR_NOT_FOUND)
            return st;
        consented = st == VC_OK && scope_covers(k.scope, c->scope);
    }
    *next = decide(env, c, have ? se : NULL, have ? &a : NULL, factor, fresh_after, consented, err);
    return VC_OK;
}

enum vc_status oidc_consent_give(const struct vc_env *env, int64_t account_id,
                                 const struct oidc_client *c, const char *scope)
{
    struct oidc_consent k = {.account_id = account_id, .client = c->id};
    str_copy(k.scope, scope, sizeof k.scope);
    k.granted_at = env_now(env);
    enum vc_status st = repo_oidc_consent_put(env->store, &k);
    return st == VC_OK ? oidc_audit_client(env, account_id, "oidc.consent", c, scope) : st;
}

enum vc_status oidc_code_issue(const struct vc_env *env, const struct oidc_auth_check *c,
                               const struct oidc_auth_request *r, const struct session *se,
                               char code[TOKEN_TEXT_LEN + 1])
{
    struct oidc_grant g;
    memset(&g, 0, sizeof g);
    g.client = c->client.id;
    g.account_id = se->principal_id;
    str_copy(g.session_hash, se->id_hash, sizeof g.session_hash);
    oidc_new_token(env, g.sid);
    str_copy(g.scope, c->scope, sizeof g.scope);
    str_copy(g.nonce, r->nonce ? r->nonce : "", sizeof g.nonce);
    str_copy(g.amr, se->amr[0] ? se->amr : SESSION_AMR_PASSWORD, sizeof g.amr);
    str_copy(g.acr, oidc_acr_of(g.amr), sizeof g.acr);
    g.auth_time = se->created_at;
    str_copy(g.redirect_uri, r->redirect_uri, sizeof g.redirect_uri);
    str_copy(g.code_challenge, r->code_challenge, sizeof g.code_challenge);
    g.created_at = env_now(env);
    g.code_expires_at = g.created_at + OIDC_CODE_SECONDS;
    /* a login while acting for someone is theirs, if the delegation still holds */
    struct acting a;
    enum vc_status st = VC_OK;
    if (se->acting_for != 0 &&
        (st = acting_check(env, se->principal_id, se->acting_for, &a)) == VC_OK)
        g.acting_for = se->acting_for;
    if (st != VC_OK && st != VC_ERR_DENIED)
        return st;
    oidc_new_token(env, code);
    oidc_hash_of(env, code, g.code_hash);
    st = repo_oidc_grant_insert(env->store, &g);
    if (st == VC_OK)
        st = oidc_audit_client(env, g.account_id, "oidc.authorize", &c->client, g.scope);
    if (st == VC_OK && g.acting_for != 0)
        st = acting_audit(env, &a, "oidc.authorize", NULL, c->client.name);
    if (st != VC_OK)
        code[0] = '\0';
    return st;
}

/* ---- grants ---- */

/* Ends a grant: its refresh tokens die with it (they are checked against
 * it), and its client hears it on the back channel. */
static enum vc_status revoke(const struct vc_env *env, struct oidc_grant *g,
                             const struct oidc_client *c, const char *why)
{
    if (g->revoked_at != 0)
        return VC_OK;
    g->revoked_at = env_now(env);
    enum vc_status st = repo_oidc_grant_update(env->store, g);
    if (st == VC_OK && c->backchannel_uri[0] != '\0' && g->code_used_at != 0) {
        char sub[OIDC_SUB_LEN + 1];
        int64_t subject = g->account_id; /* the ID token's sub: the principal's when acting */
        struct delegation d;
        if (g->acting_for != 0 && repo_delegation_by_id(env->store, g->acting_for, &d) == VC_OK)
            subject = d.principal_account_id;
        oidc_subject(env->cfg, c, subject, sub);
        struct msg_field f[] = {{"client_id", c->client_id},
                                {"uri", c->backchannel_uri},
                                {"sub", sub},
                                {"sid", g->sid},
                                {"alg", c->id_token_alg}};
        st = messages_queue(env, OUTBOX_BACKCHANNEL, "", "backchannel_logout", "it", g->account_id,
                            f, sizeof f / sizeof f[0]);
    }
    if (st == VC_OK)
        st = oidc_audit_client(env, g->account_id, "oidc.revoke", c, why);
    return st;
}

static enum vc_status revoke_grant_id(const struct vc_env *env, struct oidc_grant *g,
                                      const char *why)
{
    struct oidc_client c;
    enum vc_status st = repo_oidc_client_by_id(env->store, g->client, &c);
    return st == VC_OK ? revoke(env, g, &c, why) : st;
}

static bool pkce_ok(const char *verifier, const char *challenge)
{
    size_t n = verifier ? strlen(verifier) : 0;
    if (n < 43 || n > 128)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)verifier[i]) && strchr("-._~", verifier[i]) == NULL)
            return false;
    char s256[TOKEN_TEXT_LEN + 1];
    token_s256(verifier, n, s256);
    return strlen(challenge) == TOKEN_TEXT_LEN && token_equal(s256, challenge);
}

static enum vc_status new_refresh(const struct vc_env *env, const struct oidc_grant *g,
                                  struct oidc_issued *out)
{
    struct oidc_refresh r;
    memset(&r, 0, sizeof r);
    oidc_new_token(env, out->refresh);
    oidc_hash_of(env, out->refresh, r.hash);
    r.grant_id = g->id;
    r.created_at = env_now(env);
    r.expires_at = r.created_at + OIDC_REFRESH_SECONDS;
    return repo_oidc_refresh_insert(env->store, &r);
}

static enum vc_status denied(enum oidc_error *err, enum oidc_error e)
{
    *err = e;
    return VC_ERR_DENIED;
}

enum vc_status oidc_code_exchange(const struct vc_env *env, const struct oidc_client *c,
                                  const char *code, const char *redirect_uri, const char *verifier,
                                  struct oidc_issued *out, enum oidc_error *err)
{
    memset(out, 0, sizeof *out);
    *err = OIDC_E_NONE;
    if (code == NULL || strlen(code) != TOKEN_TEXT_LEN)
        return denied(err, OIDC_E_INVALID_GRANT);
    char h[HASH_HEX];
    oidc_hash_of(env, code, h);
    struct oidc_grant g;
    enum vc_status st = repo_oidc_grant_by_code(env->store, h, &g);
    if (st == VC_ERR_NOT_FOUND)
        return denied(err, OIDC_E_INVALID_GRANT);
    if (st != VC_OK)
        return st;
    if (g.client != c->id) /* another client's code: said as unknown */
        return denied(err, OIDC_E_INVALID_GRANT);
    if (g.code_used_at != 0) { /* invariant 2 */
        st = revoke(env, &g, c, "code used twice");
        return st == VC_OK ? denied(err, OIDC_E_INVALID_GRANT) : st;
    }
    int64_t now = env_now(env);
    if (g.revoked_at != 0 || now >= g.code_expires_at || redirect_uri == NULL ||
        strcmp(redirect_uri, g.redirect_uri) != 0 || !pkce_ok(verifier, g.code_challenge))
        return denied(err, OIDC_E_INVALID_GRANT);
    g.code_used_at = now;
    if ((st = oidc_party_of(env, c, &g, &out->party)) == VC_ERR_DENIED) {
        st = revoke(env, &g, c, "the delegation ended");
        return st == VC_OK ? denied(err, OIDC_E_INVALID_GRANT) : st;
    }
    if (st != VC_OK || (st = repo_oidc_grant_update(env->store, &g)) != VC_OK ||
        (st = new_refresh(env, &g, out)))
        return st;
    out->grant = g;
    str_copy(out->sub, out->party.sub, sizeof out->sub);
    return oidc_audit_client(env, g.account_id, "oidc.token", c, "code");
}

enum vc_status oidc_refresh_rotate(const struct vc_env *env, const struct oidc_client *c,
                                   const char *refresh, struct oidc_issued *out,
                                   enum oidc_error *err)
{
    memset(out, 0, sizeof *out);
    *err = OIDC_E_NONE;
    if (refresh == NULL || strlen(refresh) != TOKEN_TEXT_LEN)
        return denied(err, OIDC_E_INVALID_GRANT);
    struct oidc_refresh r;
    oidc_hash_of(env, refresh, r.hash);
    enum vc_status st = repo_oidc_refresh_by_hash(env->store, r.hash, &r);
    if (st == VC_ERR_NOT_FOUND)
        return denied(err, OIDC_E_INVALID_GRANT);
    if (st != VC_OK)
        return st;
    struct oidc_grant g;
    if ((st = repo_oidc_grant_by_id(env->store, r.grant_id, &g)) != VC_OK)
        return st == VC_ERR_NOT_FOUND ? denied(err, OIDC_E_INVALID_GRANT) : st;
    if (g.client != c->id)
        return denied(err, OIDC_E_INVALID_GRANT);
    if (r.used_at != 0) { /* a rotated token again: stolen, or replayed (invariant 2) */
        st = revoke(env, &g, c, "refresh token used twice");
        return st == VC_OK ? denied(err, OIDC_E_INVALID_GRANT) : st;
    }
    int64_t now = env_now(env);
    if (g.revoked_at != 0 || now >= r.expires_at)
        return denied(err, OIDC_E_INVALID_GRANT);
    r.used_at = now;
    if ((st = oidc_party_of(env, c, &g, &out->party)) == VC_ERR_DENIED) {
        st = revoke(env, &g, c, "the delegation ended");
        return st == VC_OK ? denied(err, OIDC_E_INVALID_GRANT) : st;
    }
    if (st != VC_OK || (st = repo_oidc_refresh_update(env->store, &r)) != VC_OK ||
        (st = new_refresh(env, &g, out)) != VC_OK)
        return st;
    out->grant = g;
    str_copy(out->sub, out->party.sub, sizeof out->sub);
    /* every few minutes while an application is open: recorded, not listed
     * in the person's history */
    return oidc_audit_as(env, g.account_id, false, "oidc.refresh", c, "");
}

enum vc_status oidc_grant_live(const struct vc_env *env, const char *sid, struct oidc_grant *out,
                               struct oidc_client *client)
{
    if (sid == NULL || strlen(sid) != OIDC_SID_LEN)
        return VC_ERR_NOT_FOUND;
    enum vc_status st = repo_oidc_grant_by_sid(env->store, sid, out);
    if (st != VC_OK)
        return st;
    if (out->revoked_at != 0 || out->code_used_at == 0)
        return VC_ERR_NOT_FOUND;
    if ((st = repo_oidc_client_by_id(env->store, out->client, client)) != VC_OK)
        return st;
    return client->removed_at != 0 ? VC_ERR_NOT_FOUND : VC_OK;
}

enum vc_status oidc_refresh_active(const struct vc_env *env, const struct oidc_client *c,
                                   const char *refresh, struct oidc_grant *out)
{
    if (refresh == NULL || strlen(refresh) != TOKEN_TEXT_LEN)
        return VC_ERR_NOT_FOUND;
    struct oidc_refresh r;
    oidc_hash_of(env, refresh, r.hash);
    enum vc_status st = repo_oidc_refresh_by_hash(env->store, r.hash, &r);
    if (st != VC_OK)
        return st;
    if (r.used_at != 0 || env_now(env) >= r.expires_at)
        return VC_ERR_NOT_FOUND;
    if ((st = repo_oidc_grant_by_id(env->store, r.grant_id, out)) != VC_OK)
        return st;
    return out->client == c->id && out->revoked_at == 0 ? VC_OK : VC_ERR_NOT_FOUND;
}

enum vc_status oidc_revoke_refresh(const struct vc_env *env, const struct oidc_client *c,
                                   const char *refresh)
{
    if (refresh == NULL || strlen(refresh) != TOKEN_TEXT_LEN)
        return VC_OK;
    struct oidc_refresh r;
    oidc_hash_of(env, refresh, r.hash);
    enum vc_status st = repo_oidc_refresh_by_hash(env->store, r.hash, &r);
    if (st != VC_OK)
        return st == VC_ERR_NOT_FOUND ? VC_OK : st;
    struct oidc_grant g;
    if ((st = repo_oidc_grant_by_id(env->store, r.grant_id, &g)) != VC_OK)
        return st == VC_ERR_NOT_FOUND ? VC_OK : st;
    return g.client == c->id ? revoke(env, &g, c, "revoked by the client") : VC_OK;
}

enum vc_status oidc_revoke_sid(const struct vc_env *env, const struct oidc_client *c,
                               const char *sid)
{
    struct oidc_grant g;
    if (sid == NULL || strlen(sid) != OIDC_SID_LEN)
        return VC_OK;
    enum vc_status st = repo_oidc_grant_by_sid(env->store, sid, &g);
    if (st != VC_OK)
        return st == VC_ERR_NOT_FOUND ? VC_OK : st;
    return g.client == c->id ? revoke(env, &g, c, "revoked by the client") : VC_OK;
}

/* ---- logout ---- */

static enum vc_status revoke_all(const struct vc_env *env, int64_t account_id, const char *why)
{
    struct oidc_grant *gs = calloc(OIDC_GRANTS_MAX, sizeof *gs);
    if (gs == NULL)
        return VC_ERR_NOMEM;
    size_t n = 0;
    enum vc_status st;
    /* in rounds: a person with more live grants than one page holds */
    do {
        st = repo_oidc_grants_live(env->store, account_id, gs, OIDC_GRANTS_MAX, &n);
        for (size_t i = 0; st == VC_OK && i < n; i++)
            st = revoke_grant_id(env, &gs[i], why);
    } while (st == VC_OK && n == OIDC_GRANTS_MAX);
    free(gs);
    return st;
}

enum vc_status oidc_logout_account(const struct vc_env *env, int64_t account_id, const char *why)
{
    return revoke_all(env, account_id, why);
}

/* Ends the account's logins at client c: each live one with its
 * back-channel message, then any beyond one page and those whose code was
 * not exchanged yet. *ended counts the first kind. */
static enum vc_status end_client_logins(const struct vc_env *env, int64_t account_id,
                                        const struct oidc_client *c, const char *why, size_t *ended)
{
    struct oidc_grant *gs = calloc(OIDC_GRANTS_MAX, sizeof *gs);
    if (gs == NULL)
        return VC_ERR_NOMEM;
    size_t n = 0;
    *ended = 0;
    enum vc_status st = repo_oidc_grants_live(env->store, account_id, gs, OIDC_GRANTS_MAX, &n);
    for (size_t i = 0; st == VC_OK && i < n; i++)
        if (gs[i].client == c->id) {
            st = revoke(env, &gs[i], c, why);
            (*ended)++;
        }
    free(gs);
    if (st == VC_OK)
        st = repo_oidc_grants_revoke_of(env->store, account_id, c->id, env_now(env));
    return st;
}

enum vc_status oidc_logout_client(const struct vc_env *env, int64_t account_id,
                                  const char *client_id)
{
    struct oidc_client c;
    size_t ended = 0;
    enum vc_status st = oidc_client_find(env, client_id, &c);
    if (st == VC_OK)
        st = end_client_logins(env, account_id, &c, "logged out from the area", &ended);
    return st == VC_OK && ended == 0 ? VC_ERR_NOT_FOUND : st;
}

/* ---- claims ---- */

void oidc_subject(const struct core_config *cfg, const struct oidc_client *c, int64_t account_id,
                  char out[OIDC_SUB_LEN + 1])
{
    char msg[128];
    int n = c->pairwise
                ? snprintf(msg, sizeof msg, "sub:%s:%lld", c->client_id, (long long)account_id)
                : snprintf(msg, sizeof msg, "sub:%lld", (long long)account_id);
    token_hmac_hex(cfg->pepper, msg, (size_t)n, out);
}

const char *oidc_acr_of(const char *amr)
{
    return session_amr_second_factor(amr) ? OIDC_ACR_L2 : OIDC_ACR_L1;
}

enum vc_status oidc_services(const struct vc_env *env, struct oidc_service *out, size_t max,
                             size_t *out_n)
{
    return repo_oidc_services(env->store, out, max, out_n);
}

enum vc_status oidc_consents_of(const struct vc_env *env, int64_t account_id,
                                struct oidc_consent_view *out, size_t max, size_t *out_n)
{
    return repo_oidc_consents_of(env->store, account_id, out, max, out_n);
}

enum vc_status oidc_consent_withdraw(const struct vc_env *env, int64_t account_id,
                                     const char *client_id)
{
    struct oidc_client c;
    enum vc_status st = oidc_client_find(env, client_id, &c);
    if (st != VC_OK)
        return st;
    struct oidc_consent k;
    if ((st = repo_oidc_consent_get(env->store, account_id, c.id, &k)) != VC_OK)
        return st;
    if ((st = repo_oidc_consent_delete(env->store, account_id, c.id)) != VC_OK)
        return st;
    size_t ended = 0; /* its logins end too, each heard on the back channel */
    st = end_client_logins(env, account_id, &c, "consent withdrawn", &ended);
    return st == VC_OK ? oidc_audit_client(env, account_id, "oidc.consent_withdraw", &c, "") : st;
}

enum vc_status oidc_party_of(const struct vc_env *env, const struct oidc_client *c,
                             const struct oidc_grant *g, struct oidc_party *out)
{
    memset(out, 0, sizeof *out);
    out->subject_account = g->account_id;
    enum vc_status st = VC_OK;
    if (g->acting_for != 0) {
        struct acting a;
        if ((st = acting_check(env, g->account_id, g->acting_for, &a)) != VC_OK)
            return st;
        out->subject_account = a.principal_account_id;
        out->actor_account = g->account_id;
        oidc_subject(env->cfg, c, g->account_id, out->actor_sub);
        str_copy(out->actor_firm, a.firm_name, sizeof out->actor_firm);
        struct oidc_claims actor;
        if ((st = oidc_claims_of(env, g->account_id, &actor)) != VC_OK)
            return st;
        str_copy(out->actor_given_name, actor.person.given_name, sizeof out->actor_given_name);
        str_copy(out->actor_family_name, actor.person.family_name, sizeof out->actor_family_name);
        str_copy(out->actor_fiscal_number, actor.person.codice_fiscale,
                 sizeof out->actor_fiscal_number);
    }
    oidc_subject(env->cfg, c, out->subject_account, out->sub);
    struct member co;
    st = company_of(env, out->subject_account, &co);
    if (st == VC_OK) {
        str_copy(out->company_name, co.company_name, sizeof out->company_name);
        str_copy(out->vat_number, co.partita_iva, sizeof out->vat_number);
    }
    return st == VC_ERR_NOT_FOUND ? VC_OK : st;
}

enum vc_status oidc_claims_of(const struct vc_env *env, int64_t account_id, struct oidc_claims *out)
{
    memset(out, 0, sizeof *out);
    enum vc_status st = repo_account_by_id(env->store, account_id, &out->account);
    if (st == VC_OK)
        st = person_of_account(env, &out->account, &out->person);
    if (st == VC_OK && out->account.member_id != 0) {
        struct member m;
        st = repo_member_by_id(env->store, out->account.member_id, &m);
        if (st == VC_OK)
            str_copy(out->matricola, m.matricola, sizeof out->matricola);
        else if (st == VC_ERR_NOT_FOUND)
            st = VC_OK;
    }
    return st;
}

enum vc_status oidc_logins_of(const struct vc_env *env, int64_t account_id,
                              struct oidc_app_login *out, size_t max, size_t *out_n)
{
    *out_n = 0;
    struct oidc_grant *gs = calloc(OIDC_GRANTS_MAX, sizeof *gs);
    int64_t *ids = calloc(max ? max : 1, sizeof *ids); /* out[j]'s client row */
    if (gs == NULL || ids == NULL) {
        free(gs);
        free(ids);
        return VC_ERR_NOMEM;
    }
    size_t n = 0, k = 0;
    enum vc_status st = repo_oidc_grants_live(env->store, account_id, gs, OIDC_GRANTS_MAX, &n);
    /* newest first: a client's first grant met is its last login */
    for (size_t i = 0; st == VC_OK && i < n; i++) {
        size_t j = 0;
        while (j < k && ids[j] != gs[i].client)
            j++;
        if (j < k) {
            out[j].count++;
            continue;
        }
        if (k == max)
            continue;
        struct oidc_client c;
        st = repo_oidc_client_by_id(env->store, gs[i].client, &c);
        if (st != VC_OK || c.removed_at != 0)
            continue;
        memset(&out[k], 0, sizeof out[k]);
        str_copy(out[k].client_name, c.name, sizeof out[k].client_name);
        str_copy(out[k].client_id, c.client_id, sizeof out[k].client_id);
        out[k].last = gs[i].created_at;
        out[k].count = 1;
        ids[k++] = c.id;
    }
    free(gs);
    free(ids);
    if (st == VC_OK)
        *out_n = k;
    return st;
}

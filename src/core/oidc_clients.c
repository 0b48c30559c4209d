/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The OpenID Connect provider's clients (core/oidc.h): registered with
 * their redirect URIs and secret (or keys), found, authenticated, removed. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/oidc.h"
#include "core/oidc_common.h"
#include "core/repo.h"
#include "util/str.h"

/* An absolute http(s) URI of printable ASCII without a fragment or spaces. */
static bool uri_ok(const char *u, bool https_or_loopback)
{
    size_t n = strlen(u);
    if (n == 0 || n > OIDC_URI_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)u[i] <= ' ' || (unsigned char)u[i] >= 0x7f || u[i] == '#')
            return false;
    if (strncmp(u, "https://", 8) == 0)
        return n > 8;
    if (strncmp(u, "http://", 7) != 0)
        return false;
    /* plain http only to this machine (development, the demo) */
    return !https_or_loopback || strncmp(u + 7, "127.0.0.1", 9) == 0 ||
           strncmp(u + 7, "localhost", 9) == 0 || strncmp(u + 7, "[::1]", 5) == 0;
}

static bool join_uris(char *out, size_t size, const char *const *uris, size_t n, char *err,
                      size_t err_len, const char *what)
{
    out[0] = '\0';
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        if (!uri_ok(uris[i], true)) {
            snprintf(err, err_len, "%s: not an absolute https URI without fragment: %s", what,
                     uris[i]);
            return false;
        }
        int w = snprintf(out + used, size - used, "%s%s", used ? "\n" : "", uris[i]);
        if (w < 0 || (size_t)w >= size - used) {
            snprintf(err, err_len, "%s: too many or too long", what);
            return false;
        }
        used += (size_t)w;
    }
    return true;
}

enum vc_status oidc_client_add(const struct vc_env *env, const struct oidc_client_spec *spec,
                               struct oidc_client *out, char secret[TOKEN_TEXT_LEN + 1], char *err,
                               size_t err_len)
{
    struct oidc_client c;
    memset(&c, 0, sizeof c);
    secret[0] = '\0';
    size_t nl = spec->name ? strlen(spec->name) : 0;
    if (nl == 0 || nl >= sizeof c.name) {
        snprintf(err, err_len, "the name must have 1 to %zu characters", sizeof c.name - 1);
        return VC_ERR_INVALID;
    }
    str_copy(c.name, spec->name, sizeof c.name);
    /* the client_id: the name in lower case, letters and digits, '-' between words */
    size_t k = 0;
    for (size_t i = 0; spec->name[i] != '\0' && k < OIDC_CLIENT_ID_MAX; i++) {
        unsigned char ch = (unsigned char)spec->name[i];
        if (isalnum(ch) && ch < 0x80)
            c.client_id[k++] = (char)tolower(ch);
        else if (k > 0 && c.client_id[k - 1] != '-')
            c.client_id[k++] = '-';
    }
    while (k > 0 && c.client_id[k - 1] == '-')
        k--;
    c.client_id[k] = '\0';
    if (k == 0) {
        snprintf(err, err_len, "the name must hold letters or digits");
        return VC_ERR_INVALID;
    }
    if (spec->n_redirect == 0) {
        snprintf(err, err_len, "at least one --redirect URI is needed");
        return VC_ERR_INVALID;
    }
    if (!join_uris(c.redirect_uris, sizeof c.redirect_uris, spec->redirect_uris, spec->n_redirect,
                   err, err_len, "--redirect") ||
        !join_uris(c.post_logout_uris, sizeof c.post_logout_uris, spec->post_logout_uris,
                   spec->n_post_logout, err, err_len, "--post-logout"))
        return VC_ERR_INVALID;
    if (spec->backchannel_uri != NULL) {
        if (!uri_ok(spec->backchannel_uri, true)) {
            snprintf(err, err_len, "--backchannel: not an absolute https URI");
            return VC_ERR_INVALID;
        }
        str_copy(c.backchannel_uri, spec->backchannel_uri, sizeof c.backchannel_uri);
    }
    if (spec->home_url != NULL) {
        if (!uri_ok(spec->home_url, true)) {
            snprintf(err, err_len, "--home: not an absolute https URL");
            return VC_ERR_INVALID;
        }
        str_copy(c.home_url, spec->home_url, sizeof c.home_url);
    }
    const char *alg = spec->id_token_alg ? spec->id_token_alg : "ES256";
    if (strcmp(alg, "ES256") != 0 && strcmp(alg, "RS256") != 0) {
        snprintf(err, err_len, "--alg: ES256 or RS256");
        return VC_ERR_INVALID;
    }
    str_copy(c.id_token_alg, alg, sizeof c.id_token_alg);
    c.first_party = spec->first_party;
    c.pairwise = spec->pairwise;
    c.created_at = env_now(env);
    if (spec->jwks != NULL) {
        if (str_copy(c.jwks, spec->jwks, sizeof c.jwks) >= sizeof c.jwks) {
            snprintf(err, err_len, "--jwks: longer than %zu bytes", sizeof c.jwks - 1);
            return VC_ERR_INVALID;
        }
        c.auth_method = OIDC_AUTH_PRIVATE_KEY_JWT;
    } else {
        oidc_new_token(env, secret);
        oidc_hash_of(env, secret, c.secret_hash);
        c.auth_method = OIDC_AUTH_SECRET;
    }
    /* a name once removed may be registered again: the same row, anew (its
     * grants were revoked at the removal) */
    struct oidc_client old;
    enum vc_status st = repo_oidc_client_by_client_id(env->store, c.client_id, &old);
    if (st == VC_OK && old.removed_at != 0) {
        c.id = old.id;
        st = repo_oidc_client_update(env->store, &c);
    } else if (st == VC_OK || st == VC_ERR_NOT_FOUND) {
        st = repo_oidc_client_insert(env->store, &c);
    }
    if (st == VC_ERR_CONFLICT)
        snprintf(err, err_len, "a client named %s exists already", c.client_id);
    if (st == VC_OK)
        st = oidc_audit_client(env, 0, "oidc.client_add", &c, c.name);
    if (st == VC_OK)
        *out = c;
    else
        secret[0] = '\0';
    return st;
}

enum vc_status oidc_client_find(const struct vc_env *env, const char *client_id,
                                struct oidc_client *out)
{
    if (client_id == NULL || client_id[0] == '\0' || strlen(client_id) > OIDC_CLIENT_ID_MAX)
        return VC_ERR_NOT_FOUND;
    enum vc_status st = repo_oidc_client_by_client_id(env->store, client_id, out);
    if (st == VC_OK && out->removed_at != 0)
        return VC_ERR_NOT_FOUND;
    return st;
}

bool oidc_uri_listed(const char *list, const char *uri)
{
    size_t n = strlen(uri);
    if (n == 0)
        return false;
    for (const char *p = list; *p != '\0';) {
        size_t len = strcspn(p, "\n");
        if (len == n && memcmp(p, uri, n) == 0)
            return true;
        p += len;
        if (*p == '\n')
            p++;
    }
    return false;
}

enum vc_status oidc_client_check_secret(const struct vc_env *env, const struct oidc_client *c,
                                        const char *secret)
{
    if (c->auth_method != OIDC_AUTH_SECRET || secret == NULL || strlen(secret) != TOKEN_TEXT_LEN)
        return VC_ERR_DENIED;
    char h[HASH_HEX];
    oidc_hash_of(env, secret, h);
    return token_equal(h, c->secret_hash) ? VC_OK : VC_ERR_DENIED;
}

enum vc_status oidc_client_check_assertion(const struct vc_env *env, const struct oidc_client *c,
                                           const struct oidc_assertion *a, const char *audience1,
                                           const char *audience2)
{
    int64_t now = env_now(env);
    if (c->auth_method != OIDC_AUTH_PRIVATE_KEY_JWT || a->iss == NULL || a->sub == NULL ||
        a->jti == NULL || strcmp(a->iss, c->client_id) != 0 || strcmp(a->sub, c->client_id) != 0 ||
        a->jti[0] == '\0' || strlen(a->jti) > 256 || a->exp <= now ||
        a->exp > now + OIDC_ASSERTION_MAX_SECONDS)
        return VC_ERR_DENIED;
    bool aud = false;
    for (size_t i = 0; i < a->n_aud && !aud; i++)
        aud = strcmp(a->aud[i], audience1) == 0 || strcmp(a->aud[i], audience2) == 0;
    if (!aud)
        return VC_ERR_DENIED;
    char key[512], h[HASH_HEX];
    snprintf(key, sizeof key, "assertion:%s:%s", c->client_id, a->jti);
    oidc_hash_of(env, key, h);
    enum vc_status st = repo_oidc_assertion_seen(env->store, h, a->exp, now);
    return st == VC_ERR_CONFLICT ? VC_ERR_DENIED : st;
}

enum vc_status oidc_client_remove(const struct vc_env *env, const char *client_id)
{
    struct oidc_client c;
    enum vc_status st = oidc_client_find(env, client_id, &c);
    if (st != VC_OK)
        return st;
    c.removed_at = env_now(env);
    if ((st = repo_oidc_client_update(env->store, &c)) != VC_OK)
        return st;
    if ((st = repo_oidc_grants_revoke_client(env->store, c.id, c.removed_at)) != VC_OK)
        return st;
    return oidc_audit_client(env, 0, "oidc.client_remove", &c, c.name);
}

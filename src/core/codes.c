/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Secrets people type or click (core/codes.h): issued, hashed, checked. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "core/codes.h"
#include "core/throttle.h"
#include "core/repo.h"
#include "util/str.h"

static enum vc_status store_code(const struct vc_env *env, int64_t account_id,
                                 enum code_purpose purpose, int64_t ttl, int attempts,
                                 const char *secret, const char *data)
{
    enum vc_status st = repo_code_void_all(env->store, account_id, purpose);
    if (st != VC_OK)
        return st;
    struct code c = {
        .account_id = account_id,
        .purpose = purpose,
        .created_at = env_now(env),
        .expires_at = env_now(env) + ttl,
        .attempts_left = attempts,
    };
    token_hash(env->cfg->pepper, secret, strlen(secret), c.hash);
    str_copy(c.data, data, sizeof c.data);
    return repo_code_insert(env->store, &c);
}

enum vc_status codes_issue_token(const struct vc_env *env, int64_t account_id,
                                 enum code_purpose purpose, int64_t ttl_seconds,
                                 char out_token[TOKEN_TEXT_LEN + 1])
{
    return codes_issue_link(env, account_id, purpose, ttl_seconds, "", out_token);
}

enum vc_status codes_issue_link(const struct vc_env *env, int64_t account_id,
                                enum code_purpose purpose, int64_t ttl_seconds, const char *data,
                                char out_token[TOKEN_TEXT_LEN + 1])
{
    uint8_t rnd[TOKEN_BYTES];
    env_random(env, rnd, sizeof rnd);
    token_encode(rnd, out_token);
    sodium_memzero(rnd, sizeof rnd);
    return store_code(env, account_id, purpose, ttl_seconds, 1, out_token, data);
}

enum vc_status codes_issue_short(const struct vc_env *env, int64_t account_id,
                                 enum code_purpose purpose, int64_t ttl_seconds, int attempts,
                                 char out_code[ACTIVATION_CODE_LEN + 1])
{
    uint8_t rnd[8 * ACTIVATION_CODE_LEN];
    do {
        env_random(env, rnd, sizeof rnd);
    } while (!token_code(rnd, sizeof rnd, ACTIVATION_CODE_LEN, out_code));
    sodium_memzero(rnd, sizeof rnd);
    return store_code(env, account_id, purpose, ttl_seconds, attempts, out_code, "");
}

enum vc_status codes_issue_otp(const struct vc_env *env, int64_t account_id,
                               enum code_purpose purpose, int64_t ttl_seconds, int attempts,
                               const char *data, char out_code[OTP_DIGITS + 1])
{
    uint32_t v;
    do { /* uniform over 000000-999999: drop the top of the 32-bit range */
        env_random(env, &v, sizeof v);
    } while (v >= UINT32_C(4294000000));
    v %= 1000000;
    for (int i = OTP_DIGITS - 1; i >= 0; i--, v /= 10)
        out_code[i] = (char)('0' + v % 10);
    out_code[OTP_DIGITS] = '\0';
    /* six digits repeat across people: the hash covers whose and what for,
     * so that no two codes share one (codes_hash is unique) */
    char salted[OTP_DIGITS + 2 * EMAIL_MAX + 32];
    snprintf(salted, sizeof salted, "%s|%lld|%s", out_code, (long long)account_id, data);
    enum vc_status st = store_code(env, account_id, purpose, ttl_seconds, attempts, salted, data);
    sodium_memzero(salted, sizeof salted);
    return st;
}

enum vc_status codes_check_otp(const struct vc_env *env, int64_t account_id,
                               enum code_purpose purpose, const char *typed, size_t len,
                               const char *data, int *out_attempts_left)
{
    struct code c;
    enum vc_status st = repo_code_active(env->store, account_id, purpose, &c);
    if (st != VC_OK)
        return st;
    if (strcmp(c.data, data) != 0)
        return VC_ERR_CONFLICT;
    if (env_now(env) >= c.expires_at)
        return VC_ERR_EXPIRED;
    if (c.attempts_left <= 0) {
        c.voided = true;
        st = repo_code_update(env->store, &c);
        return st == VC_OK ? VC_ERR_LIMIT : st;
    }
    char digits[OTP_DIGITS + 1], hash[TOKEN_HASH_HEX];
    size_t n = 0;
    for (size_t i = 0; i < len && i < 64; i++) {
        if (typed[i] == ' ' || typed[i] == '-')
            continue;
        if (typed[i] < '0' || typed[i] > '9' || n == OTP_DIGITS) {
            n = 0;
            break;
        }
        digits[n++] = typed[i];
    }
    digits[n] = '\0';
    char salted[OTP_DIGITS + 2 * EMAIL_MAX + 32];
    int sl = snprintf(salted, sizeof salted, "%s|%lld|%s", digits, (long long)account_id, data);
    token_hash(env->cfg->pepper, salted, (size_t)sl, hash);
    sodium_memzero(digits, sizeof digits);
    sodium_memzero(salted, sizeof salted);
    if (n == OTP_DIGITS && token_equal(hash, c.hash)) {
        c.used_at = env_now(env);
        return repo_code_update(env->store, &c);
    }
    c.attempts_left--;
    if (c.attempts_left <= 0)
        c.voided = true;
    st = repo_code_update(env->store, &c);
    if (st != VC_OK)
        return st;
    *out_attempts_left = c.attempts_left;
    return c.voided ? VC_ERR_LIMIT : VC_ERR_DENIED;
}

/* The unspent, unexpired code of a link token. */
static enum vc_status lookup_token(const struct vc_env *env, enum code_purpose purpose,
                                   const char *token, size_t len, struct code *out)
{
    if (len != TOKEN_TEXT_LEN)
        return VC_ERR_NOT_FOUND;
    char hash[TOKEN_HASH_HEX];
    token_hash(env->cfg->pepper, token, len, hash);
    enum vc_status st = repo_code_by_hash(env->store, purpose, hash, out);
    if (st != VC_OK)
        return st;
    if (out->used_at != 0 || out->voided)
        return VC_ERR_NOT_FOUND;
    return env_now(env) >= out->expires_at ? VC_ERR_EXPIRED : VC_OK;
}

/* Links are 256-bit: guessing is hopeless, but an address that keeps
 * sending unknown ones is slowed down all the same (core/throttle.h). */
static enum vc_status find_token(const struct vc_env *env, enum code_purpose purpose,
                                 const char *token, size_t len, struct code *out)
{
    struct throttle_keys k;
    throttle_keys(env, "link", "", &k);
    enum vc_status st = throttle_check(env, &k, "code.limited", 0);
    if (st != VC_OK)
        return st;
    st = lookup_token(env, purpose, token, len, out);
    if (st == VC_ERR_NOT_FOUND) {
        enum vc_status ts = throttle_fail(env, &k, NULL);
        if (ts == VC_OK)
            ts = audit_record(env, "anonymous", NULL, "link.fail", "", 0,
                              code_purpose_name(purpose));
        return ts == VC_OK ? st : ts;
    }
    return st;
}

enum vc_status codes_check_token(const struct vc_env *env, enum code_purpose purpose,
                                 const char *token, size_t len, int64_t *out_account_id)
{
    struct code c;
    enum vc_status st = find_token(env, purpose, token, len, &c);
    if (st == VC_OK && out_account_id != NULL)
        *out_account_id = c.account_id;
    return st;
}

enum vc_status codes_redeem_token(const struct vc_env *env, enum code_purpose purpose,
                                  const char *token, size_t len, int64_t *out_account_id)
{
    struct code c;
    enum vc_status st = codes_redeem_link(env, purpose, token, len, &c);
    if (st == VC_OK || st == VC_ERR_EXPIRED)
        *out_account_id = c.account_id;
    return st;
}

enum vc_status codes_redeem_link(const struct vc_env *env, enum code_purpose purpose,
                                 const char *token, size_t len, struct code *out)
{
    enum vc_status st = find_token(env, purpose, token, len, out);
    if (st != VC_OK)
        return st;
    out->used_at = env_now(env);
    return repo_code_update(env->store, out);
}

enum vc_status codes_check_short(const struct vc_env *env, int64_t account_id,
                                 enum code_purpose purpose, const char *typed, size_t len,
                                 int *out_attempts_left)
{
    struct code c;
    enum vc_status st = repo_code_active(env->store, account_id, purpose, &c);
    if (st != VC_OK)
        return st;
    if (env_now(env) >= c.expires_at)
        return VC_ERR_EXPIRED;
    if (c.attempts_left <= 0) {
        c.voided = true;
        st = repo_code_update(env->store, &c);
        return st == VC_OK ? VC_ERR_LIMIT : st;
    }
    char norm[64], hash[TOKEN_HASH_HEX];
    size_t n = len < 256 ? token_code_normalise(typed, norm, sizeof norm) : 0;
    token_hash(env->cfg->pepper, norm, n, hash);
    if (n == ACTIVATION_CODE_LEN && token_equal(hash, c.hash)) {
        c.used_at = env_now(env);
        return repo_code_update(env->store, &c);
    }
    c.attempts_left--;
    if (c.attempts_left <= 0)
        c.voided = true;
    st = repo_code_update(env->store, &c);
    if (st != VC_OK)
        return st;
    *out_attempts_left = c.attempts_left;
    return c.voided ? VC_ERR_LIMIT : VC_ERR_DENIED;
}

enum vc_status codes_void_pending_links(const struct vc_env *env, int64_t account_id)
{
    enum vc_status st = repo_code_void_all(env->store, account_id, CODE_EMAIL_CHANGE);
    if (st == VC_OK)
        st = repo_code_void_all(env->store, account_id, CODE_PASSWORD_RESET);
    return st;
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The shared TOTP authenticator (core/totp_factor.h has the invariants):
 * sealing, opening, verifying and throttling, for operators and members. */
#include <sodium.h>
#include <string.h>

#include "core/totp_factor.h"
#include "crypto/seal.h"
#include "util/str.h"

#define SEALED_PREFIX "s1:"
#define SEALED_BYTES (SEAL_NONCE_BYTES + SEAL_MAC_BYTES + TOTP_SECRET_BYTES)

_Static_assert(3 + 2 * SEALED_BYTES < TOTP_SEALED_MAX, "a sealed key fits its column");

bool totp_factor_is_sealed(const char *stored)
{
    return strncmp(stored, SEALED_PREFIX, 3) == 0;
}

bool totp_factor_open(const struct vc_env *env, const char *stored, uint8_t key[TOTP_SECRET_BYTES])
{
    size_t n = strlen(stored);
    if (n == 2 * TOTP_SECRET_BYTES) /* kept in clear before issue 8: still read */
        return str_unhex(stored, key, TOTP_SECRET_BYTES);
    uint8_t sealed[SEALED_BYTES];
    bool ok = totp_factor_is_sealed(stored) && n == 3 + 2 * SEALED_BYTES &&
              str_unhex(stored + 3, sealed, sizeof sealed) &&
              seal_small_open(env->cfg->totp_key, sealed, sizeof sealed, key);
    sodium_memzero(sealed, sizeof sealed);
    return ok;
}

void totp_factor_seal(const struct vc_env *env, const uint8_t key[TOTP_SECRET_BYTES],
                      char out[TOTP_SEALED_MAX])
{
    uint8_t nonce[SEAL_NONCE_BYTES];
    uint8_t sealed[SEALED_BYTES];
    env_random(env, nonce, sizeof nonce);
    seal_small(env->cfg->totp_key, nonce, key, TOTP_SECRET_BYTES, sealed);
    memset(out, 0, TOTP_SEALED_MAX);
    memcpy(out, SEALED_PREFIX, 3);
    str_hex(sealed, sizeof sealed, out + 3);
}

void totp_factor_new(const struct vc_env *env, char out[TOTP_SEALED_MAX])
{
    uint8_t key[TOTP_SECRET_BYTES];
    env_random(env, key, sizeof key);
    totp_factor_seal(env, key, out);
    sodium_memzero(key, sizeof key);
}

enum vc_status totp_factor_uri(const struct vc_env *env, const char *stored, const char *label,
                               char *out, size_t out_len)
{
    uint8_t key[TOTP_SECRET_BYTES];
    if (!totp_factor_open(env, stored, key))
        return VC_ERR_INVALID;
    enum vc_status st = totp_uri(env->cfg->institution, label, key, out, out_len);
    sodium_memzero(key, sizeof key);
    return st;
}

enum vc_status totp_factor_gate(const struct vc_env *env, const char *subject,
                                const char *limited_action, int64_t account_id,
                                struct throttle_keys *out)
{
    /* one write transaction checks and counts: guesses cannot race */
    throttle_keys(env, "totp", subject, out);
    return throttle_check(env, out, limited_action, account_id);
}

enum vc_status totp_factor_count(const struct vc_env *env, const struct throttle_keys *k, bool ok,
                                 bool *out_notice)
{
    if (out_notice != NULL)
        *out_notice = false;
    return ok ? throttle_success(env, k) : throttle_fail(env, k, out_notice);
}

bool totp_factor_verify(const struct vc_env *env, char stored[TOTP_SEALED_MAX], int64_t *last_step,
                        const char *code)
{
    uint8_t key[TOTP_SECRET_BYTES];
    bool ok = totp_factor_open(env, stored, key) && totp_verify(key, code, env_now(env), last_step);
    if (ok && !totp_factor_is_sealed(stored))
        totp_factor_seal(env, key, stored); /* a key kept in clear before issue 8 */
    sodium_memzero(key, sizeof key);
    return ok;
}

enum vc_status totp_factor_check(const struct vc_env *env, const char *subject,
                                 const char *limited_action, int64_t account_id,
                                 char stored[TOTP_SEALED_MAX], int64_t *last_step, const char *code,
                                 bool *out_notice)
{
    struct throttle_keys k;
    enum vc_status st = totp_factor_gate(env, subject, limited_action, account_id, &k);
    if (st != VC_OK)
        return st;
    bool ok = totp_factor_verify(env, stored, last_step, code);
    if ((st = totp_factor_count(env, &k, ok, out_notice)) != VC_OK)
        return st;
    return ok ? VC_OK : VC_ERR_DENIED;
}

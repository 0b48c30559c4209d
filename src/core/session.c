/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include <sodium.h>
#include <string.h>

#include "core/repo.h"
#include "core/session.h"
#include "util/str.h"

#define SESSION_TOUCH_SECONDS 60 /* write last_seen at most once a minute */

enum vc_status session_create(const struct vc_env *env, enum session_kind kind,
                              int64_t principal_id, enum account_level level, bool mfa_done,
                              const char *user_agent, char out_token[TOKEN_TEXT_LEN + 1])
{
    uint8_t rnd[TOKEN_BYTES];
    env_random(env, rnd, sizeof rnd);
    token_encode(rnd, out_token);
    sodium_memzero(rnd, sizeof rnd);
    struct session se = {
        .kind = kind,
        .principal_id = principal_id,
        .level = level,
        .mfa_done = mfa_done,
        .created_at = env_now(env),
        .last_seen_at = env_now(env),
    };
    token_hash(env->cfg->pepper, out_token, TOKEN_TEXT_LEN, se.id_hash);
    str_copy(se.ip, env->ip ? env->ip : "", sizeof se.ip);
    str_copy(se.user_agent, user_agent ? user_agent : "", sizeof se.user_agent);
    return repo_session_insert(env->store, &se);
}

static void hash_of(const struct vc_env *env, const char *token, size_t len, char out[HASH_HEX])
{
    token_hash(env->cfg->pepper, token, len, out);
}

enum vc_status session_check(const struct vc_env *env, const char *token, size_t len,
                             struct session *out)
{
    if (len != TOKEN_TEXT_LEN)
        return VC_ERR_NOT_FOUND;
    char h[HASH_HEX];
    hash_of(env, token, len, h);
    struct session se;
    enum vc_status st = repo_session_get(env->store, h, &se);
    if (st != VC_OK)
        return st;
    int64_t now = env_now(env);
    if (now - se.last_seen_at >= env->cfg->session_idle_seconds ||
        now - se.created_at >= env->cfg->session_absolute_seconds) {
        /* Best effort: an expired row is refused whether or not it goes now. */
        (void)repo_session_delete(env->store, h);
        return VC_ERR_EXPIRED;
    }
    if (now - se.last_seen_at >= SESSION_TOUCH_SECONDS) {
        /* Best effort too: callers check sessions in read transactions, and
         * a touch that loses a race with a writer must not log anyone out. */
        if (repo_session_touch(env->store, h, now) == VC_OK)
            se.last_seen_at = now;
    }
    *out = se;
    return VC_OK;
}

enum vc_status session_set_mfa(const struct vc_env *env, const char *token, size_t len)
{
    char h[HASH_HEX];
    hash_of(env, token, len, h);
    struct session se;
    enum vc_status st = repo_session_get(env->store, h, &se);
    if (st != VC_OK)
        return st;
    /* The level changes: the id changes too is the caller's choice (rotation). */
    if ((st = repo_session_delete(env->store, h)) != VC_OK)
        return st;
    se.mfa_done = true;
    return repo_session_insert(env->store, &se);
}

enum vc_status session_end(const struct vc_env *env, const char *token, size_t len)
{
    char h[HASH_HEX];
    hash_of(env, token, len, h);
    enum vc_status st = repo_session_delete(env->store, h);
    return st == VC_ERR_NOT_FOUND ? VC_OK : st;
}

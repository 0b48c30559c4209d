/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Server-side sessions (core/session.h has the life cycle and invariants). */
#include <sodium.h>
#include <string.h>

#include "core/audit.h"
#include "core/repo.h"
#include "core/session.h"
#include "util/str.h"

enum vc_status session_create(const struct vc_env *env, enum session_kind kind,
                              int64_t principal_id, enum account_level level, bool mfa_done,
                              const char *user_agent, char out_token[TOKEN_TEXT_LEN + 1])
{
    return session_create_amr(env, kind, principal_id, level, mfa_done,
                              kind == SESSION_MEMBER ? SESSION_AMR_PASSWORD : "", user_agent,
                              out_token);
}

bool session_amr_second_factor(const char *amr)
{
    /* the words of amr, one by one: a second factor is "otp" or "rc" */
    for (const char *p = amr; p != NULL && *p != '\0';) {
        size_t n = strcspn(p, " ");
        if ((n == 3 && strncmp(p, "otp", 3) == 0) || (n == 2 && strncmp(p, "rc", 2) == 0))
            return true;
        p += n;
        p += strspn(p, " ");
    }
    return false;
}

enum vc_status session_create_amr(const struct vc_env *env, enum session_kind kind,
                                  int64_t principal_id, enum account_level level, bool mfa_done,
                                  const char *amr, const char *user_agent,
                                  char out_token[TOKEN_TEXT_LEN + 1])
{
    uint8_t rnd[TOKEN_BYTES];
    env_random(env, rnd, sizeof rnd);
    token_encode(rnd, out_token);
    sodium_memzero(rnd, sizeof rnd);
    /* invariant 4: level 2 only with a second factor given in this session */
    if (level == LEVEL_FULL_2FA && !session_amr_second_factor(amr))
        level = LEVEL_FULL;
    struct session se = {
        .kind = kind,
        .principal_id = principal_id,
        .level = level,
        .mfa_done = mfa_done,
        .created_at = env_now(env),
        .last_seen_at = env_now(env),
    };
    str_copy(se.amr, amr != NULL ? amr : "", sizeof se.amr);
    token_hash(env->cfg->pepper, out_token, TOKEN_TEXT_LEN, se.id_hash);
    str_copy(se.ip, env->ip ? env->ip : "", sizeof se.ip);
    str_copy(se.user_agent, user_agent ? user_agent : "", sizeof se.user_agent);
    return repo_session_insert(env->store, &se);
}

static void hash_of(const struct vc_env *env, const char *token, size_t len, char out[HASH_HEX])
{
    token_hash(env->cfg->pepper, token, len, out);
}

void session_id_hash(const struct vc_env *env, const char *token, size_t len, char out[HASH_HEX])
{
    hash_of(env, token, len, out);
}

static bool expired(const struct vc_env *env, const struct session *se, int64_t now)
{
    return now - se->last_seen_at >= env->cfg->session_idle_seconds ||
           now - se->created_at >= env->cfg->session_absolute_seconds;
}

enum vc_status session_check(const struct vc_env *env, const char *token, size_t len,
                             struct session *out, bool *out_write_due)
{
    if (out_write_due != NULL)
        *out_write_due = false;
    if (len != TOKEN_TEXT_LEN)
        return VC_ERR_NOT_FOUND;
    char h[HASH_HEX];
    hash_of(env, token, len, h);
    struct session se;
    enum vc_status st = repo_session_get(env->store, h, &se);
    if (st != VC_OK)
        return st;
    int64_t now = env_now(env);
    bool gone = expired(env, &se, now);
    if (out_write_due != NULL)
        *out_write_due = gone || now - se.last_seen_at >= SESSION_TOUCH_SECONDS;
    if (gone)
        return VC_ERR_EXPIRED;
    *out = se;
    return VC_OK;
}

enum vc_status session_refresh(const struct vc_env *env, const char *token, size_t len)
{
    if (len != TOKEN_TEXT_LEN)
        return VC_OK;
    char h[HASH_HEX];
    hash_of(env, token, len, h);
    struct session se;
    enum vc_status st = repo_session_get(env->store, h, &se);
    if (st != VC_OK)
        return st == VC_ERR_NOT_FOUND ? VC_OK : st;
    int64_t now = env_now(env);
    if (expired(env, &se, now)) {
        st = repo_session_delete(env->store, h);
        return st == VC_ERR_NOT_FOUND ? VC_OK : st;
    }
    if (now - se.last_seen_at < SESSION_TOUCH_SECONDS)
        return VC_OK; /* another request refreshed it first */
    return repo_session_touch(env->store, h, now);
}

enum vc_status session_set_acting(const struct vc_env *env, const char *token, size_t len,
                                  int64_t delegation_id)
{
    char h[HASH_HEX];
    hash_of(env, token, len, h);
    struct session se;
    enum vc_status st = repo_session_get(env->store, h, &se);
    if (st != VC_OK)
        return st;
    return repo_session_set_acting(env->store, h, delegation_id);
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

static void handle_of(const struct vc_env *env, const char *id_hash,
                      char out[SESSION_HANDLE_LEN + 1])
{
    char full[65];
    token_hmac_hex(env->cfg->pepper, id_hash, strlen(id_hash), full);
    str_copy(out, full, SESSION_HANDLE_LEN + 1);
}

static bool live(const struct vc_env *env, const struct session *se)
{
    return !expired(env, se, env_now(env));
}

static void audit_end(const struct vc_env *env, enum session_kind kind, int64_t principal,
                      const char *detail, enum vc_status *st)
{
    if (*st != VC_OK || kind != SESSION_MEMBER)
        return;
    char who[64];
    audit_name("account", principal, who);
    *st = audit_record(env, who, NULL, "session.end", who, principal, detail);
}

enum vc_status session_list(const struct vc_env *env, enum session_kind kind, int64_t principal,
                            const char *current_token, struct session_view *out, size_t max,
                            size_t *out_n)
{
    struct session rows[SESSIONS_LIST_MAX];
    size_t n = 0, k = 0;
    enum vc_status st = repo_sessions_of(env->store, kind, principal, rows, SESSIONS_LIST_MAX, &n);
    if (st != VC_OK)
        return st;
    char mine[HASH_HEX] = "";
    if (current_token != NULL)
        hash_of(env, current_token, strlen(current_token), mine);
    for (size_t i = 0; i < n && k < max; i++) {
        if (!live(env, &rows[i]))
            continue;
        struct session_view *v = &out[k++];
        memset(v, 0, sizeof *v);
        handle_of(env, rows[i].id_hash, v->handle);
        v->created_at = rows[i].created_at;
        v->last_seen_at = rows[i].last_seen_at;
        str_copy(v->ip, rows[i].ip, sizeof v->ip);
        str_copy(v->user_agent, rows[i].user_agent, sizeof v->user_agent);
        v->current = strcmp(rows[i].id_hash, mine) == 0;
    }
    *out_n = k;
    return VC_OK;
}

enum vc_status session_end_handle(const struct vc_env *env, enum session_kind kind,
                                  int64_t principal, const char *current_token, const char *handle,
                                  bool *out_was_current)
{
    struct session rows[SESSIONS_LIST_MAX];
    size_t n = 0;
    enum vc_status st = repo_sessions_of(env->store, kind, principal, rows, SESSIONS_LIST_MAX, &n);
    if (st != VC_OK)
        return st;
    char mine[HASH_HEX] = "", h[SESSION_HANDLE_LEN + 1];
    if (current_token != NULL)
        hash_of(env, current_token, strlen(current_token), mine);
    for (size_t i = 0; i < n; i++) {
        handle_of(env, rows[i].id_hash, h);
        if (strlen(handle) != SESSION_HANDLE_LEN || !token_equal(h, handle))
            continue;
        *out_was_current = strcmp(rows[i].id_hash, mine) == 0;
        st = repo_session_delete(env->store, rows[i].id_hash);
        audit_end(env, kind, principal, *out_was_current ? "this one" : "another one", &st);
        return st;
    }
    return VC_ERR_NOT_FOUND;
}

enum vc_status session_end_others(const struct vc_env *env, enum session_kind kind,
                                  int64_t principal, const char *current_token)
{
    char mine[HASH_HEX] = "";
    if (current_token != NULL)
        hash_of(env, current_token, strlen(current_token), mine);
    enum vc_status st = repo_session_delete_others(env->store, kind, principal, mine);
    audit_end(env, kind, principal, "all others", &st);
    return st;
}

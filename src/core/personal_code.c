/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The personal code as a credential (core/personal_code.h has the life
 * cycle and the invariants). */
#include <sodium.h>
#include <string.h>

#include "core/audit.h"
#include "core/journey.h"
#include "core/personal_code.h"
#include "core/repo.h"
#include "core/throttle.h"
#include "crypto/password.h"
#include "crypto/token.h"
#include "util/str.h"

#define DAY_SECONDS 86400

bool personal_code_applies(const struct vc_env *env, const struct account *acc)
{
    const struct journey_def *j = journey_of(env, acc);
    for (size_t i = 0; j != NULL && i < j->n_steps; i++) {
        if (strcmp(j->steps[i].kind, "temp_code") == 0)
            return true;
    }
    return false;
}

enum vc_status personal_code_issue(const struct vc_env *env, int64_t account_id,
                                   char out_code[PERSONAL_CODE_TEMP_LEN + 1])
{
    int64_t n = 0;
    enum vc_status st =
        repo_personal_code_count_since(env->store, account_id, env_now(env) - DAY_SECONDS, &n);
    if (st != VC_OK)
        return st;
    if (n >= PERSONAL_CODE_ISSUES_PER_DAY)
        return VC_ERR_LIMIT;
    char code[PERSONAL_CODE_TEMP_LEN + 1];
    uint8_t rnd[8 * PERSONAL_CODE_TEMP_LEN];
    do {
        env_random(env, rnd, sizeof rnd);
    } while (!token_code(rnd, sizeof rnd, PERSONAL_CODE_TEMP_LEN, code));
    sodium_memzero(rnd, sizeof rnd);
    struct personal_code c = {
        .account_id = account_id,
        .is_temporary = true,
        .attempts_left = PERSONAL_CODE_ATTEMPTS,
        .created_at = env_now(env),
    };
    token_hash(env->cfg->pepper, code, PERSONAL_CODE_TEMP_LEN, c.hash);
    /* earlier temporary codes go; the chosen one stays (invariant 3) */
    struct personal_code old;
    while ((st = repo_personal_code_current(env->store, account_id, true, &old)) == VC_OK) {
        old.voided = true;
        if ((st = repo_personal_code_update(env->store, &old)) != VC_OK)
            break;
    }
    if (st == VC_ERR_NOT_FOUND)
        st = repo_personal_code_insert(env->store, &c);
    if (st == VC_OK)
        memcpy(out_code, code, sizeof code);
    sodium_memzero(code, sizeof code);
    return st;
}

void personal_code_spaced(const char *code, char out[PERSONAL_CODE_TEMP_LEN + 3])
{
    size_t k = 0;
    for (size_t i = 0; i < PERSONAL_CODE_TEMP_LEN && code[i] != '\0'; i++) {
        if (i > 0 && i % 4 == 0)
            out[k++] = '-';
        out[k++] = code[i];
    }
    out[k] = '\0';
}

/* Whether typed is the temporary code of hash: normalised like every
 * short code, then a keyed hash and a constant-time compare. */
static bool temporary_matches(const uint8_t pepper[32], const char *hash, const char *typed)
{
    char norm[64] = {0}, h[TOKEN_HASH_HEX];
    size_t n = strlen(typed) < 256 ? token_code_normalise(typed, norm, sizeof norm) : 0;
    token_hash(pepper, norm, n, h);
    sodium_memzero(norm, sizeof norm);
    return n == PERSONAL_CODE_TEMP_LEN && hash[0] != '\0' && token_equal(h, hash);
}

/* A wrong code: one attempt of the row, the codes' throttle, the audit. */
static enum vc_status spend(const struct vc_env *env, struct personal_code *c, const char *why)
{
    if (c->attempts_left > 0)
        c->attempts_left--;
    if (c->attempts_left == 0)
        c->voided = true;
    struct throttle_keys k;
    throttle_account_keys(env, "code", c->account_id, &k);
    enum vc_status st = repo_personal_code_update(env->store, c);
    if (st == VC_OK)
        st = throttle_fail(env, &k, NULL);
    char who[64];
    audit_name("account", c->account_id, who);
    if (st == VC_OK)
        st = audit_record(env, who, NULL, "personal_code.fail", who, c->account_id, why);
    return st;
}

static enum vc_status throttled(const struct vc_env *env, int64_t account_id)
{
    struct throttle_keys k;
    throttle_account_keys(env, "code", account_id, &k);
    return throttle_check(env, &k, "code.limited", account_id);
}

enum vc_status personal_code_check_temporary(const struct vc_env *env, int64_t account_id,
                                             const char *typed, int *out_attempts_left,
                                             struct personal_code *out)
{
    enum vc_status st = throttled(env, account_id);
    if (st != VC_OK)
        return st;
    struct personal_code c;
    if ((st = repo_personal_code_current(env->store, account_id, true, &c)) != VC_OK)
        return st;
    if (!temporary_matches(env->cfg->pepper, c.hash, typed)) {
        if ((st = spend(env, &c, "temporary")) != VC_OK)
            return st;
        *out_attempts_left = c.attempts_left;
        return c.voided ? VC_ERR_LIMIT : VC_ERR_DENIED;
    }
    if (c.confirmed_at == 0) {
        c.confirmed_at = env_now(env);
        if ((st = repo_personal_code_update(env->store, &c)) != VC_OK)
            return st;
    }
    char who[64];
    audit_name("account", account_id, who);
    st = audit_record(env, who, NULL, "personal_code.ok", who, account_id, "temporary");
    if (st == VC_OK && out != NULL)
        *out = c;
    return st;
}

enum vc_status personal_code_choose(const struct vc_env *env, int64_t account_id,
                                    const char *argon2id_hash)
{
    struct personal_code c = {
        .account_id = account_id,
        .attempts_left = PERSONAL_CODE_ATTEMPTS,
        .created_at = env_now(env),
        .confirmed_at = env_now(env),
    };
    str_copy(c.hash, argon2id_hash, sizeof c.hash);
    enum vc_status st = repo_personal_code_insert(env->store, &c);
    if (st == VC_OK)
        st = repo_personal_code_void_others(env->store, account_id, c.id);
    return st;
}

/* The row that confirms operations now (invariant 4). */
static enum vc_status confirming(const struct vc_env *env, int64_t account_id,
                                 struct personal_code *out)
{
    enum vc_status st = repo_personal_code_current(env->store, account_id, false, out);
    if (st == VC_ERR_NOT_FOUND)
        st = repo_personal_code_current(env->store, account_id, true, out);
    return st;
}

enum vc_status personal_code_prepare(const struct vc_env *env, const struct account *acc,
                                     const char *typed, struct form_errors *errs,
                                     struct personal_code_proof *out)
{
    memset(out, 0, sizeof *out);
    if (!personal_code_applies(env, acc))
        return VC_OK;
    out->asked = true;
    if (typed == NULL || typed[0] == '\0') {
        form_errors_add(errs, "personal_code", "error.personal_code.missing");
        return VC_ERR_INVALID;
    }
    struct personal_code c;
    enum vc_status st = confirming(env, acc->id, &c);
    if (st == VC_ERR_NOT_FOUND) { /* spent by wrong codes: a new one first */
        form_errors_add(errs, "personal_code", "error.personal_code.none");
        return VC_ERR_INVALID;
    }
    if (st != VC_OK || (st = throttled(env, acc->id)) != VC_OK)
        return st;
    out->account_id = acc->id;
    out->code_id = c.id;
    out->is_temporary = c.is_temporary;
    str_copy(out->hash, c.hash, sizeof out->hash);
    out->pepper = env->cfg->pepper;
    return VC_OK;
}

void personal_code_verify(struct personal_code_proof *p, const char *typed)
{
    if (!p->asked)
        return;
    p->verified = p->is_temporary ? temporary_matches(p->pepper, p->hash, typed)
                                  : password_verify(p->hash, typed, strlen(typed));
}

enum vc_status personal_code_settle(const struct vc_env *env, const struct personal_code_proof *p,
                                    struct form_errors *errs)
{
    if (!p->asked)
        return VC_OK;
    struct personal_code c;
    enum vc_status st = confirming(env, p->account_id, &c);
    if (st != VC_OK && st != VC_ERR_NOT_FOUND)
        return st;
    /* the row as it is now: one replaced or voided meanwhile proves nothing */
    bool same = st == VC_OK && c.id == p->code_id && strcmp(c.hash, p->hash) == 0;
    if (same && p->verified) {
        struct throttle_keys k;
        throttle_account_keys(env, "code", p->account_id, &k);
        return throttle_success(env, &k);
    }
    if (same && (st = spend(env, &c, "operation")) != VC_OK)
        return st;
    form_errors_add(errs, "personal_code",
                    same && c.voided ? "error.personal_code.void" : "error.personal_code.wrong");
    return VC_ERR_DENIED;
}

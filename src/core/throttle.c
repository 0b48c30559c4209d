/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "core/repo.h"
#include "core/throttle.h"
#include "crypto/token.h"
#include "util/str.h"

/* A file-top comment of throttle.h explains the numbers. */
struct policy {
    int free;
    int64_t max_delay;
};
static const struct policy subject_policy = {THROTTLE_SUBJECT_FREE, THROTTLE_SUBJECT_MAX_DELAY};
static const struct policy address_policy = {THROTTLE_ADDRESS_FREE, THROTTLE_ADDRESS_MAX_DELAY};

static void key_of(const struct vc_env *env, const char *kind, const char *what, char out[HASH_HEX])
{
    char buf[EMAIL_MAX + 64];
    int n = snprintf(buf, sizeof buf, "%s|%s", kind, what);
    token_hash(env->cfg->pepper, buf, n < (int)sizeof buf ? (size_t)n : sizeof buf - 1, out);
}

void throttle_keys(const struct vc_env *env, const char *kind, const char *subject,
                   struct throttle_keys *out)
{
    memset(out, 0, sizeof *out);
    if (subject != NULL && subject[0] != '\0')
        key_of(env, kind, subject, out->subject);
    if (env->ip != NULL && env->ip[0] != '\0')
        key_of(env, "address", env->ip, out->address);
}

void throttle_account_keys(const struct vc_env *env, const char *kind, int64_t account_id,
                           struct throttle_keys *out)
{
    char subject[32];
    snprintf(subject, sizeof subject, "account:%lld", (long long)account_id);
    throttle_keys(env, kind, subject, out);
}

void throttle_password_keys(const struct vc_env *env, int64_t account_id, const char *typed,
                            struct throttle_keys *out)
{
    if (account_id > 0) {
        throttle_account_keys(env, "password", account_id, out);
        return;
    }
    throttle_keys(env, "password", typed, out);
}

int64_t throttle_delay(int failures, int free, int64_t max_delay)
{
    if (failures <= free)
        return 0;
    int shift = failures - free - 1;
    if (shift >= 30)
        return max_delay;
    int64_t d = (int64_t)1 << shift;
    return d < max_delay ? d : max_delay;
}

/* When the next attempt may come after a failure that calls for `delay`
 * seconds. The clock counts whole seconds and the failure came somewhere
 * within `now`, so one second more makes every wait at least `delay` full
 * seconds (a failure late in one second and the next attempt early in the
 * following one must not meet a wait of nothing). */
static int64_t next_allowed(int64_t now, int64_t delay)
{
    return delay > 0 ? now + delay + 1 : now;
}

/* The row of key as it counts now: a window past its hour starts afresh. */
static enum vc_status load(const struct vc_env *env, const char *key, struct throttle_row *r)
{
    enum vc_status st = repo_throttle_get(env->store, key, r);
    if (st == VC_OK && env_now(env) - r->window_start >= THROTTLE_WINDOW_SECONDS &&
        env_now(env) >= r->next_at)
        st = VC_ERR_NOT_FOUND;
    if (st == VC_ERR_NOT_FOUND) {
        memset(r, 0, sizeof *r);
        str_copy(r->key, key, sizeof r->key);
    }
    return st == VC_ERR_NOT_FOUND ? VC_OK : st;
}

enum vc_status throttle_check(const struct vc_env *env, const struct throttle_keys *k,
                              const char *action, int64_t account_id)
{
    const char *keys[2] = {k->subject, k->address};
    int64_t now = env_now(env), wait = 0;
    for (int i = 0; i < 2; i++) {
        if (keys[i][0] == '\0')
            continue;
        struct throttle_row r;
        enum vc_status st = load(env, keys[i], &r);
        if (st != VC_OK)
            return st;
        if (r.next_at - now > wait)
            wait = r.next_at - now;
    }
    if (wait <= 0)
        return VC_OK;
    if (env->retry_after != NULL)
        *env->retry_after = wait;
    char name[64] = "", detail[48];
    if (account_id != 0)
        audit_name("account", account_id, name);
    snprintf(detail, sizeof detail, "retry in %lld s", (long long)wait);
    enum vc_status st = audit_record(env, "anonymous", NULL, action, name, account_id, detail);
    return st == VC_OK ? VC_ERR_LIMIT : st;
}

static enum vc_status fail_one(const struct vc_env *env, const char *key, const struct policy *p,
                               bool *notice)
{
    struct throttle_row r;
    enum vc_status st = load(env, key, &r);
    if (st != VC_OK)
        return st;
    int64_t now = env_now(env);
    if (r.failures == 0) {
        r.window_start = now;
        /* A new window: sweep a few windows long gone, so the table stays
         * as small as the traffic of the last hour. */
        if ((st = repo_throttle_prune(env->store, now - THROTTLE_WINDOW_SECONDS, 8)) != VC_OK)
            return st;
    }
    r.failures++;
    r.next_at = next_allowed(now, throttle_delay(r.failures, p->free, p->max_delay));
    if (notice != NULL && r.failures >= THROTTLE_NOTICE_AT && !r.notified) {
        r.notified = true;
        *notice = true;
    }
    return repo_throttle_put(env->store, &r);
}

enum vc_status throttle_fail(const struct vc_env *env, const struct throttle_keys *k,
                             bool *out_notice)
{
    bool notice = false;
    enum vc_status st = VC_OK;
    if (k->subject[0] != '\0')
        st = fail_one(env, k->subject, &subject_policy, &notice);
    if (st == VC_OK && k->address[0] != '\0')
        st = fail_one(env, k->address, &address_policy, NULL);
    if (st == VC_OK && out_notice != NULL)
        *out_notice = notice;
    return st;
}

enum vc_status throttle_reserve(const struct vc_env *env, const struct throttle_keys *k,
                                const char *action, int64_t account_id)
{
    enum vc_status st = throttle_check(env, k, action, account_id);
    if (st != VC_OK)
        return st;
    /* the notice waits for the outcome: a right password is no failure */
    if (k->subject[0] != '\0' && (st = fail_one(env, k->subject, &subject_policy, NULL)) != VC_OK)
        return st;
    if (k->address[0] != '\0')
        st = fail_one(env, k->address, &address_policy, NULL);
    return st;
}

enum vc_status throttle_failed(const struct vc_env *env, const struct throttle_keys *k,
                               bool *out_notice)
{
    if (k->subject[0] == '\0')
        return VC_OK;
    struct throttle_row r;
    enum vc_status st = load(env, k->subject, &r);
    if (st != VC_OK || r.failures < THROTTLE_NOTICE_AT || r.notified)
        return st;
    r.notified = true;
    if ((st = repo_throttle_put(env->store, &r)) == VC_OK && out_notice != NULL)
        *out_notice = true;
    return st;
}

enum vc_status throttle_success(const struct vc_env *env, const struct throttle_keys *k)
{
    if (k->subject[0] == '\0')
        return VC_OK;
    enum vc_status st = repo_throttle_delete(env->store, k->subject);
    return st == VC_ERR_NOT_FOUND ? VC_OK : st;
}

enum vc_status throttle_success_reserved(const struct vc_env *env, const struct throttle_keys *k)
{
    enum vc_status st = throttle_success(env, k);
    if (st != VC_OK || k->address[0] == '\0')
        return st;
    /* The address gave a right answer: its reserved attempt was no failure,
     * so that an office whose people log in all day never waits. */
    struct throttle_row r;
    if ((st = load(env, k->address, &r)) != VC_OK || r.failures == 0)
        return st;
    r.failures--;
    int64_t next = next_allowed(
        env_now(env), throttle_delay(r.failures, address_policy.free, address_policy.max_delay));
    if (next < r.next_at)
        r.next_at = next;
    return repo_throttle_put(env->store, &r);
}

enum vc_status throttle_forget_account(const struct vc_env *env, int64_t account_id)
{
    struct throttle_keys k;
    throttle_account_keys(env, "password", account_id, &k);
    return throttle_success(env, &k);
}

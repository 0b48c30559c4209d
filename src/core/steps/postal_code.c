/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/audit.h"
#include "core/codes.h"
#include "core/journey.h"
#include "core/messages.h"
#include "core/repo.h"
#include "core/steps/postal_code.h"
#include "core/throttle.h"

#define NEW_LETTER_AFTER_SECONDS (7 * 86400)

static void date_it(int64_t t, char out[16])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, 16, "%d/%m/%Y", &tm);
}

/* A new code and the letter that carries it, to the registry's address. */
static enum vc_status send_letter(const struct vc_env *env, const struct account *acc)
{
    struct member m;
    memset(&m, 0, sizeof m);
    enum vc_status st = VC_OK;
    if (acc->member_id != 0 && (st = repo_member_by_id(env->store, acc->member_id, &m)) != VC_OK)
        return st;
    char code[ACTIVATION_CODE_LEN + 1], url[320], expires[16], case_number[24] = "";
    st = codes_issue_short(env, acc->id, CODE_ACTIVATION, env->cfg->activation_code_seconds,
                           env->cfg->activation_code_attempts, code);
    if (st != VC_OK)
        return st;
    struct id_case c;
    if (repo_case_by_account(env->store, acc->id, "id_form", &c) == VC_OK)
        memcpy(case_number, c.number, sizeof case_number);
    snprintf(url, sizeof url, "%s/area/attivazione", env->cfg->base_url);
    date_it(env_now(env) + env->cfg->activation_code_seconds, expires);
    struct msg_field f[MSG_MEMBER_ADDRESS_FIELDS + 4];
    messages_member_address(&m, f);
    f[MSG_MEMBER_ADDRESS_FIELDS + 0] = (struct msg_field){"code", code};
    f[MSG_MEMBER_ADDRESS_FIELDS + 1] = (struct msg_field){"activation_url", url};
    f[MSG_MEMBER_ADDRESS_FIELDS + 2] = (struct msg_field){"expires_at", expires};
    f[MSG_MEMBER_ADDRESS_FIELDS + 3] = (struct msg_field){"case_number", case_number};
    st = messages_queue(env, OUTBOX_LETTER, "", "activation_letter", acc->lang, acc->id, f,
                        sizeof f / sizeof f[0]);
    sodium_memzero(code, sizeof code);
    if (st != VC_OK)
        return st;
    char who[64];
    audit_name("account", acc->id, who);
    return audit_record(env, "system", NULL, "letter.queued", who, acc->id, "activation");
}

static enum vc_status enter(const struct vc_env *env, struct account *acc)
{
    return send_letter(env, acc);
}

const struct step step_postal_code = {.name = "postal_code", .enter = enter};

enum vc_status postal_code_enter(const struct vc_env *env, int64_t account_id, const char *typed,
                                 size_t len, int *out_attempts_left)
{
    struct account acc;
    enum vc_status st = repo_account_by_id(env->store, account_id, &acc);
    if (st != VC_OK)
        return st;
    if (strcmp(acc.step, "postal_code") != 0)
        return VC_ERR_DENIED;
    struct throttle_keys k;
    throttle_account_keys(env, "code", account_id, &k);
    if ((st = throttle_check(env, &k, "code.limited", account_id)) != VC_OK)
        return st;
    int left = 0;
    enum vc_status res = codes_check_short(env, account_id, CODE_ACTIVATION, typed, len, &left);
    if (res == VC_ERR_STORE || res == VC_ERR_INTERNAL)
        return res;
    /* Only a wrong code is a guess; a void, expired or missing code is not. */
    if (res == VC_ERR_DENIED && (st = throttle_fail(env, &k, NULL)) != VC_OK)
        return st;
    char who[64];
    audit_name("account", account_id, who);
    st = audit_record(env, who, NULL, res == VC_OK ? "code.ok" : "code.fail", who, account_id,
                      vc_status_name(res));
    if (st != VC_OK)
        return st;
    if (res == VC_OK) {
        st = journey_advance(env, &acc, "postal_code");
        if (st == VC_OK) {
            struct member m;
            memset(&m, 0, sizeof m);
            if (acc.member_id != 0)
                st = repo_member_by_id(env->store, acc.member_id, &m);
            struct msg_field f[] = {{"given_name", m.given_name}};
            if (st == VC_OK)
                st = messages_queue(env, OUTBOX_MAIL, acc.username, "account_activated", acc.lang,
                                    acc.id, f, 1);
        }
        return st;
    }
    *out_attempts_left = left;
    return res;
}

enum vc_status postal_code_new_letter(const struct vc_env *env, int64_t account_id,
                                      int64_t *out_next_at)
{
    struct account acc;
    enum vc_status st = repo_account_by_id(env->store, account_id, &acc);
    if (st != VC_OK)
        return st;
    if (strcmp(acc.step, "postal_code") != 0)
        return VC_ERR_DENIED;
    struct code c;
    st = repo_code_active(env->store, account_id, CODE_ACTIVATION, &c);
    if (st == VC_OK && c.expires_at > env_now(env) &&
        env_now(env) - c.created_at < NEW_LETTER_AFTER_SECONDS)
        return VC_ERR_LIMIT;
    if (st != VC_OK && st != VC_ERR_NOT_FOUND)
        return st;
    int64_t since = env_now(env) - 30 * 86400, n = 0, first = 0;
    if ((st = repo_code_count_since(env->store, account_id, CODE_ACTIVATION, since, &n)) != VC_OK)
        return st;
    if (n >= POSTAL_CODE_LETTERS_PER_30_DAYS) {
        if ((st = repo_code_first_since(env->store, account_id, CODE_ACTIVATION, since, &first)) !=
            VC_OK)
            return st;
        char who[64];
        audit_name("account", account_id, who);
        if ((st = audit_record(env, who, NULL, "letter.cap", who, account_id, NULL)) != VC_OK)
            return st;
        *out_next_at = first + 30 * 86400 + 1; /* the first one leaves the window */
        return VC_ERR_CONFLICT;
    }
    return send_letter(env, &acc);
}

enum vc_status postal_code_state(const struct vc_env *env, int64_t account_id,
                                 int *out_attempts_left)
{
    struct code c;
    enum vc_status st = repo_code_active(env->store, account_id, CODE_ACTIVATION, &c);
    if (st != VC_OK)
        return st;
    if (env_now(env) >= c.expires_at)
        return VC_ERR_EXPIRED;
    *out_attempts_left = c.attempts_left;
    return VC_OK;
}

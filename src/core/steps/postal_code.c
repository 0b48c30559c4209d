/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/audit.h"
#include "core/codes.h"
#include "core/journey.h"
#include "core/letters.h"
#include "core/messages.h"
#include "core/person.h"
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

/* A new code and the letter that carries it, to the person's residence. */
static enum vc_status send_letter(const struct vc_env *env, const struct account *acc)
{
    char code[ACTIVATION_CODE_LEN + 1], expires[16], case_number[24] = "";
    enum vc_status st =
        codes_issue_short(env, acc->id, CODE_ACTIVATION, env->cfg->activation_code_seconds,
                          env->cfg->activation_code_attempts, code);
    if (st != VC_OK)
        return st;
    struct id_case c;
    if (repo_case_by_account(env->store, acc->id, "id_form", &c) == VC_OK)
        memcpy(case_number, c.number, sizeof case_number);
    date_it(env_now(env) + env->cfg->activation_code_seconds, expires);
    struct msg_field f[] = {{"code", code},
                            MSG_LINK("activation_url", "activation"),
                            {"expires_at", expires},
                            {"case_number", case_number}};
    st = letters_send(env, acc, "activation_letter", false, f, sizeof f / sizeof f[0]);
    sodium_memzero(code, sizeof code);
    return st;
}

static enum vc_status enter(const struct vc_env *env, struct account *acc,
                            const struct step_ref *at)
{
    (void)at;
    return send_letter(env, acc);
}

/* A usable code went out by post: its letter is on its way (or arrived). */
static bool letter_pending(const struct vc_env *env, const struct account *acc)
{
    struct code c;
    return repo_code_active(env->store, acc->id, CODE_ACTIVATION, &c) == VC_OK &&
           c.expires_at > env_now(env);
}

static enum vc_status monthly_cap(const struct vc_env *env, int64_t account_id,
                                  int64_t *out_next_at);

/* The person moved while the letter travelled: a new code to the new
 * residence (the old one is void), within the monthly cap of letters. */
static enum vc_status resend_letter(const struct vc_env *env, struct account *acc,
                                    int64_t *out_next_at)
{
    enum vc_status st = monthly_cap(env, acc->id, out_next_at);
    return st == VC_OK ? send_letter(env, acc) : st;
}

const struct step_kind step_postal_code = {.name = "postal_code",
                                           .enter = enter,
                                           .letter_pending = letter_pending,
                                           .resend_letter = resend_letter};

enum vc_status postal_code_enter(const struct vc_env *env, int64_t account_id, const char *typed,
                                 size_t len, int *out_attempts_left, struct journey_outcome *out)
{
    struct account acc;
    enum vc_status st = repo_account_by_id(env->store, account_id, &acc);
    if (st != VC_OK)
        return st;
    if (!journey_at(env, &acc, "postal_code"))
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
    if (res == VC_OK)
        return journey_complete(env, &acc, "postal_code", out);
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
    if (!journey_at(env, &acc, "postal_code"))
        return VC_ERR_DENIED;
    struct code c;
    st = repo_code_active(env->store, account_id, CODE_ACTIVATION, &c);
    if (st == VC_OK && c.expires_at > env_now(env) &&
        env_now(env) - c.created_at < NEW_LETTER_AFTER_SECONDS)
        return VC_ERR_LIMIT;
    if (st != VC_OK && st != VC_ERR_NOT_FOUND)
        return st;
    if ((st = monthly_cap(env, account_id, out_next_at)) != VC_OK)
        return st;
    return send_letter(env, &acc);
}

/* VC_OK while fewer than POSTAL_CODE_LETTERS_PER_30_DAYS went out in the
 * last 30 days; else VC_ERR_CONFLICT, audited, with the day another may go. */
static enum vc_status monthly_cap(const struct vc_env *env, int64_t account_id,
                                  int64_t *out_next_at)
{
    int64_t since = env_now(env) - 30 * 86400, n = 0, first = 0;
    enum vc_status st = repo_code_count_since(env->store, account_id, CODE_ACTIVATION, since, &n);
    if (st != VC_OK || n < POSTAL_CODE_LETTERS_PER_30_DAYS)
        return st;
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

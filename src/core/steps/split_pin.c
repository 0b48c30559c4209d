/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Step `split_pin` (core/steps/split_pin.h has the life cycle). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "core/codes.h"
#include "core/codice_fiscale.h"
#include "core/letters.h"
#include "core/messages.h"
#include "core/password_policy.h"
#include "core/person.h"
#include "core/phone.h"
#include "core/repo.h"
#include "core/steps/split_pin.h"
#include "crypto/password.h"
#include "crypto/token.h"
#include "util/str.h"

/* "ABCD EFGH": a half as it is printed and mailed, easy to read aloud. */
static void spaced(const char *half, char out[SPLIT_PIN_HALF + 2])
{
    memcpy(out, half, 4);
    out[4] = ' ';
    memcpy(out + 5, half + 4, 4);
    out[9] = '\0';
}

/* The PIN's code row and its two messages (or the screen). */
static enum vc_status issue(const struct vc_env *env, const struct account *acc,
                            enum pin_delivery how, char first[SPLIT_PIN_HALF + 1],
                            char tracking[24])
{
    char pin[SPLIT_PIN_LEN + 1], hash[TOKEN_HASH_HEX];
    uint8_t rnd[4 * SPLIT_PIN_LEN];
    do {
        env_random(env, rnd, sizeof rnd);
    } while (!token_code(rnd, sizeof rnd, SPLIT_PIN_LEN, pin));
    sodium_memzero(rnd, sizeof rnd);
    token_hash(env->cfg->pepper, pin, SPLIT_PIN_LEN, hash);
    enum vc_status st = repo_code_void_all(env->store, acc->id, CODE_PIN);
    struct code c;
    memset(&c, 0, sizeof c);
    c.account_id = acc->id;
    c.purpose = CODE_PIN;
    memcpy(c.hash, hash, sizeof c.hash);
    c.created_at = env_now(env);
    c.expires_at = c.created_at + SPLIT_PIN_SECONDS;
    c.attempts_left = 1; /* spent by the login that uses it */
    if (st == VC_OK)
        st = repo_code_insert(env->store, &c);
    char half1[SPLIT_PIN_HALF + 1], half2[SPLIT_PIN_HALF + 1], shown[SPLIT_PIN_HALF + 2];
    memcpy(half1, pin, SPLIT_PIN_HALF);
    half1[SPLIT_PIN_HALF] = '\0';
    memcpy(half2, pin + SPLIT_PIN_HALF, SPLIT_PIN_HALF);
    half2[SPLIT_PIN_HALF] = '\0';
    sodium_memzero(pin, sizeof pin);
    struct person p;
    if (st == VC_OK)
        st = person_of_account(env, acc, &p);
    if (st == VC_OK && how == PIN_BY_MAIL) {
        spaced(half1, shown);
        struct msg_field f[] = {
            {"given_name", p.given_name}, {"first_half", shown}, MSG_LINK("login_url", "login")};
        st = messages_queue(env, OUTBOX_MAIL, acc->username, "pin_first_half", acc->lang, acc->id,
                            f, sizeof f / sizeof f[0]);
        /* E.164 for the gateway; a number from before core/phone.h that is
         * no mobile gets no SMS (the mail carries the half all the same) */
        char to[PHONE_E164_SIZE];
        if (st == VC_OK && phone_normalise(p.mobile, to))
            st =
                messages_queue(env, OUTBOX_SMS, to, "pin_first_half_sms", acc->lang, acc->id, f, 2);
    } else if (st == VC_OK && first != NULL) {
        memcpy(first, half1, SPLIT_PIN_HALF + 1);
    }
    if (st == VC_OK) {
        spaced(half2, shown);
        struct msg_field f[] = {{"second_half", shown}, MSG_LINK("login_url", "login")};
        st = letters_send(env, acc, "pin_letter", true, f, sizeof f / sizeof f[0]);
    }
    sodium_memzero(half1, sizeof half1);
    sodium_memzero(half2, sizeof half2);
    sodium_memzero(shown, sizeof shown);
    if (st == VC_OK && tracking != NULL) {
        struct letter l;
        size_t n = 0;
        if ((st = repo_letters_of(env->store, acc->id, &l, 1, &n)) == VC_OK && n == 1)
            str_copy(tracking, l.tracking, 24);
    }
    return st;
}

enum vc_status split_pin_issue(const struct vc_env *env, const struct account *acc,
                               enum pin_delivery how, int64_t operator_id,
                               char out_first_half[SPLIT_PIN_HALF + 1])
{
    enum vc_status st = issue(env, acc, how, out_first_half, NULL);
    if (st != VC_OK)
        return st;
    char who[64], obj[64];
    audit_name("account", acc->id, obj);
    if (operator_id != 0)
        audit_name("operator", operator_id, who);
    else
        str_copy(who, "system", sizeof who);
    return audit_record(env, who, NULL, "pin.issued", obj, acc->id,
                        how == PIN_ON_SCREEN ? "first half on screen" : "first half by mail");
}

static enum vc_status enter(const struct vc_env *env, struct account *acc,
                            const struct step_ref *at)
{
    (void)at;
    acc->credential = CREDENTIAL_PIN;
    return split_pin_issue(env, acc, PIN_BY_MAIL, 0, NULL);
}

/* The registered letter of an issued PIN that nobody used yet. */
static bool letter_pending(const struct vc_env *env, const struct account *acc)
{
    struct code c;
    return repo_code_active(env->store, acc->id, CODE_PIN, &c) == VC_OK &&
           c.expires_at > env_now(env);
}

/* The person moved before the letter arrived: a whole new PIN, both halves
 * (half a PIN must never go to two addresses). */
static enum vc_status resend_letter(const struct vc_env *env, struct account *acc,
                                    int64_t *out_next_at)
{
    (void)out_next_at;
    return split_pin_issue(env, acc, PIN_BY_MAIL, 0, NULL);
}

const struct step_kind step_split_pin = {.name = "split_pin",
                                         .enter = enter,
                                         .letter_pending = letter_pending,
                                         .resend_letter = resend_letter};

bool split_pin_matches(const uint8_t pepper[32], const char *issued_hash, const char *typed,
                       size_t len)
{
    char norm[64] = {0}, hash[TOKEN_HASH_HEX];
    size_t n = len < 256 ? token_code_normalise(typed, norm, sizeof norm) : 0;
    token_hash(pepper, norm, n, hash);
    sodium_memzero(norm, sizeof norm);
    return n == SPLIT_PIN_LEN && issued_hash[0] != '\0' && token_equal(hash, issued_hash);
}

/* The account of a codice fiscale that logs in with a PIN, or NOT_FOUND. */
static enum vc_status pin_account(const struct vc_env *env, const char *cf_norm,
                                  struct account *out)
{
    enum vc_status st = repo_account_by_cf_norm(env->store, cf_norm, out);
    if (st == VC_OK && (out->credential != CREDENTIAL_PIN || out->state == ACCOUNT_DISABLED))
        st = VC_ERR_NOT_FOUND;
    return st;
}

enum vc_status split_pin_recover(const struct vc_env *env, const char *cf, struct form_errors *errs)
{
    form_errors_init(errs);
    char up[CF_LEN + 1], norm[CF_LEN + 1];
    enum cf_result r = cf_validate(cf, strlen(cf), up);
    if (r != CF_OK) {
        form_errors_add(errs, "codice_fiscale", cf[0] ? cf_result_msg(r) : "error.cf.missing");
        return VC_ERR_INVALID;
    }
    cf_normalise(up, norm);
    struct throttle_keys k;
    throttle_keys(env, "recover", norm, &k);
    enum vc_status st = throttle_check(env, &k, "recovery.limited", 0);
    if (st != VC_OK || (st = throttle_fail(env, &k, NULL)) != VC_OK)
        return st;
    struct account a;
    st = pin_account(env, norm, &a);
    if (st == VC_ERR_NOT_FOUND)
        return VC_OK; /* the same answer: nothing to send */
    if (st != VC_OK)
        return st;
    if (!a.email_confirmed && a.step[0] == '\0') /* never half a PIN to an unproven address */
        return VC_OK;
    return split_pin_issue(env, &a, PIN_BY_MAIL, 0, NULL);
}

enum vc_status split_pin_by_operator(const struct vc_env *env, int64_t operator_id, const char *cf,
                                     char out_first_half[SPLIT_PIN_HALF + 1], char out_tracking[24])
{
    char up[CF_LEN + 1], norm[CF_LEN + 1];
    if (cf_validate(cf, strlen(cf), up) != CF_OK)
        return VC_ERR_INVALID;
    cf_normalise(up, norm);
    struct account a;
    enum vc_status st = pin_account(env, norm, &a);
    if (st != VC_OK)
        return st;
    if ((st = issue(env, &a, PIN_ON_SCREEN, out_first_half, out_tracking)) != VC_OK)
        return st;
    char who[64], obj[64];
    audit_name("operator", operator_id, who);
    audit_name("account", a.id, obj);
    return audit_record(env, who, NULL, "pin.issued", obj, a.id, "first half on screen");
}

enum vc_status pin_change_check(const struct vc_env *env, int64_t account_id, const char *pin,
                                const char *confirm, struct form_errors *errs,
                                struct pin_change *out)
{
    form_errors_init(errs);
    memset(out, 0, sizeof *out);
    struct account a;
    enum vc_status st = repo_account_by_id(env->store, account_id, &a);
    if (st != VC_OK)
        return st;
    if (a.credential != CREDENTIAL_PIN || !a.must_change_password)
        return VC_ERR_DENIED;
    struct person p;
    if ((st = person_of_account(env, &a, &p)) != VC_OK)
        return st;
    const char *mine[] = {a.username, p.given_name, p.family_name, p.codice_fiscale, NULL};
    const char *bad = password_policy_check(&env->cfg->password, pin, strlen(pin), mine);
    if (bad != NULL)
        form_errors_add(errs, "pin", bad);
    else if (strcmp(pin, confirm) != 0)
        form_errors_add(errs, "pin_confirm", "error.pin.mismatch");
    if (form_errors_any(errs))
        return VC_ERR_INVALID;
    out->account_id = a.id;
    return VC_OK;
}

enum vc_status pin_change_hash(struct pin_change *pc, const char *pin)
{
    return password_hash(pin, strlen(pin), pc->new_hash);
}

enum vc_status pin_change_finish(const struct vc_env *env, const struct pin_change *pc,
                                 struct journey_outcome *out)
{
    struct account a;
    enum vc_status st = repo_account_by_id(env->store, pc->account_id, &a);
    if (st != VC_OK)
        return st;
    if (!a.must_change_password)
        return VC_ERR_DENIED;
    str_copy(a.password_hash, pc->new_hash, sizeof a.password_hash);
    a.must_change_password = false;
    a.updated_at = env_now(env);
    if ((st = repo_account_update(env->store, &a)) != VC_OK ||
        (st = repo_code_void_all(env->store, a.id, CODE_PIN)) != VC_OK)
        return st;
    char who[64];
    audit_name("account", a.id, who);
    if ((st = audit_record(env, who, NULL, "pin.changed", who, a.id, NULL)) != VC_OK)
        return st;
    if (journey_at(env, &a, "split_pin")) {
        if ((st = journey_complete(env, &a, "split_pin", out)) != VC_OK)
            return st;
    } else if (out != NULL) {
        *out = (struct journey_outcome){.level = a.level, .page = "area"};
    }
    struct person p;
    if ((st = person_of_account(env, &a, &p)) != VC_OK)
        return st;
    struct msg_field f[] = {{"given_name", p.given_name}, MSG_LINK("recovery_url", "recovery")};
    return messages_queue(env, OUTBOX_MAIL, a.username, "pin_changed", a.lang, a.id, f,
                          sizeof f / sizeof f[0]);
}

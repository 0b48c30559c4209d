/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Members' second factor: enrolment, recovery codes, the login's second
 * step (core/second_factor.h has the life cycle and its invariants). The
 * TOTP itself is core/totp_factor.c, shared with operators. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "core/codice_fiscale.h"
#include "core/operator.h"
#include "core/steps/in_person.h"
#include "core/codes.h"
#include "core/messages.h"
#include "core/person.h"
#include "core/repo.h"
#include "core/second_factor.h"
#include "core/session.h"
#include "core/totp_factor.h"
#include "crypto/token.h"
#include "util/str.h"

/* The spid profile confirms enrolment with an SMS code to the number of
 * record too (seed 002: "attivare l'app"). */
static bool sms_confirmation_needed(const struct vc_env *env)
{
    return env->cfg->profile->enrol_by_sms;
}

#define ENROL_SMS_BINDS "second_factor" /* what the code confirms (codes: data) */
#define ENROL_SMS_SECONDS 600
#define ENROL_SMS_ATTEMPTS 5

/* An SMS code to the number of record, unless one sent is still alive (a
 * reload of the page sends nothing). VC_ERR_DENIED: no number of record. */
static enum vc_status send_enrol_sms(const struct vc_env *env, const struct account *a)
{
    struct code alive;
    enum vc_status st = repo_code_active(env->store, a->id, CODE_ENROL_OTP, &alive);
    if (st == VC_OK && alive.expires_at > env_now(env) && alive.attempts_left > 0)
        return VC_OK;
    if (st != VC_OK && st != VC_ERR_NOT_FOUND)
        return st;
    struct person p;
    if ((st = person_of_account(env, a, &p)) != VC_OK)
        return st;
    if (p.mobile[0] == '\0')
        return VC_ERR_DENIED;
    char code[OTP_DIGITS + 1];
    st = codes_issue_otp(env, a->id, CODE_ENROL_OTP, ENROL_SMS_SECONDS, ENROL_SMS_ATTEMPTS,
                         ENROL_SMS_BINDS, code);
    struct msg_field f[] = {{"code", code}};
    if (st == VC_OK)
        st = messages_queue(env, OUTBOX_SMS, p.mobile, "second_factor_sms", a->lang, a->id, f, 1);
    sodium_memzero(code, sizeof code);
    return st;
}

static void subject_of(int64_t account_id, char out[40])
{
    snprintf(out, 40, "account:%lld", (long long)account_id);
}

/* The account, if it may have a second factor (invariant 1). */
static enum vc_status eligible(const struct vc_env *env, int64_t account_id, struct account *out)
{
    enum vc_status st = repo_account_by_id(env->store, account_id, out);
    if (st != VC_OK)
        return st;
    return out->state == ACCOUNT_ACTIVE && out->level >= LEVEL_FULL ? VC_OK : VC_ERR_DENIED;
}

/* Mails the person one of the second factor's messages (invariant 5). */
static enum vc_status tell(const struct vc_env *env, const struct account *a, const char *tmpl,
                           const char *left)
{
    struct person p;
    enum vc_status st = person_of_account(env, a, &p);
    if (st != VC_OK)
        return st;
    struct msg_field f[] = {{"given_name", p.given_name},
                            MSG_LINK("second_factor_url", "second_factor"),
                            {"codes_left", left != NULL ? left : ""}};
    return messages_queue(env, OUTBOX_MAIL, a->username, tmpl, a->lang, a->id, f,
                          sizeof f / sizeof f[0]);
}

static enum vc_status audit(const struct vc_env *env, int64_t account_id, const char *action,
                            const char *detail)
{
    char who[64];
    audit_name("account", account_id, who);
    return audit_record(env, who, NULL, action, who, account_id, detail);
}

/* The level follows the app (invariant 1); every session ends (invariant 6). */
static enum vc_status set_level(const struct vc_env *env, struct account *a,
                                enum account_level level)
{
    a->level = level;
    a->updated_at = env_now(env);
    enum vc_status st = repo_account_update(env->store, a);
    if (st == VC_OK)
        st = repo_session_delete_all(env->store, SESSION_MEMBER, a->id);
    return st;
}

enum vc_status second_factor_view(const struct vc_env *env, int64_t account_id,
                                  struct second_factor_view *out)
{
    struct second_factor f;
    struct second_factor_view v = {0};
    enum vc_status st = repo_second_factor_get(env->store, account_id, &f);
    if (st != VC_OK && st != VC_ERR_NOT_FOUND)
        return st;
    if (st == VC_OK && f.enrolled_at != 0 && f.secret[0] != '\0') {
        v.enrolled = true;
        v.enrolled_at = f.enrolled_at;
        if ((st = repo_recovery_codes_left(env->store, account_id, &v.codes_left)) != VC_OK)
            return st;
    }
    sodium_memzero(&f, sizeof f);
    *out = v;
    return VC_OK;
}

enum vc_status second_factor_required(const struct vc_env *env, int64_t account_id,
                                      bool *out_required)
{
    struct second_factor_view v;
    enum vc_status st = second_factor_view(env, account_id, &v);
    if (st == VC_OK)
        *out_required = v.enrolled;
    return st;
}

enum vc_status second_factor_begin(const struct vc_env *env, int64_t account_id, char *out_uri,
                                   size_t out_len)
{
    struct account a;
    enum vc_status st = eligible(env, account_id, &a);
    if (st != VC_OK)
        return st == VC_ERR_NOT_FOUND ? VC_ERR_DENIED : st;
    struct second_factor f;
    st = repo_second_factor_get(env->store, account_id, &f);
    if (st == VC_ERR_NOT_FOUND) {
        memset(&f, 0, sizeof f);
        f.account_id = account_id;
    } else if (st != VC_OK) {
        return st;
    }
    uint8_t key[TOTP_SECRET_BYTES];
    bool opens = f.pending[0] != '\0' && totp_factor_open(env, f.pending, key);
    sodium_memzero(key, sizeof key);
    if (!opens) { /* a reload shows the same key; a new one only when none is pending */
        totp_factor_new(env, f.pending);
        f.pending_at = env_now(env);
        f.updated_at = env_now(env);
        if ((st = repo_second_factor_put(env->store, &f)) != VC_OK)
            goto out;
    }
    if (sms_confirmation_needed(env) && (st = send_enrol_sms(env, &a)) != VC_OK)
        goto out;
    st = totp_factor_uri(env, f.pending, a.username, out_uri, out_len);
out:
    sodium_memzero(&f, sizeof f);
    return st;
}

/* A new set of recovery codes: the old one voided, the new one's hashes
 * stored, the plain codes into out (invariant 3). */
static enum vc_status new_codes(const struct vc_env *env, int64_t account_id,
                                struct second_factor_codes *out)
{
    enum vc_status st = repo_recovery_codes_void(env->store, account_id);
    for (size_t i = 0; st == VC_OK && i < SECOND_FACTOR_CODES; i++) {
        char plain[SECOND_FACTOR_CODE_LEN + 1];
        uint8_t rnd[64];
        do {
            env_random(env, rnd, sizeof rnd);
        } while (!token_code(rnd, sizeof rnd, SECOND_FACTOR_CODE_LEN, plain));
        sodium_memzero(rnd, sizeof rnd);
        struct recovery_code c = {.account_id = account_id, .created_at = env_now(env)};
        token_hash(env->cfg->pepper, plain, SECOND_FACTOR_CODE_LEN, c.hash);
        st = repo_recovery_code_insert(env->store, &c);
        snprintf(out->code[i], SECOND_FACTOR_CODE_TEXT, "%.5s-%.5s", plain, plain + 5);
        sodium_memzero(plain, sizeof plain);
    }
    return st;
}

enum vc_status second_factor_confirm(const struct vc_env *env, int64_t account_id, const char *code,
                                     const char *sms_code, struct second_factor_codes *out)
{
    struct account a;
    enum vc_status st = eligible(env, account_id, &a);
    if (st != VC_OK)
        return st == VC_ERR_DENIED ? VC_ERR_NOT_FOUND : st;
    struct second_factor f;
    if ((st = repo_second_factor_get(env->store, account_id, &f)) != VC_OK)
        return st;
    struct second_factor_codes codes;
    memset(&codes, 0, sizeof codes);
    char subject[40];
    subject_of(account_id, subject);
    bool notice = false;
    int64_t step = 0; /* a new key: no code of it was accepted before */
    if (f.pending[0] == '\0') {
        st = VC_ERR_NOT_FOUND;
        goto out;
    }
    st = totp_factor_check(env, subject, "second_factor.limited", account_id, f.pending, &step,
                           code, &notice);
    if (st == VC_ERR_DENIED) {
        enum vc_status st2 = audit(env, account_id, "second_factor.enrol_fail", NULL);
        if (st2 == VC_OK && notice)
            st2 = tell(env, &a, "second_factor_failures", NULL);
        st = st2 == VC_OK ? VC_ERR_DENIED : st2;
    }
    if (st != VC_OK)
        goto out;
    if (sms_confirmation_needed(env)) { /* and the SMS code sent to the number of record */
        int left = 0;
        const char *typed = sms_code != NULL ? sms_code : "";
        st = codes_check_otp(env, account_id, CODE_ENROL_OTP, typed, strlen(typed), ENROL_SMS_BINDS,
                             &left);
        if (st != VC_OK) {
            enum vc_status st2 = audit(env, account_id, "second_factor.sms_fail", NULL);
            st = st2 != VC_OK ? st2
                 : st == VC_ERR_DENIED || st == VC_ERR_EXPIRED || st == VC_ERR_LIMIT ||
                         st == VC_ERR_NOT_FOUND || st == VC_ERR_CONFLICT
                     ? VC_ERR_INVALID
                     : st;
            goto out;
        }
    }
    codes.replaced = f.enrolled_at != 0 && f.secret[0] != '\0';
    memcpy(f.secret, f.pending, sizeof f.secret); /* invariant 2: the old key goes now */
    memset(f.pending, 0, sizeof f.pending);
    f.last_step = step;
    f.enrolled_at = f.updated_at = env_now(env);
    f.pending_at = 0;
    if ((st = repo_second_factor_put(env->store, &f)) != VC_OK ||
        (st = new_codes(env, account_id, &codes)) != VC_OK ||
        (st = set_level(env, &a, LEVEL_FULL_2FA)) != VC_OK ||
        (st = tell(env, &a, codes.replaced ? "second_factor_replaced" : "second_factor_enrolled",
                   NULL)) != VC_OK)
        goto out;
    st = audit(env, account_id,
               codes.replaced ? "second_factor.replaced" : "second_factor.enrolled", NULL);
    if (st == VC_OK)
        *out = codes;
out:
    sodium_memzero(&f, sizeof f);
    sodium_memzero(&codes, sizeof codes);
    return st;
}

bool second_factor_code_normalise(const char *typed, char *out)
{
    char buf[64];
    if (typed == NULL || strlen(typed) >= sizeof buf)
        return false;
    size_t n = token_code_normalise(typed, buf, sizeof buf);
    bool ok = n == SECOND_FACTOR_CODE_LEN;
    for (size_t i = 0; ok && i < n; i++)
        ok = strchr(CODE_ALPHABET, buf[i]) != NULL;
    if (ok)
        memcpy(out, buf, n + 1);
    sodium_memzero(buf, sizeof buf);
    return ok;
}

/* Spends the recovery code typed, if it is one of the account's unspent
 * ones (invariant 3). */
static enum vc_status spend_code(const struct vc_env *env, int64_t account_id, const char *typed,
                                 bool *out_ok)
{
    char plain[SECOND_FACTOR_CODE_LEN + 1];
    *out_ok = false;
    if (!second_factor_code_normalise(typed, plain))
        return VC_OK;
    struct recovery_code c;
    char h[HASH_HEX];
    token_hash(env->cfg->pepper, plain, SECOND_FACTOR_CODE_LEN, h);
    sodium_memzero(plain, sizeof plain);
    enum vc_status st = repo_recovery_code_by_hash(env->store, account_id, h, &c);
    if (st == VC_ERR_NOT_FOUND)
        return VC_OK;
    if (st != VC_OK)
        return st;
    if (c.used_at != 0 || c.voided)
        return VC_OK;
    c.used_at = env_now(env);
    *out_ok = true;
    return repo_recovery_code_update(env->store, &c);
}

enum vc_status second_factor_login(const struct vc_env *env, int64_t account_id, const char *code,
                                   struct second_factor_login *out)
{
    struct account a;
    enum vc_status st = repo_account_by_id(env->store, account_id, &a);
    if (st != VC_OK)
        return st;
    struct second_factor f;
    if ((st = repo_second_factor_get(env->store, account_id, &f)) != VC_OK)
        return st;
    if (f.enrolled_at == 0 || f.secret[0] == '\0') {
        st = VC_ERR_NOT_FOUND;
        goto out;
    }
    char subject[40];
    subject_of(account_id, subject);
    struct throttle_keys k;
    if ((st = totp_factor_gate(env, subject, "second_factor.limited", account_id, &k)) != VC_OK)
        goto out;
    /* six digits are the app's; anything else may be a recovery code (the
     * codes' alphabet has no 0, 1, 2, 5 or 8: never six digits) */
    bool digits = strlen(code) == 6 && strspn(code, "0123456789") == 6;
    bool ok = false, by_recovery = !digits;
    if (digits)
        ok = a.state == ACCOUNT_ACTIVE && totp_factor_verify(env, f.secret, &f.last_step, code);
    else if (a.state == ACCOUNT_ACTIVE && (st = spend_code(env, account_id, code, &ok)) != VC_OK)
        goto out;
    bool notice = false;
    if ((st = totp_factor_count(env, &k, ok, &notice)) != VC_OK)
        goto out;
    if (!ok) {
        if ((st = audit(env, account_id, "second_factor.fail", NULL)) == VC_OK && notice)
            st = tell(env, &a, "second_factor_failures", NULL);
        if (st == VC_OK)
            st = VC_ERR_DENIED;
        goto out;
    }
    struct second_factor_login r = {
        .by_recovery = by_recovery,
        .amr = by_recovery ? SESSION_AMR_PASSWORD_RECOVERY : SESSION_AMR_PASSWORD_TOTP,
    };
    f.updated_at = env_now(env);
    if ((st = repo_second_factor_put(env->store, &f)) != VC_OK || /* the step: no replay */
        (st = repo_recovery_codes_left(env->store, account_id, &r.codes_left)) != VC_OK)
        goto out;
    if (by_recovery) {
        char left[24];
        snprintf(left, sizeof left, "%lld", (long long)r.codes_left);
        if ((st = tell(env, &a, "second_factor_recovery_used", left)) != VC_OK ||
            (st = audit(env, account_id, "second_factor.recovery_used", left)) != VC_OK)
            goto out;
    } else if ((st = audit(env, account_id, "second_factor.login", NULL)) != VC_OK) {
        goto out;
    }
    *out = r;
out:
    sodium_memzero(&f, sizeof f);
    return st;
}

enum vc_status second_factor_remove(const struct vc_env *env, int64_t account_id)
{
    struct account a;
    enum vc_status st = repo_account_by_id(env->store, account_id, &a);
    if (st != VC_OK)
        return st;
    struct second_factor_view v;
    if ((st = second_factor_view(env, account_id, &v)) != VC_OK)
        return st;
    if (!v.enrolled)
        return VC_ERR_NOT_FOUND;
    if ((st = repo_second_factor_delete(env->store, account_id)) != VC_OK ||
        (st = repo_recovery_codes_void(env->store, account_id)) != VC_OK ||
        (st = set_level(env, &a, a.level > LEVEL_FULL ? LEVEL_FULL : a.level)) != VC_OK ||
        (st = tell(env, &a, "second_factor_removed", NULL)) != VC_OK)
        return st;
    return audit(env, account_id, "second_factor.removed", NULL);
}

enum vc_status second_factor_pending(const struct vc_env *env, const char *token, size_t len,
                                     int64_t *out_account_id)
{
    struct session se;
    enum vc_status st = session_check(env, token, len, &se, NULL);
    if (st == VC_ERR_EXPIRED)
        return VC_ERR_NOT_FOUND;
    if (st != VC_OK)
        return st;
    if (se.kind != SESSION_SECOND_FACTOR ||
        env_now(env) - se.created_at >= SECOND_FACTOR_LOGIN_SECONDS)
        return VC_ERR_NOT_FOUND;
    *out_account_id = se.principal_id;
    return VC_OK;
}

enum vc_status second_factor_reset_at_desk(const struct vc_env *env, int64_t operator_id,
                                           const char *codice_fiscale,
                                           const struct in_person_record *doc,
                                           struct form_errors *errs)
{
    struct office o;
    enum vc_status st = operator_desk_office(env, operator_id, &o);
    if (st != VC_OK)
        return st;
    struct in_person checked;
    memset(&checked, 0, sizeof checked);
    st = in_person_document_check(env, doc, &checked, errs);
    char upper[CF_LEN + 1] = "", cf[CF_LEN + 1] = "";
    const char *in = codice_fiscale != NULL ? codice_fiscale : "";
    enum cf_result r = strlen(in) <= 40 ? cf_validate(in, strlen(in), upper) : CF_BAD_LENGTH;
    if (r != CF_OK)
        form_errors_add(errs, "codice_fiscale", cf_result_msg(r));
    else
        cf_normalise(upper, cf);
    if (form_errors_any(errs))
        return VC_ERR_INVALID;
    if (st != VC_OK)
        return st;
    struct account a;
    if ((st = repo_account_by_cf_norm(env->store, cf, &a)) != VC_OK)
        return st;
    if ((st = second_factor_remove(env, a.id)) != VC_OK)
        return st;
    if ((st = repo_session_delete_all(env->store, SESSION_MEMBER, a.id)) != VC_OK)
        return st;
    char who[64], obj[64], detail[96];
    audit_name("operator", operator_id, who);
    audit_name("account", a.id, obj);
    snprintf(detail, sizeof detail, "%s %s %s", o.code, checked.doc_type, checked.doc_number);
    return audit_record(env, who, NULL, "second_factor.reset_desk", obj, a.id, detail);
}

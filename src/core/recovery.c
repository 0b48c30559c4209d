/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/account.h"
#include "core/audit.h"
#include "core/codes.h"
#include "core/codice_fiscale.h"
#include "core/messages.h"
#include "core/password_policy.h"
#include "core/pec.h"
#include "core/person.h"
#include "core/recovery.h"
#include "core/repo.h"
#include "core/throttle.h"
#include "crypto/password.h"
#include "util/str.h"

static enum vc_status send_link(const struct vc_env *env, const struct account *a, const char *why)
{
    struct member m;
    memset(&m, 0, sizeof m);
    enum vc_status st = VC_OK;
    if (a->member_id != 0 && (st = repo_member_by_id(env->store, a->member_id, &m)) != VC_OK)
        return st;
    char tok[TOKEN_TEXT_LEN + 1], link[512];
    st = codes_issue_token(env, a->id, CODE_PASSWORD_RESET, RECOVERY_LINK_SECONDS, tok);
    if (st != VC_OK)
        return st;
    snprintf(link, sizeof link, MSG_LINK_PREFIX "recover_reset?t=%s", tok);
    sodium_memzero(tok, sizeof tok);
    struct msg_field f[] = {{"given_name", m.given_name}, {"link", link}};
    st = messages_queue(env, OUTBOX_MAIL, a->username, "password_reset", a->lang, a->id, f, 2);
    sodium_memzero(link, sizeof link);
    if (st != VC_OK)
        return st;
    char who[64];
    audit_name("account", a->id, who);
    return audit_record(env, "anonymous", NULL, "recovery.link", who, a->id, why);
}

/* The same hashing work whether or not an account was found. */
static void equalise(const char *what)
{
    password_verify_dummy(what, strlen(what));
}

/* The omocodia-normalised form of a typed codice fiscale; false (errs) if malformed. */
static bool cf_norm_of(const char *cf, char norm[CF_LEN + 1], struct form_errors *errs)
{
    char up[CF_LEN + 1];
    enum cf_result r = cf_validate(cf, strlen(cf), up);
    if (r != CF_OK) {
        form_errors_add(errs, "codice_fiscale", cf[0] ? cf_result_msg(r) : "error.cf.missing");
        return false;
    }
    cf_normalise(up, norm);
    return true;
}

/* Every recovery request counts against the throttle, found or not: a
 * mailbox is not flooded with links, and an address cannot sweep through
 * codici fiscali. */
static enum vc_status count_request(const struct vc_env *env, const char *subject)
{
    struct throttle_keys k;
    throttle_keys(env, "recover", subject, &k);
    enum vc_status st = throttle_check(env, &k, "recovery.limited", 0);
    return st == VC_OK ? throttle_fail(env, &k, NULL) : st;
}

/* The request once its input is valid: count it, do the same hashing work
 * either way, and mail a link only to an account that matches -- by
 * username (and, if cf_norm is given too, that codice fiscale), or by
 * codice fiscale alone when username is NULL. */
static enum vc_status ask_link(const struct vc_env *env, const char *username, const char *cf_norm,
                               const char *why)
{
    enum vc_status st = count_request(env, username != NULL ? username : cf_norm);
    if (st != VC_OK)
        return st;
    equalise(username != NULL ? username : cf_norm);
    struct account a;
    st = username != NULL ? repo_account_by_username(env->store, username, &a)
                          : repo_account_by_cf_norm(env->store, cf_norm, &a);
    if (st == VC_ERR_NOT_FOUND ||
        (st == VC_OK &&
         (a.state == ACCOUNT_DISABLED || (cf_norm != NULL && strcmp(a.cf_norm, cf_norm) != 0))))
        return VC_OK;
    if (st == VC_OK && !a.email_confirmed) { /* never a link to an address nobody proved */
        char who[64];
        audit_name("account", a.id, who);
        return audit_record(env, "anonymous", NULL, "recovery.unconfirmed", who, a.id, why);
    }
    return st == VC_OK ? send_link(env, &a, why) : st;
}

enum vc_status recovery_request_by_email(const struct vc_env *env, const char *email,
                                         struct form_errors *errs)
{
    char norm[EMAIL_MAX + 1];
    form_errors_init(errs);
    const char *bad = email_normalise(email, strlen(email), norm);
    if (bad != NULL) {
        form_errors_add(errs, "email", bad);
        return VC_ERR_INVALID;
    }
    return ask_link(env, norm, NULL, "email");
}

enum vc_status recovery_request_by_username_cf(const struct vc_env *env, const char *email,
                                               const char *cf, struct form_errors *errs)
{
    char norm[EMAIL_MAX + 1], cfn[CF_LEN + 1];
    form_errors_init(errs);
    const char *bad = email_normalise(email, strlen(email), norm);
    if (bad != NULL)
        form_errors_add(errs, "email", bad);
    if (!cf_norm_of(cf, cfn, errs) || bad != NULL)
        return VC_ERR_INVALID;
    return ask_link(env, norm, cfn, "email+codice_fiscale");
}

enum vc_status recovery_request_by_cf(const struct vc_env *env, const char *cf,
                                      struct form_errors *errs)
{
    char norm[CF_LEN + 1];
    form_errors_init(errs);
    if (!cf_norm_of(cf, norm, errs))
        return VC_ERR_INVALID;
    return ask_link(env, NULL, norm, "codice_fiscale");
}

enum vc_status recovery_link_check(const struct vc_env *env, const char *token, size_t len)
{
    return codes_check_token(env, CODE_PASSWORD_RESET, token, len, NULL);
}

bool recovery_reset_wants_sms(const struct vc_env *env)
{
    return env->cfg->profile->reset_by_sms;
}

#define RESET_SMS_SECONDS 600
#define RESET_SMS_ATTEMPTS 5

/* What the SMS code is bound to: the link's keyed hash (never the link). */
static void link_binding(const struct vc_env *env, const char *token, size_t len,
                         char out[TOKEN_HASH_HEX])
{
    token_hash(env->cfg->pepper, token, len, out);
}

enum vc_status recovery_reset_sms(const struct vc_env *env, const char *token, size_t len)
{
    int64_t owner = 0;
    enum vc_status st = codes_check_token(env, CODE_PASSWORD_RESET, token, len, &owner);
    if (st != VC_OK)
        return st;
    struct code alive;
    st = repo_code_active(env->store, owner, CODE_RESET_OTP, &alive);
    char bound[TOKEN_HASH_HEX];
    link_binding(env, token, len, bound);
    if (st == VC_OK && alive.expires_at > env_now(env) && alive.attempts_left > 0 &&
        strcmp(alive.data, bound) == 0)
        return VC_OK; /* one is on its way */
    if (st != VC_OK && st != VC_ERR_NOT_FOUND)
        return st;
    struct account a;
    struct person p;
    if ((st = repo_account_by_id(env->store, owner, &a)) != VC_OK ||
        (st = person_of_account(env, &a, &p)) != VC_OK)
        return st;
    if (p.mobile[0] == '\0')
        return VC_ERR_DENIED;
    char code[OTP_DIGITS + 1];
    st = codes_issue_otp(env, owner, CODE_RESET_OTP, RESET_SMS_SECONDS, RESET_SMS_ATTEMPTS, bound,
                         code);
    struct msg_field f[] = {{"code", code}};
    if (st == VC_OK)
        st = messages_queue(env, OUTBOX_SMS, p.mobile, "reset_sms", a.lang, a.id, f, 1);
    sodium_memzero(code, sizeof code);
    return st;
}

enum vc_status recovery_reset_password(const struct vc_env *env, const char *token, size_t len,
                                       const char *password, const char *confirm,
                                       const char *sms_code, bool end_sessions,
                                       struct form_errors *errs, char out_username[EMAIL_MAX + 1])
{
    form_errors_init(errs);
    int64_t owner = 0;
    enum vc_status st = codes_check_token(env, CODE_PASSWORD_RESET, token, len, &owner);
    if (st != VC_OK)
        return st;
    struct account holder;
    struct member hm;
    if ((st = account_load(env, owner, &holder, &hm)) != VC_OK)
        return st;
    const char *mine[] = {holder.username,   hm.given_name, hm.family_name,
                          hm.codice_fiscale, hm.matricola,  NULL};
    const char *bad = password_policy_check(&env->cfg->password, password, strlen(password), mine);
    if (bad != NULL)
        form_errors_add(errs, "password", bad);
    else if (strcmp(password, confirm) != 0)
        form_errors_add(errs, "password_confirm", "error.password.mismatch");
    if (form_errors_any(errs))
        return VC_ERR_INVALID;
    if (recovery_reset_wants_sms(env)) { /* the link and the phone of record */
        char bound[TOKEN_HASH_HEX];
        link_binding(env, token, len, bound);
        int left = 0;
        const char *typed = sms_code != NULL ? sms_code : "";
        st = codes_check_otp(env, owner, CODE_RESET_OTP, typed, strlen(typed), bound, &left);
        if (st == VC_ERR_DENIED || st == VC_ERR_LIMIT || st == VC_ERR_EXPIRED ||
            st == VC_ERR_NOT_FOUND || st == VC_ERR_CONFLICT) {
            form_errors_add(errs, "sms",
                            st == VC_ERR_DENIED ? "error.reset.sms_wrong"
                                                : "error.reset.sms_again");
            return VC_ERR_INVALID;
        }
        if (st != VC_OK)
            return st;
    }
    int64_t id = 0;
    if ((st = codes_redeem_token(env, CODE_PASSWORD_RESET, token, len, &id)) != VC_OK)
        return st;
    struct account a;
    if ((st = repo_account_by_id(env->store, id, &a)) != VC_OK)
        return st;
    if ((st = password_hash(password, strlen(password), a.password_hash)) != VC_OK)
        return st;
    a.updated_at = env_now(env);
    if ((st = repo_account_update(env->store, &a)) != VC_OK)
        return st;
    /* the owner proved the mailbox: no wait left on their password, and no
     * other link of the old password's time stays usable */
    if ((st = throttle_forget_account(env, a.id)) != VC_OK ||
        (st = codes_void_pending_links(env, a.id)) != VC_OK)
        return st;
    if (end_sessions && (st = repo_session_delete_all(env->store, SESSION_MEMBER, a.id)) != VC_OK)
        return st;
    struct member m;
    memset(&m, 0, sizeof m);
    if (a.member_id != 0 && (st = repo_member_by_id(env->store, a.member_id, &m)) != VC_OK)
        return st;
    struct msg_field f[] = {{"given_name", m.given_name}};
    st = messages_queue(env, OUTBOX_MAIL, a.username, "password_changed", a.lang, a.id, f, 1);
    if (st != VC_OK)
        return st;
    char who[64];
    audit_name("account", a.id, who);
    st = audit_record(env, who, NULL, "password.reset", who, a.id,
                      end_sessions ? "sessions ended" : NULL);
    if (st == VC_OK)
        str_copy(out_username, a.username, EMAIL_MAX + 1);
    return st;
}

enum vc_status recovery_username_check(const struct vc_env *env, const char *cf,
                                       const char *password, struct form_errors *errs,
                                       struct username_recovery *out)
{
    char norm[CF_LEN + 1];
    form_errors_init(errs);
    memset(out, 0, sizeof *out);
    if (!cf_norm_of(cf, norm, errs))
        return VC_ERR_INVALID;
    if (password[0] == '\0') {
        form_errors_add(errs, "password", "error.login.missing");
        return VC_ERR_INVALID;
    }
    struct account a;
    enum vc_status st = repo_account_by_cf_norm(env->store, norm, &a);
    if (st != VC_OK && st != VC_ERR_NOT_FOUND)
        return st;
    char typed[CF_LEN + 8];
    snprintf(typed, sizeof typed, "cf:%s", norm);
    if (st == VC_OK) {
        out->account_id = a.id;
        str_copy(out->hash, a.password_hash, sizeof out->hash);
    }
    throttle_password_keys(env, out->account_id, typed, &out->keys);
    return throttle_reserve(env, &out->keys, "recovery.limited", out->account_id);
}

void recovery_username_verify(struct username_recovery *ur, const char *password)
{
    if (ur->account_id != 0)
        ur->verified = password_verify(ur->hash, password, strlen(password));
    else
        ur->verified = (password_verify_dummy(password, strlen(password)), false);
}

enum vc_status recovery_username_finish(const struct vc_env *env,
                                        const struct username_recovery *ur,
                                        char out_username[EMAIL_MAX + 1])
{
    struct account a;
    enum vc_status st = VC_ERR_NOT_FOUND;
    if (ur->account_id != 0)
        st = repo_account_by_id(env->store, ur->account_id, &a); /* as it is now */
    if (st != VC_OK && st != VC_ERR_NOT_FOUND)
        return st;
    bool ok = ur->verified && st == VC_OK && strcmp(a.password_hash, ur->hash) == 0;
    char who[64] = "";
    if (st == VC_OK)
        audit_name("account", a.id, who);
    enum vc_status ast =
        audit_record(env, "anonymous", NULL, ok ? "recovery.username" : "recovery.username.fail",
                     who, st == VC_OK ? a.id : 0, NULL);
    if (ast != VC_OK)
        return ast;
    ast = ok ? throttle_success_reserved(env, &ur->keys) : throttle_failed(env, &ur->keys, NULL);
    if (ast != VC_OK)
        return ast;
    if (!ok)
        return VC_ERR_DENIED;
    str_copy(out_username, a.username, EMAIL_MAX + 1);
    return VC_OK;
}

enum vc_status recovery_username(const struct vc_env *env, const char *cf, const char *password,
                                 struct form_errors *errs, char out_username[EMAIL_MAX + 1])
{
    struct username_recovery ur;
    enum vc_status st = recovery_username_check(env, cf, password, errs, &ur);
    if (st != VC_OK)
        return st;
    recovery_username_verify(&ur, password);
    return recovery_username_finish(env, &ur, out_username);
}

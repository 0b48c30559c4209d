/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/account.h"
#include "core/audit.h"
#include "core/codes.h"
#include "core/email_change.h"
#include "core/messages.h"
#include "core/pec.h"
#include "core/repo.h"
#include "core/throttle.h"
#include "crypto/password.h"
#include "util/str.h"

enum vc_status email_change_check(const struct vc_env *env, int64_t account_id,
                                  const char *new_email, const char *password,
                                  const char *personal_code, struct form_errors *errs,
                                  struct email_change *out)
{
    form_errors_init(errs);
    memset(out, 0, sizeof *out);
    struct account a;
    enum vc_status st = repo_account_by_id(env->store, account_id, &a);
    if (st != VC_OK)
        return st;
    const char *bad = email_normalise(new_email, strlen(new_email), out->new_email);
    if (bad == NULL && pec_is_pec(out->new_email, env->cfg->pec_domains, env->cfg->n_pec_domains))
        bad = "error.email.pec";
    if (bad == NULL && strcmp(out->new_email, a.username) == 0)
        bad = "error.email.same";
    if (bad != NULL)
        form_errors_add(errs, "email", bad);
    if (password[0] == '\0')
        form_errors_add(errs, "password", "error.password.old_missing");
    if (personal_code_applies(env, &a) && (personal_code == NULL || personal_code[0] == '\0'))
        form_errors_add(errs, "personal_code", "error.personal_code.missing");
    if (form_errors_any(errs))
        return VC_ERR_INVALID;
    if ((st = personal_code_prepare(env, &a, personal_code, errs, &out->code)) != VC_OK)
        return st;
    struct throttle_keys k; /* the password is tried: reserved before the hash */
    throttle_account_keys(env, "password", account_id, &k);
    if ((st = throttle_reserve(env, &k, "password.limited", account_id)) != VC_OK)
        return st;
    out->account_id = account_id;
    str_copy(out->hash, a.password_hash, sizeof out->hash);
    return VC_OK;
}

void email_change_verify(struct email_change *ec, const char *password, const char *personal_code)
{
    personal_code_verify(&ec->code, personal_code != NULL ? personal_code : "");
    ec->verified = password_verify(ec->hash, password, strlen(password));
}

enum vc_status email_change_finish(const struct vc_env *env, const struct email_change *ec,
                                   struct form_errors *errs)
{
    form_errors_init(errs);
    struct account a;
    struct member m;
    enum vc_status st = account_load(env, ec->account_id, &a, &m);
    if (st != VC_OK)
        return st;
    char who[64];
    audit_name("account", a.id, who);
    struct throttle_keys k;
    throttle_account_keys(env, "password", a.id, &k);
    if ((st = personal_code_settle(env, &ec->code, errs)) != VC_OK) {
        if (st != VC_ERR_DENIED)
            return st;
        if ((st = throttle_failed(env, &k, NULL)) != VC_OK)
            return st;
        return VC_ERR_DENIED;
    }
    if (!ec->verified || strcmp(a.password_hash, ec->hash) != 0) {
        if ((st = throttle_failed(env, &k, NULL)) != VC_OK ||
            (st = audit_record(env, who, NULL, "email.change.fail", who, a.id, NULL)) != VC_OK)
            return st;
        form_errors_add(errs, "password", "error.password.old_wrong");
        return VC_ERR_DENIED;
    }
    if ((st = throttle_success_reserved(env, &k)) != VC_OK)
        return st;
    struct account other;
    struct member om;
    st = repo_account_by_username(env->store, ec->new_email, &other);
    if (st == VC_OK && (st = account_load(env, other.id, &other, &om)) != VC_OK)
        return st;
    if (st == VC_OK) { /* someone else's address: they hear of it, nothing changes */
        struct msg_field f[] = {{"given_name", om.given_name}, MSG_LINK("login_url", "login")};
        st = messages_queue(env, OUTBOX_MAIL, other.username, "email_change_taken", other.lang,
                            other.id, f, 2);
        return st == VC_OK ? audit_record(env, who, NULL, "email.change.request", who, a.id,
                                          "address taken")
                           : st;
    }
    if (st != VC_ERR_NOT_FOUND)
        return st;
    char tok[TOKEN_TEXT_LEN + 1], link[512];
    st = codes_issue_link(env, a.id, CODE_EMAIL_CHANGE, EMAIL_CHANGE_LINK_SECONDS, ec->new_email,
                          tok);
    if (st != VC_OK)
        return st;
    snprintf(link, sizeof link, MSG_LINK_PREFIX "email_change?t=%s", tok);
    sodium_memzero(tok, sizeof tok);
    struct msg_field f[] = {{"given_name", m.given_name}, {"link", link}};
    st =
        messages_queue(env, OUTBOX_MAIL, ec->new_email, "email_change_confirm", a.lang, a.id, f, 2);
    sodium_memzero(link, sizeof link);
    return st == VC_OK ? audit_record(env, who, NULL, "email.change.request", who, a.id, NULL) : st;
}

enum vc_status email_change_confirm(const struct vc_env *env, const char *token, size_t len,
                                    char out_email[EMAIL_MAX + 1])
{
    struct code c;
    enum vc_status st = codes_redeem_link(env, CODE_EMAIL_CHANGE, token, len, &c);
    if (st != VC_OK)
        return st;
    struct account a, other;
    struct member m;
    if ((st = account_load(env, c.account_id, &a, &m)) != VC_OK)
        return st;
    st = repo_account_by_username(env->store, c.data, &other);
    if (st == VC_OK)
        return VC_ERR_CONFLICT;
    if (st != VC_ERR_NOT_FOUND)
        return st;
    char old[EMAIL_MAX + 1];
    str_copy(old, a.username, sizeof old);
    str_copy(a.username, c.data, sizeof a.username);
    a.email_confirmed = true;
    a.updated_at = env_now(env);
    if ((st = repo_account_update(env->store, &a)) != VC_OK)
        return st == VC_ERR_CONFLICT ? VC_ERR_CONFLICT : st;
    struct msg_field f[] = {{"given_name", m.given_name},
                            {"new_email", a.username},
                            MSG_LINK("recovery_url", "recovery")};
    if ((st = messages_queue(env, OUTBOX_MAIL, old, "email_changed", a.lang, a.id, f, 3)) != VC_OK)
        return st;
    char who[64], detail[EMAIL_MAX * 2 + 8];
    audit_name("account", a.id, who);
    snprintf(detail, sizeof detail, "%s -> %s", old, a.username);
    st = audit_record(env, who, NULL, "email.change", who, a.id, detail);
    if (st == VC_OK)
        str_copy(out_email, a.username, EMAIL_MAX + 1);
    return st;
}

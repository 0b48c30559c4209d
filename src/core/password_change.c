/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include <stdio.h>
#include <string.h>

#include "core/account.h"
#include "core/audit.h"
#include "core/codes.h"
#include "core/messages.h"
#include "core/password_change.h"
#include "core/password_policy.h"
#include "core/repo.h"
#include "core/throttle.h"
#include "crypto/password.h"
#include "util/str.h"

enum vc_status password_change_check(const struct vc_env *env, int64_t account_id,
                                     const char *old_pw, const char *new_pw, const char *confirm,
                                     const char *personal_code, struct form_errors *errs,
                                     struct password_change *out)
{
    form_errors_init(errs);
    memset(out, 0, sizeof *out);
    struct account a;
    struct member m;
    enum vc_status st = account_load(env, account_id, &a, &m);
    if (st != VC_OK)
        return st;
    const char *mine[] = {a.username,       m.given_name, m.family_name,
                          m.codice_fiscale, m.matricola,  NULL};
    if (old_pw[0] == '\0')
        form_errors_add(errs, "old_password", "error.password.old_missing");
    const char *bad = password_policy_check(&env->cfg->password, new_pw, strlen(new_pw), mine);
    if (bad != NULL)
        form_errors_add(errs, "password", bad);
    else if (strcmp(new_pw, confirm) != 0)
        form_errors_add(errs, "password_confirm", "error.password.mismatch");
    if (personal_code_applies(env, &a) && (personal_code == NULL || personal_code[0] == '\0'))
        form_errors_add(errs, "personal_code", "error.personal_code.missing");
    if (form_errors_any(errs))
        return VC_ERR_INVALID;
    st = personal_code_prepare(env, &a, personal_code, errs, &out->code);
    if (st != VC_OK)
        return st;
    /* only now, with a new password worth setting, is the old one tried */
    struct throttle_keys k;
    throttle_account_keys(env, "password", account_id, &k);
    if ((st = throttle_reserve(env, &k, "password.limited", account_id)) != VC_OK)
        return st;
    out->account_id = account_id;
    str_copy(out->old_hash, a.password_hash, sizeof out->old_hash);
    return VC_OK;
}

enum vc_status password_change_hash(struct password_change *pc, const char *old_pw,
                                    const char *new_pw, const char *personal_code)
{
    personal_code_verify(&pc->code, personal_code != NULL ? personal_code : "");
    pc->verified = password_verify(pc->old_hash, old_pw, strlen(old_pw));
    if (!pc->verified)
        return VC_OK;
    return password_hash(new_pw, strlen(new_pw), pc->new_hash);
}

enum vc_status password_change_finish(const struct vc_env *env, const struct password_change *pc,
                                      bool end_others, struct form_errors *errs)
{
    form_errors_init(errs);
    struct account a;
    struct member m;
    enum vc_status st = account_load(env, pc->account_id, &a, &m);
    if (st != VC_OK)
        return st;
    char who[64];
    audit_name("account", a.id, who);
    struct throttle_keys k;
    throttle_account_keys(env, "password", a.id, &k);
    /* the personal code first: a wrong one spends its attempt whatever the
     * password, and nothing changes */
    if ((st = personal_code_settle(env, &pc->code, errs)) != VC_OK) {
        if (st != VC_ERR_DENIED)
            return st;
        if ((st = throttle_failed(env, &k, NULL)) != VC_OK)
            return st;
        return VC_ERR_DENIED;
    }
    if (!pc->verified || strcmp(a.password_hash, pc->old_hash) != 0) {
        if ((st = throttle_failed(env, &k, NULL)) != VC_OK ||
            (st = audit_record(env, who, NULL, "password.change.fail", who, a.id, NULL)) != VC_OK)
            return st;
        form_errors_add(errs, "old_password", "error.password.old_wrong");
        return VC_ERR_DENIED;
    }
    str_copy(a.password_hash, pc->new_hash, sizeof a.password_hash);
    a.must_change_password = false;
    a.updated_at = env_now(env);
    if ((st = repo_account_update(env->store, &a)) != VC_OK ||
        (st = throttle_success_reserved(env, &k)) != VC_OK ||
        (st = codes_void_pending_links(env, a.id)) != VC_OK)
        return st;
    if (end_others && (st = repo_session_delete_all(env->store, SESSION_MEMBER, a.id)) != VC_OK)
        return st;
    struct msg_field f[] = {{"given_name", m.given_name}};
    st = messages_queue(env, OUTBOX_MAIL, a.username, "password_changed", a.lang, a.id, f, 1);
    if (st == VC_OK)
        st = audit_record(env, who, NULL, "password.change", who, a.id,
                          end_others ? "sessions ended" : NULL);
    return st;
}

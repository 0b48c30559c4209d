/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Back-office operators (core/operator.h has the life cycle and its
 * invariants). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "core/operator.h"
#include "core/password_policy.h"
#include "core/repo.h"
#include "crypto/password.h"
#include "core/totp_factor.h"
#include "util/str.h"

static bool username_ok(const char *u)
{
    size_t n = strlen(u);
    if (n < 3 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = u[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
            return false;
    }
    return true;
}

enum vc_status operator_password_rules(const char *username, const char *password,
                                       struct form_errors *errs)
{
    const char *mine[] = {username, NULL};
    const char *bad =
        password_policy_check(&PASSWORD_RULES_OPERATOR, password, strlen(password), mine);
    if (bad == NULL)
        return VC_OK;
    /* the members' texts name the members' bounds: operators have their own */
    form_errors_add(errs, "password",
                    strcmp(bad, "error.password.short") == 0 ||
                            strcmp(bad, "error.password.long") == 0
                        ? "error.operator.password"
                        : bad);
    return VC_ERR_INVALID;
}

enum vc_status operator_create(const struct vc_env *env, const char *username,
                               const char *display_name, const char *password_hash,
                               enum operator_role role, const char *office_code,
                               struct form_errors *errs, int64_t *out_id)
{
    form_errors_init(errs);
    if (!username_ok(username)) {
        form_errors_add(errs, "username", "error.operator.username");
        return VC_ERR_INVALID;
    }
    /* a desk belongs to an office that exists; no other role has one */
    struct office office;
    bool desk = role == OPERATOR_DESK;
    if (desk && (office_code == NULL || office_code[0] == '\0' ||
                 repo_office_by_code(env->store, office_code, &office) != VC_OK)) {
        form_errors_add(errs, "office", "error.operator.office");
        return VC_ERR_INVALID;
    }
    if (!desk && office_code != NULL && office_code[0] != '\0') {
        form_errors_add(errs, "office", "error.operator.office_not_desk");
        return VC_ERR_INVALID;
    }
    struct operator_account o;
    memset(&o, 0, sizeof o);
    str_copy(o.username, username, sizeof o.username);
    str_copy(o.display_name, display_name && *display_name ? display_name : username,
             sizeof o.display_name);
    str_copy(o.password_hash, password_hash, sizeof o.password_hash);
    o.role = role;
    if (desk)
        str_copy(o.office_code, office.code, sizeof o.office_code);
    o.must_change_password = true; /* the administrator knows it */
    o.created_at = env_now(env);
    enum vc_status st = repo_operator_insert(env->store, &o);
    if (st != VC_OK)
        return st;
    char name[64];
    audit_name("operator", o.id, name);
    char detail[64];
    snprintf(detail, sizeof detail, "%s%s%s", operator_role_name(role), desk ? " " : "",
             desk ? o.office_code : "");
    st = audit_record(env, "admin", NULL, "operator.create", name, 0, detail);
    if (st == VC_OK)
        *out_id = o.id;
    return st;
}

/* Loads by username, changes, stores, ends the sessions, audits. */
static enum vc_status administer(const struct vc_env *env, const char *username,
                                 void (*change)(struct operator_account *o, const void *arg),
                                 const void *arg, const char *action)
{
    struct operator_account o;
    enum vc_status st = repo_operator_by_username(env->store, username, &o);
    if (st != VC_OK)
        return st;
    change(&o, arg);
    char name[64];
    audit_name("operator", o.id, name);
    if ((st = repo_operator_update(env->store, &o)) == VC_OK &&
        (st = repo_session_delete_all(env->store, SESSION_OPERATOR, o.id)) == VC_OK)
        st = audit_record(env, "admin", NULL, action, name, 0, o.username);
    return st;
}

static void set_disabled(struct operator_account *o, const void *arg)
{
    o->disabled = *(const bool *)arg;
}

static void reset_2fa(struct operator_account *o, const void *arg)
{
    (void)arg;
    sodium_memzero(o->totp_secret, sizeof o->totp_secret);
    o->totp_enrolled = false;
    o->totp_last_step = 0;
}

static void set_password(struct operator_account *o, const void *arg)
{
    str_copy(o->password_hash, arg, sizeof o->password_hash);
    o->must_change_password = true;
}

enum vc_status operator_set_disabled(const struct vc_env *env, const char *username, bool disabled)
{
    return administer(env, username, set_disabled, &disabled,
                      disabled ? "operator.disable" : "operator.enable");
}

enum vc_status operator_reset_2fa(const struct vc_env *env, const char *username)
{
    return administer(env, username, reset_2fa, NULL, "operator.totp.reset");
}

enum vc_status operator_set_password(const struct vc_env *env, const char *username,
                                     const char *password_hash)
{
    return administer(env, username, set_password, password_hash, "operator.password.set");
}

enum vc_status operator_get(const struct vc_env *env, int64_t operator_id,
                            struct operator_account *out)
{
    return repo_operator_by_id(env->store, operator_id, out);
}

enum vc_status operator_login_lookup(const struct vc_env *env, const char *username,
                                     struct operator_attempt *out)
{
    memset(out, 0, sizeof *out);
    enum vc_status st = VC_ERR_NOT_FOUND;
    if (username_ok(username))
        st = repo_operator_by_username(env->store, username, &out->op);
    if (st != VC_OK && st != VC_ERR_NOT_FOUND)
        return st;
    out->found = st == VC_OK;
    char subject[80];
    if (out->found)
        snprintf(subject, sizeof subject, "operator:%lld", (long long)out->op.id);
    else
        snprintf(subject, sizeof subject, "operator-name:%.64s", username);
    throttle_keys(env, "password", subject, &out->keys);
    return throttle_reserve(env, &out->keys, "operator.login.limited", 0);
}

void operator_login_verify(struct operator_attempt *a, const char *password, size_t len)
{
    if (a->found)
        a->verified = password_verify(a->op.password_hash, password, len);
    else
        a->verified = (password_verify_dummy(password, len), false);
}

enum vc_status operator_login_finish(const struct vc_env *env, const struct operator_attempt *a,
                                     struct operator_account *out)
{
    struct operator_account o;
    enum vc_status st = VC_ERR_NOT_FOUND;
    if (a->found)
        st = repo_operator_by_id(env->store, a->op.id, &o); /* as it is now */
    if (st != VC_OK && st != VC_ERR_NOT_FOUND)
        return st;
    bool ok = a->verified && st == VC_OK && !o.disabled &&
              strcmp(o.password_hash, a->op.password_hash) == 0;
    char name[64] = "";
    if (st == VC_OK)
        audit_name("operator", o.id, name);
    if (!ok) {
        bool notice = false;
        if ((st = throttle_failed(env, &a->keys, &notice)) != VC_OK)
            return st;
        /* operators have no mailbox of record: the notice is an audit event */
        if (notice && (st = audit_record(env, "system", NULL, "operator.login.notice", name, 0,
                                         "10 failed logins within an hour")) != VC_OK)
            return st;
        st = audit_record(env, "anonymous", NULL, "operator.login.fail", name, 0,
                          a->found && o.disabled ? "disabled" : NULL);
        return st == VC_OK ? VC_ERR_DENIED : st;
    }
    if ((st = throttle_success_reserved(env, &a->keys)) != VC_OK)
        return st;
    st = audit_record(env, name, NULL, "operator.login.password", name, 0, NULL);
    if (st == VC_OK)
        *out = o;
    return st;
}

enum vc_status operator_totp_begin(const struct vc_env *env, int64_t operator_id, char *out_uri,
                                   size_t out_len)
{
    struct operator_account o;
    enum vc_status st = repo_operator_by_id(env->store, operator_id, &o);
    if (st != VC_OK)
        return st;
    if (o.totp_enrolled)
        return VC_ERR_DENIED;
    uint8_t key[TOTP_SECRET_BYTES];
    bool changed = true;
    if (!totp_factor_open(env, o.totp_secret, key)) /* none yet (or unreadable): a fresh one */
        totp_factor_new(env, o.totp_secret);
    else if (!totp_factor_is_sealed(o.totp_secret)) /* kept in clear before issue 8 */
        totp_factor_seal(env, key, o.totp_secret);
    else
        changed = false;
    sodium_memzero(key, sizeof key);
    if (changed && (st = repo_operator_update(env->store, &o)) != VC_OK)
        return st;
    return totp_factor_uri(env, o.totp_secret, o.username, out_uri, out_len);
}

enum vc_status operator_totp_verify(const struct vc_env *env, int64_t operator_id, const char *code)
{
    struct operator_account o;
    enum vc_status st = repo_operator_by_id(env->store, operator_id, &o);
    if (st != VC_OK)
        return st;
    char name[64];
    audit_name("operator", o.id, name);
    char subject[40];
    snprintf(subject, sizeof subject, "operator:%lld", (long long)o.id);
    struct throttle_keys k;
    if ((st = totp_factor_gate(env, subject, "operator.totp.limited", 0, &k)) != VC_OK)
        return st;
    bool ok = !o.disabled && totp_factor_verify(env, o.totp_secret, &o.totp_last_step, code);
    bool notice = false;
    if ((st = totp_factor_count(env, &k, ok, &notice)) != VC_OK)
        return st;
    if (!ok) {
        if (notice && (st = audit_record(env, "system", NULL, "operator.login.notice", name, 0,
                                         "10 wrong codes within an hour")) != VC_OK)
            return st;
        st = audit_record(env, name, NULL, "operator.totp.fail", name, 0, NULL);
        return st == VC_OK ? VC_ERR_DENIED : st;
    }
    bool first = !o.totp_enrolled;
    o.totp_enrolled = true;
    if ((st = repo_operator_update(env->store, &o)) != VC_OK)
        return st;
    return audit_record(env, name, NULL, first ? "operator.totp.enrolled" : "operator.login.ok",
                        name, 0, NULL);
}

enum vc_status operator_change_check(const struct vc_env *env, int64_t operator_id,
                                     const char *old_pw, const char *new_pw, const char *confirm,
                                     struct form_errors *errs, struct operator_password_change *out)
{
    form_errors_init(errs);
    memset(out, 0, sizeof *out);
    struct operator_account o;
    enum vc_status st = repo_operator_by_id(env->store, operator_id, &o);
    if (st != VC_OK)
        return st;
    if (old_pw[0] == '\0')
        form_errors_add(errs, "old_password", "error.password.old_missing");
    if (operator_password_rules(o.username, new_pw, errs) == VC_OK && strcmp(new_pw, confirm) != 0)
        form_errors_add(errs, "password_confirm", "error.password.mismatch");
    else if (form_errors_get(errs, "password") == NULL && strcmp(new_pw, old_pw) == 0)
        form_errors_add(errs, "password", "error.operator.password_same");
    if (form_errors_any(errs))
        return VC_ERR_INVALID;
    char subject[40];
    snprintf(subject, sizeof subject, "operator:%lld", (long long)o.id);
    throttle_keys(env, "password", subject, &out->keys);
    if ((st = throttle_reserve(env, &out->keys, "operator.password.limited", 0)) != VC_OK)
        return st;
    out->operator_id = o.id;
    str_copy(out->old_hash, o.password_hash, sizeof out->old_hash);
    return VC_OK;
}

enum vc_status operator_change_hash(struct operator_password_change *pc, const char *old_pw,
                                    const char *new_pw)
{
    pc->verified = password_verify(pc->old_hash, old_pw, strlen(old_pw));
    if (!pc->verified)
        return VC_OK;
    return password_hash(new_pw, strlen(new_pw), pc->new_hash);
}

enum vc_status operator_change_finish(const struct vc_env *env,
                                      const struct operator_password_change *pc,
                                      struct form_errors *errs)
{
    form_errors_init(errs);
    struct operator_account o;
    enum vc_status st = repo_operator_by_id(env->store, pc->operator_id, &o);
    if (st != VC_OK)
        return st;
    char name[64];
    audit_name("operator", o.id, name);
    if (!pc->verified || strcmp(o.password_hash, pc->old_hash) != 0) {
        if ((st = throttle_failed(env, &pc->keys, NULL)) != VC_OK ||
            (st = audit_record(env, name, NULL, "operator.password.change.fail", name, 0, NULL)) !=
                VC_OK)
            return st;
        form_errors_add(errs, "old_password", "error.password.old_wrong");
        return VC_ERR_DENIED;
    }
    str_copy(o.password_hash, pc->new_hash, sizeof o.password_hash);
    o.must_change_password = false;
    if ((st = repo_operator_update(env->store, &o)) != VC_OK ||
        (st = throttle_success_reserved(env, &pc->keys)) != VC_OK ||
        (st = repo_session_delete_all(env->store, SESSION_OPERATOR, o.id)) != VC_OK)
        return st;
    return audit_record(env, name, NULL, "operator.password.change", name, 0, NULL);
}

enum vc_status operator_desk_office(const struct vc_env *env, int64_t operator_id,
                                    struct office *out)
{
    struct operator_account o;
    enum vc_status st = repo_operator_by_id(env->store, operator_id, &o);
    if (st != VC_OK)
        return st;
    if (o.role != OPERATOR_DESK || o.disabled)
        return VC_ERR_DENIED;
    return repo_office_by_code(env->store, o.office_code, out);
}

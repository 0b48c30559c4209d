/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/account.h"
#include "core/oidc.h"
#include "core/audit.h"
#include "core/codice_fiscale.h"
#include "core/journey.h"
#include "core/legacy.h"
#include "core/messages.h"
#include "core/password_policy.h"
#include "core/pec.h"
#include "core/steps/split_pin.h"
#include "core/person.h"
#include "core/repo.h"
#include "crypto/legacy_hash.h"
#include "crypto/password.h"
#include "util/str.h"

enum vc_status account_login_lookup(const struct vc_env *env, const char *username,
                                    struct login_attempt *out)
{
    char email[EMAIL_MAX + 1], cf[CF_LEN + 1], cf_norm[CF_LEN + 1];
    memset(out, 0, sizeof *out);
    bool valid = email_normalise(username, strlen(username), email) == NULL;
    bool by_cf = !valid && cf_validate(username, strlen(username), cf) == CF_OK;
    if (!valid) {
        str_copy_trim(email, username, sizeof email);
        str_ascii_lower(email);
    }
    enum vc_status st = VC_ERR_NOT_FOUND; /* an invalid username is not found */
    if (valid) {
        st = repo_account_by_username(env->store, email, &out->acc);
    } else if (by_cf) { /* journeys that log in by codice fiscale (omocodes alike) */
        cf_normalise(cf, cf_norm);
        st = repo_account_by_cf_norm(env->store, cf_norm, &out->acc);
        snprintf(email, sizeof email, "cf:%s", cf_norm);
    }
    if (st != VC_OK && st != VC_ERR_NOT_FOUND)
        return st;
    out->found = st == VC_OK;
    if (!out->found) { /* maybe an old username not moved yet */
        st = repo_legacy_by_username(env->store, email, &out->leg);
        if (st != VC_OK && st != VC_ERR_NOT_FOUND)
            return st;
        out->legacy = st == VC_OK && out->leg.state == LEGACY_ACTIVE;
    }
    out->pepper = env->cfg->pepper;
    struct code c;
    if (out->found && out->acc.credential == CREDENTIAL_PIN &&
        repo_code_active(env->store, out->acc.id, CODE_PIN, &c) == VC_OK &&
        c.expires_at > env_now(env))
        str_copy(out->issued_hash, c.hash, sizeof out->issued_hash);
    char typed[EMAIL_MAX + 32];
    if (out->legacy)
        snprintf(typed, sizeof typed, "legacy:%lld", (long long)out->leg.id);
    else
        snprintf(typed, sizeof typed, "login:%s", email);
    throttle_password_keys(env, out->found ? out->acc.id : 0, typed, &out->keys);
    return throttle_reserve(env, &out->keys, "login.limited", out->found ? out->acc.id : 0);
}

/* The 10th failure of an hour: tell the owner, who may be the one typing. */
static enum vc_status mail_failures(const struct vc_env *env, const struct account *a)
{
    struct person p;
    enum vc_status st = person_of_account(env, a, &p);
    if (st != VC_OK)
        return st;
    struct msg_field f[] = {{"given_name", p.given_name}, MSG_LINK("recovery_url", "recovery")};
    return messages_queue(env, OUTBOX_MAIL, a->username, "login_failures", a->lang, a->id, f, 2);
}

/* An old registration logged in: re-hash, note a weak password, and send
 * the person to the welcome page (core/legacy.h). */
static enum vc_status legacy_login_finish(const struct vc_env *env, const struct login_attempt *la,
                                          bool verified, const char *password, size_t len,
                                          int64_t *out_legacy_id)
{
    struct legacy_account l;
    enum vc_status st = repo_legacy_by_id(env->store, la->leg.id, &l); /* as it is now */
    if (st != VC_OK && st != VC_ERR_NOT_FOUND)
        return st;
    bool ok = verified && st == VC_OK && l.state == LEGACY_ACTIVE &&
              strcmp(l.password_hash, la->leg.password_hash) == 0;
    if (!ok) {
        if ((st = throttle_failed(env, &la->keys, NULL)) != VC_OK)
            return st;
        st = audit_record(env, "anonymous", NULL, "login.fail", "", 0, "legacy username");
        return st == VC_OK ? VC_ERR_DENIED : st;
    }
    if ((st = throttle_success_reserved(env, &la->keys)) != VC_OK)
        return st;
    if (la->new_hash[0] != '\0') { /* hashed in the verify phase */
        str_copy(l.password_hash, la->new_hash, sizeof l.password_hash);
        const char *mine[] = {l.username, l.email, l.cf_norm, NULL};
        l.weak_password = password_policy_check(&env->cfg->password, password, len, mine) != NULL;
        if ((st = repo_legacy_update(env->store, &l)) != VC_OK)
            return st;
    }
    char detail[EMAIL_MAX + 16];
    snprintf(detail, sizeof detail, "legacy:%lld", (long long)l.id);
    st = audit_record(env, "anonymous", NULL, "legacy.login", "", 0, detail);
    if (st == VC_OK)
        *out_legacy_id = l.id;
    return st;
}

/* The hash check itself; account_login_verify adds the re-hash. */
static bool verify(struct login_attempt *la, const char *password, size_t len)
{
    if (la->found && la->acc.credential == CREDENTIAL_PIN) {
        /* the personal PIN (or, before there is one, the same work on a
         * dummy) and the issued PIN: both always, so neither shows by time */
        bool personal = la->acc.password_hash[0] != '\0'
                            ? password_verify(la->acc.password_hash, password, len)
                            : (password_verify_dummy(password, len), false);
        la->issued_used =
            !personal && split_pin_matches(la->pepper, la->issued_hash, password, len);
        return personal || la->issued_used;
    }
    if (la->found)
        return password_verify(la->acc.password_hash, password, len);
    if (la->legacy && strncmp(la->leg.password_hash, "$argon2id$", 10) == 0)
        return password_verify(la->leg.password_hash, password, len);
    password_verify_dummy(password, len);
    return la->legacy && legacy_hash_verify(la->leg.password_hash, password, len);
}

bool account_login_verify(struct login_attempt *la, const char *password, size_t len)
{
    la->new_hash[0] = '\0';
    if (!verify(la, password, len))
        return false;
    /* An outdated hash is replaced here, off the request thread and outside
     * any transaction, like the check itself. */
    if (la->issued_used) /* an issued PIN is replaced, not re-hashed */
        return true;
    bool old = la->found ? password_needs_rehash(la->acc.password_hash)
                         : strncmp(la->leg.password_hash, "$argon2id$", 10) != 0;
    if (old && password_hash(password, len, la->new_hash) != VC_OK)
        la->new_hash[0] = '\0';
    return true;
}

enum vc_status account_login_finish(const struct vc_env *env, const struct login_attempt *la,
                                    bool verified, const char *password, size_t len,
                                    struct account *out, int64_t *out_legacy_id)
{
    if (la->legacy)
        return legacy_login_finish(env, la, verified, password, len, out_legacy_id);
    struct account a;
    enum vc_status st = VC_ERR_NOT_FOUND;
    if (la->found)
        st = repo_account_by_id(env->store, la->acc.id, &a); /* as it is now */
    if (st != VC_OK && st != VC_ERR_NOT_FOUND)
        return st;
    bool ok = verified && st == VC_OK && strcmp(a.password_hash, la->acc.password_hash) == 0 &&
              a.state != ACCOUNT_SUSPENDED && a.state != ACCOUNT_DISABLED;
    char name[64];
    if (!ok) {
        bool notice = false;
        enum vc_status ts = throttle_failed(env, &la->keys, &notice);
        if (ts != VC_OK)
            return ts;
        if (notice && st == VC_OK && (ts = mail_failures(env, &a)) != VC_OK)
            return ts;
        if (st == VC_OK) {
            audit_name("account", a.id, name);
            st = audit_record(env, "anonymous", NULL, "login.fail", name, a.id, "password");
        } else {
            st = audit_record(env, "anonymous", NULL, "login.fail", "", 0, "unknown username");
        }
        return st == VC_OK ? VC_ERR_DENIED : st;
    }
    if (la->new_hash[0] != '\0') {
        str_copy(a.password_hash, la->new_hash, sizeof a.password_hash);
        a.updated_at = env_now(env);
        if ((st = repo_account_update(env->store, &a)) != VC_OK)
            return st;
    }
    if (la->issued_used) { /* the issued PIN is spent: the person chooses one now */
        struct code c;
        if ((st = repo_code_active(env->store, a.id, CODE_PIN, &c)) != VC_OK)
            return st == VC_ERR_NOT_FOUND ? VC_ERR_DENIED : st;
        c.used_at = env_now(env);
        a.must_change_password = true;
        a.email_confirmed = true; /* its first half came through the mailbox */
        a.updated_at = env_now(env);
        if ((st = repo_code_update(env->store, &c)) != VC_OK ||
            (st = repo_account_update(env->store, &a)) != VC_OK)
            return st;
    }
    if ((st = throttle_success_reserved(env, &la->keys)) != VC_OK)
        return st;
    audit_name("account", a.id, name);
    if (account_awaits_address(&a)) { /* moved from the old system, address unproven */
        st = audit_record(env, name, NULL, "login.unconfirmed", name, a.id, NULL);
        if (st == VC_OK)
            *out = a;
        return st == VC_OK ? VC_ERR_CONFLICT : st;
    }
    st = audit_record(env, name, NULL, "login.ok", name, a.id, "password");
    if (st == VC_OK)
        *out = a;
    return st;
}

enum vc_status account_login(const struct vc_env *env, const char *username, const char *password,
                             size_t password_len, struct account *out)
{
    struct login_attempt la;
    enum vc_status st = account_login_lookup(env, username, &la);
    if (st != VC_OK)
        return st;
    bool ok = account_login_verify(&la, password, password_len);
    int64_t legacy_id = 0;
    return account_login_finish(env, &la, ok, password, password_len, out, &legacy_id);
}

const char *account_renew_page(const struct account *acc)
{
    return acc->credential == CREDENTIAL_PIN ? "pin" : "password_change";
}

enum vc_status account_forced_page(const struct vc_env *env, int64_t account_id, const char **out)
{
    *out = NULL;
    if (!journey_profile_forces(env->cfg->profile)) /* enasarco, inps-pin: no read */
        return VC_OK;
    struct account a;
    enum vc_status st = repo_account_by_id(env->store, account_id, &a);
    if (st == VC_OK)
        *out = a.state == ACCOUNT_DISABLED ? NULL : journey_forced_page(env, &a);
    return st;
}

bool account_awaits_address(const struct account *a)
{
    return a->state == ACCOUNT_PENDING && !a->email_confirmed && a->step[0] == '\0';
}

enum vc_status account_load(const struct vc_env *env, int64_t account_id, struct account *out_acc,
                            struct member *out_member)
{
    enum vc_status st = repo_account_by_id(env->store, account_id, out_acc);
    if (st != VC_OK)
        return st;
    memset(out_member, 0, sizeof *out_member);
    if (out_acc->member_id != 0)
        st = repo_member_by_id(env->store, out_acc->member_id, out_member);
    return st;
}

enum vc_status account_suspend(const struct vc_env *env, int64_t operator_id, int64_t account_id,
                               const char *reason, struct form_errors *fe)
{
    size_t n = reason ? strlen(reason) : 0;
    if (n == 0 || n > ACCOUNT_SUSPEND_REASON_MAX) {
        form_errors_add(fe, "motivo",
                        n == 0 ? "error.suspend.reason" : "error.suspend.reason_long");
        return VC_ERR_INVALID;
    }
    struct account a;
    enum vc_status st = repo_account_by_id(env->store, account_id, &a);
    if (st != VC_OK)
        return st;
    if (a.state == ACCOUNT_SUSPENDED)
        return VC_ERR_CONFLICT;
    a.state = ACCOUNT_SUSPENDED;
    a.updated_at = env_now(env);
    if ((st = repo_account_update(env->store, &a)) != VC_OK ||
        (st = repo_session_delete_all(env->store, SESSION_MEMBER, a.id)) != VC_OK ||
        (st = oidc_logout_account(env, a.id, "account suspended")) != VC_OK)
        return st;
    char who[64], obj[64];
    audit_name("operator", operator_id, who);
    audit_name("account", a.id, obj);
    return audit_record(env, who, NULL, "account.suspend", obj, a.id, reason);
}

enum vc_status account_reinstate(const struct vc_env *env, int64_t operator_id, int64_t account_id)
{
    struct account a;
    enum vc_status st = repo_account_by_id(env->store, account_id, &a);
    if (st != VC_OK)
        return st;
    if (a.state != ACCOUNT_SUSPENDED)
        return VC_ERR_CONFLICT;
    a.state = a.level >= LEVEL_FULL ? ACCOUNT_ACTIVE : ACCOUNT_PENDING;
    a.updated_at = env_now(env);
    if ((st = repo_account_update(env->store, &a)) != VC_OK)
        return st;
    char who[64], obj[64];
    audit_name("operator", operator_id, who);
    audit_name("account", a.id, obj);
    return audit_record(env, who, NULL, "account.reinstate", obj, a.id, "");
}

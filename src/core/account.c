/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/account.h"
#include "core/audit.h"
#include "core/codice_fiscale.h"
#include "core/journey.h"
#include "core/legacy.h"
#include "core/messages.h"
#include "core/password_policy.h"
#include "core/pec.h"
#include "core/repo.h"
#include "crypto/legacy_hash.h"
#include "crypto/password.h"
#include "util/str.h"

/* Field checks that need no store. Fills errs; returns the normalised values. */
static void check_fields(const struct vc_env *env, const struct register_form *f,
                         struct form_errors *errs, char cf[CF_LEN + 1], char email[EMAIL_MAX + 1])
{
    const struct profile *p = env->cfg->profile;
    if (p->needs_matricola && f->matricola[0] == '\0')
        form_errors_add(errs, "matricola", "error.matricola.missing");
    enum cf_result r = cf_validate(f->codice_fiscale, strlen(f->codice_fiscale), cf);
    if (f->codice_fiscale[0] == '\0')
        form_errors_add(errs, "codice_fiscale", "error.cf.missing");
    else if (r != CF_OK)
        form_errors_add(errs, "codice_fiscale", cf_result_msg(r));
    const char *em = email_normalise(f->email, strlen(f->email), email);
    if (em != NULL)
        form_errors_add(errs, "email", em);
    else if (pec_is_pec(email, env->cfg->pec_domains, env->cfg->n_pec_domains))
        form_errors_add(errs, "email", "error.email.pec");
    const char *mine[] = {f->email, f->codice_fiscale, f->matricola, NULL};
    const char *pw =
        password_policy_check(&env->cfg->password, f->password, strlen(f->password), mine);
    if (pw != NULL)
        form_errors_add(errs, "password", pw);
    else if (strcmp(f->password, f->password_confirm) != 0)
        form_errors_add(errs, "password_confirm", "error.password.mismatch");
    if (!f->privacy_consent)
        form_errors_add(errs, "privacy", "error.privacy.missing");
}

/* The registry record for the form (profiles with pre-enrolment), or a
 * zeroed member. VC_ERR_INVALID (errs) when matricola and codice fiscale do
 * not name one allowed person. */
static enum vc_status find_member(const struct vc_env *env, const struct register_form *f,
                                  const char cf[CF_LEN + 1], struct member *m,
                                  struct form_errors *errs)
{
    const struct profile *p = env->cfg->profile;
    memset(m, 0, sizeof *m);
    if (!p->needs_matricola)
        return VC_OK;
    enum vc_status st = repo_member_by_matricola(env->store, f->matricola, m);
    char a[CF_LEN + 1], b[CF_LEN + 1];
    if (st == VC_OK) {
        cf_normalise(m->codice_fiscale, a);
        cf_normalise(cf, b);
    }
    if (st == VC_ERR_NOT_FOUND || (st == VC_OK && strcmp(a, b) != 0)) {
        form_errors_add(errs, "matricola", "error.member.not_found");
        form_errors_add(errs, "codice_fiscale", "error.member.not_found");
        return VC_ERR_INVALID;
    }
    if (st == VC_OK && !p->allowed_categories[m->category]) {
        form_errors_add(errs, "matricola", "error.member.category_not_allowed");
        return VC_ERR_INVALID;
    }
    return st;
}

static void register_keys(const struct vc_env *env, const char cf[CF_LEN + 1],
                          struct throttle_keys *k)
{
    char norm[CF_LEN + 1];
    cf_normalise(cf, norm);
    throttle_keys(env, "register", norm, k);
}

enum vc_status account_register_check(const struct vc_env *env, const struct register_form *f,
                                      struct form_errors *errs)
{
    char cf[CF_LEN + 1] = "", email[EMAIL_MAX + 1] = "";
    form_errors_init(errs);
    check_fields(env, f, errs, cf, email);
    if (form_errors_any(errs))
        return VC_ERR_INVALID;
    struct throttle_keys k;
    register_keys(env, cf, &k);
    enum vc_status st = throttle_check(env, &k, "register.limited", 0);
    if (st != VC_OK)
        return st;
    struct member m;
    st = find_member(env, f, cf, &m, errs);
    if (st == VC_ERR_INVALID) { /* a guess at the registry: counted and audited */
        enum vc_status ts = throttle_fail(env, &k, NULL);
        if (ts == VC_OK)
            ts = audit_record(env, "anonymous", NULL, "register.fail", "", 0, "registry mismatch");
        return ts == VC_OK ? st : ts;
    }
    return st;
}

enum vc_status account_register_hash(const struct register_form *f, char out[128])
{
    return password_hash(f->password, strlen(f->password), out);
}

/* The person (or the address) already has an account: nothing is created
 * and the page answers as for a new one; the owner of record is told, so a
 * person who forgot is pointed to the login and recovery pages. */
static enum vc_status tell_owner(const struct vc_env *env, const struct account *owner,
                                 const struct member *m, const char *why)
{
    char name[64], login[320], recover[320];
    audit_name("account", owner->id, name);
    enum vc_status st =
        audit_record(env, "anonymous", NULL, "account.register_again", name, owner->id, why);
    if (st != VC_OK || owner->state == ACCOUNT_DISABLED)
        return st;
    snprintf(login, sizeof login, "%s/accedi", env->cfg->base_url);
    snprintf(recover, sizeof recover, "%s/recupero", env->cfg->base_url);
    struct msg_field fl[] = {{"given_name", m->given_name},
                             {"username", owner->username},
                             {"login_url", login},
                             {"recovery_url", recover}};
    return messages_queue(env, OUTBOX_MAIL, owner->username, "register_existing", owner->lang,
                          owner->id, fl, 4);
}

enum vc_status account_register_finish(const struct vc_env *env, const struct register_form *f,
                                       const char *password_hash, struct form_errors *errs,
                                       int64_t *out_account_id)
{
    const struct profile *p = env->cfg->profile;
    /* the fields passed account_register_check: only their normal forms are
     * needed again (not the password rules, which are the costly part) */
    char cf[CF_LEN + 1] = "", email[EMAIL_MAX + 1] = "";
    form_errors_init(errs);
    if (cf_validate(f->codice_fiscale, strlen(f->codice_fiscale), cf) != CF_OK ||
        email_normalise(f->email, strlen(f->email), email) != NULL)
        return VC_ERR_INTERNAL; /* finish without a successful check */
    struct member m;
    enum vc_status st = find_member(env, f, cf, &m, errs);
    if (st != VC_OK)
        return st;
    struct account a;
    memset(&a, 0, sizeof a);
    cf_normalise(cf, a.cf_norm);
    str_copy(a.username, email, sizeof a.username);
    str_copy(a.profile, p->name, sizeof a.profile);
    str_copy(a.lang, f->lang[0] ? f->lang : "it", sizeof a.lang);
    str_copy(a.password_hash, password_hash, sizeof a.password_hash);
    a.member_id = m.id;
    a.state = ACCOUNT_PENDING;
    a.level = LEVEL_LIMITED;
    a.created_at = a.updated_at = env_now(env);
    str_copy(a.step, "register", sizeof a.step);
    *out_account_id = 0;

    struct account other;
    st = repo_account_by_cf_norm(env->store, a.cf_norm, &other);
    if (st == VC_OK)
        return tell_owner(env, &other, &m, "codice_fiscale");
    if (st != VC_ERR_NOT_FOUND)
        return st;
    st = repo_account_by_username(env->store, a.username, &other);
    if (st == VC_OK) {
        struct member om; /* the address's owner is someone else: greet them by name */
        memset(&om, 0, sizeof om);
        if (other.member_id != 0 && repo_member_by_id(env->store, other.member_id, &om) != VC_OK)
            memset(&om, 0, sizeof om);
        return tell_owner(env, &other, &om, "email");
    }
    if (st != VC_ERR_NOT_FOUND)
        return st;
    st = repo_account_insert(env->store, &a);
    if (st == VC_ERR_CONFLICT) /* a concurrent twin won the race: the same answer */
        return VC_OK;
    if (st != VC_OK)
        return st;
    struct throttle_keys k;
    register_keys(env, cf, &k);
    char name[64];
    audit_name("account", a.id, name);
    if ((st = throttle_success(env, &k)) == VC_OK)
        st = audit_record(env, name, NULL, "account.register", name, a.id, p->name);
    if (st == VC_OK)
        st = journey_start(env, &a);
    if (st == VC_OK)
        *out_account_id = a.id;
    return st;
}

enum vc_status account_register(const struct vc_env *env, const struct register_form *f,
                                struct form_errors *errs, int64_t *out_account_id)
{
    enum vc_status st = account_register_check(env, f, errs);
    char hash[128];
    if (st == VC_OK)
        st = account_register_hash(f, hash);
    if (st == VC_OK)
        st = account_register_finish(env, f, hash, errs, out_account_id);
    return st;
}

enum vc_status account_login_lookup(const struct vc_env *env, const char *username,
                                    struct login_attempt *out)
{
    char email[EMAIL_MAX + 1];
    memset(out, 0, sizeof *out);
    bool valid = email_normalise(username, strlen(username), email) == NULL;
    if (!valid) {
        str_copy_trim(email, username, sizeof email);
        str_ascii_lower(email);
    }
    enum vc_status st = VC_ERR_NOT_FOUND; /* an invalid username is not found */
    if (valid)
        st = repo_account_by_username(env->store, email, &out->acc);
    if (st != VC_OK && st != VC_ERR_NOT_FOUND)
        return st;
    out->found = st == VC_OK;
    if (!out->found) { /* maybe an old username not moved yet */
        st = repo_legacy_by_username(env->store, email, &out->leg);
        if (st != VC_OK && st != VC_ERR_NOT_FOUND)
            return st;
        out->legacy = st == VC_OK && out->leg.state == LEGACY_ACTIVE;
    }
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
    struct member m;
    memset(&m, 0, sizeof m);
    enum vc_status st = VC_OK;
    if (a->member_id != 0)
        st = repo_member_by_id(env->store, a->member_id, &m);
    if (st != VC_OK && st != VC_ERR_NOT_FOUND)
        return st;
    char url[320];
    snprintf(url, sizeof url, "%s/recupero", env->cfg->base_url);
    struct msg_field f[] = {{"given_name", m.given_name}, {"recovery_url", url}};
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
static bool verify(const struct login_attempt *la, const char *password, size_t len)
{
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

/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "core/codice_fiscale.h"
#include "core/legacy.h"
#include "core/messages.h"
#include "core/pec.h"
#include "core/repo.h"
#include "core/steps/confirm_email.h"
#include "crypto/legacy_hash.h"
#include "util/str.h"

enum vc_status legacy_import(const struct vc_env *env, const struct legacy_row *r,
                             struct form_errors *errs)
{
    struct legacy_account l;
    memset(&l, 0, sizeof l);
    form_errors_init(errs);
    if (r->username[0] == '\0' ||
        str_copy(l.username, r->username, sizeof l.username) >= sizeof l.username)
        form_errors_add(errs, "username", r->username[0] ? "too long" : "missing");
    str_ascii_lower(l.username);
    if (legacy_hash_format(r->password_hash) == NULL)
        form_errors_add(errs, "password_hash", "not an accepted format (docs/legacy.md)");
    else
        str_copy(l.password_hash, r->password_hash, sizeof l.password_hash);
    if (r->email[0] != '\0' && email_normalise(r->email, strlen(r->email), l.email) != NULL) {
        l.email[0] = '\0'; /* an unusable old address is only not proposed */
    }
    /* the person: the registry by matricola, or the codice fiscale */
    struct member m;
    memset(&m, 0, sizeof m);
    char cf[CF_LEN + 1] = "";
    enum vc_status st = VC_ERR_NOT_FOUND;
    if (r->matricola[0] != '\0') {
        st = repo_member_by_matricola(env->store, r->matricola, &m);
        if (st == VC_ERR_NOT_FOUND)
            form_errors_add(errs, "matricola", "not in the member registry");
        else if (st == VC_OK)
            str_copy(cf, m.codice_fiscale, sizeof cf);
        char given[CF_LEN + 1], a[CF_LEN + 1], b[CF_LEN + 1];
        if (st == VC_OK && r->codice_fiscale[0] != '\0') { /* both given: they must agree */
            enum cf_result res = cf_validate(r->codice_fiscale, strlen(r->codice_fiscale), given);
            cf_normalise(cf, a);
            if (res == CF_OK)
                cf_normalise(given, b);
            if (res != CF_OK || strcmp(a, b) != 0)
                form_errors_add(errs, "codice_fiscale", "not the codice fiscale of the matricola");
        }
    } else if (r->codice_fiscale[0] != '\0') {
        enum cf_result res = cf_validate(r->codice_fiscale, strlen(r->codice_fiscale), cf);
        if (res != CF_OK)
            form_errors_add(errs, "codice_fiscale", cf_result_msg(res));
        else if ((st = repo_member_by_cf(env->store, cf, &m)) == VC_ERR_NOT_FOUND)
            memset(&m, 0, sizeof m);
    } else {
        form_errors_add(errs, "codice_fiscale", "a codice fiscale or a matricola is needed");
    }
    if (st != VC_OK && st != VC_ERR_NOT_FOUND)
        return st;
    if (form_errors_any(errs))
        return VC_ERR_INVALID;
    cf_normalise(cf, l.cf_norm);
    l.member_id = m.id;
    l.state = LEGACY_ACTIVE;
    l.imported_at = env_now(env);
    return repo_legacy_upsert(env->store, &l);
}

enum vc_status legacy_welcome(const struct vc_env *env, int64_t legacy_id,
                              struct legacy_welcome *out)
{
    memset(out, 0, sizeof *out);
    enum vc_status st = repo_legacy_by_id(env->store, legacy_id, &out->leg);
    if (st != VC_OK)
        return st;
    if (out->leg.state != LEGACY_ACTIVE)
        return VC_ERR_DENIED;
    if (out->leg.member_id != 0 &&
        (st = repo_member_by_id(env->store, out->leg.member_id, &out->member)) != VC_OK)
        return st;
    struct account a;
    st = repo_account_by_cf_norm(env->store, out->leg.cf_norm, &a);
    if (st != VC_OK && st != VC_ERR_NOT_FOUND)
        return st;
    out->has_account = st == VC_OK;
    if (out->leg.email[0] != '\0' &&
        !pec_is_pec(out->leg.email, env->cfg->pec_domains, env->cfg->n_pec_domains))
        str_copy(out->proposed, out->leg.email, sizeof out->proposed);
    return VC_OK;
}

enum vc_status legacy_migrate(const struct vc_env *env, int64_t legacy_id, const char *email,
                              const char *lang, struct form_errors *errs, int64_t *out_account_id)
{
    form_errors_init(errs);
    struct legacy_welcome w;
    enum vc_status st = legacy_welcome(env, legacy_id, &w);
    if (st != VC_OK)
        return st;
    if (w.has_account)
        return VC_ERR_CONFLICT;
    struct account a;
    memset(&a, 0, sizeof a);
    const char *bad = email_normalise(email, strlen(email), a.username);
    if (bad == NULL && pec_is_pec(a.username, env->cfg->pec_domains, env->cfg->n_pec_domains))
        bad = "error.email.pec";
    struct account other;
    if (bad == NULL && (st = repo_account_by_username(env->store, a.username, &other)) == VC_OK)
        bad = "error.email.taken";
    if (bad != NULL) {
        form_errors_add(errs, "email", bad);
        return VC_ERR_INVALID;
    }
    if (st != VC_ERR_NOT_FOUND)
        return st;
    /* the password was re-hashed at the login that led here */
    if (strncmp(w.leg.password_hash, "$argon2id$", 10) != 0)
        return VC_ERR_DENIED;
    str_copy(a.password_hash, w.leg.password_hash, sizeof a.password_hash);
    a.state = ACCOUNT_PENDING; /* active once the address is confirmed */
    a.level = LEVEL_FULL;      /* identified already by the old system (seed 000) */
    str_copy(a.profile, env->cfg->profile->name, sizeof a.profile);
    a.member_id = w.leg.member_id;
    str_copy(a.cf_norm, w.leg.cf_norm, sizeof a.cf_norm);
    a.must_change_password = w.leg.weak_password;
    str_copy(a.lang, lang[0] ? lang : "it", sizeof a.lang);
    a.created_at = a.updated_at = env_now(env);
    if ((st = repo_account_insert(env->store, &a)) != VC_OK)
        return st == VC_ERR_CONFLICT ? VC_ERR_CONFLICT : st;
    w.leg.state = LEGACY_MIGRATED;
    w.leg.account_id = a.id;
    w.leg.migrated_at = env_now(env);
    if ((st = repo_legacy_update(env->store, &w.leg)) != VC_OK ||
        (st = repo_legacy_disable_person(env->store, w.leg.cf_norm, w.leg.id)) != VC_OK ||
        (st = repo_session_delete_all(env->store, SESSION_LEGACY, w.leg.id)) != VC_OK)
        return st;
    char name[64], detail[EMAIL_MAX + 16];
    audit_name("account", a.id, name);
    snprintf(detail, sizeof detail, "from %s", w.leg.username);
    if ((st = audit_record(env, name, NULL, "legacy.migrate", name, a.id, detail)) != VC_OK)
        return st;
    /* The old address of record hears of it: whoever knew the old password
     * could have typed any address here. */
    if (w.leg.email[0] != '\0' && strcmp(w.leg.email, a.username) != 0) {
        struct msg_field f[] = {{"given_name", w.member.given_name},
                                {"old_username", w.leg.username},
                                {"new_email", a.username},
                                MSG_LINK("recovery_url", "recovery")};
        if ((st = messages_queue(env, OUTBOX_MAIL, w.leg.email, "legacy_moved", a.lang, a.id, f,
                                 4)) != VC_OK)
            return st;
    }
    if ((st = confirm_email_send(env, &a)) == VC_OK)
        *out_account_id = a.id;
    return st;
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Registration as the journey declares it (core/registration.h). */
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "core/cf_person.h"
#include "core/delegation.h"
#include "core/codice_fiscale.h"
#include "core/journey.h"
#include "core/messages.h"
#include "core/password_policy.h"
#include "core/pec.h"
#include "core/person.h"
#include "core/phone.h"
#include "core/places.h"
#include "core/registration.h"
#include "core/repo.h"
#include "core/throttle.h"
#include "crypto/password.h"
#include "util/str.h"

static const struct journey_def *journey_for(const struct vc_env *env,
                                             const struct register_form *f)
{
    return f->journey != NULL ? f->journey : profile_journey(env->cfg->profile, "");
}

/* The form field name of kind in the journey (for errors), or the kind's
 * usual name when the journey does not declare it. */
static const char *name_of(const struct journey_def *j, enum reg_kind k, const char *fallback)
{
    const struct reg_field *rf = journey_field(j, k);
    return rf != NULL ? rf->name : fallback;
}

static bool asked(const struct journey_def *j, enum reg_kind k)
{
    return journey_field(j, k) != NULL;
}

/* A person's name as typed: letters (any script's accented Latin letters),
 * spaces, apostrophes, hyphens, full stops; 1-64 bytes. */
static bool name_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > NAME_MAX_LEN || !str_is_clean_utf8(s, n))
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x80 && !isalpha(*p) && *p != ' ' && *p != '\'' && *p != '-' && *p != '.')
            return false;
    }
    return true;
}

/* The birth place typed (a name, with its province or "EE" abroad) as the
 * list's entry valid on the birth date; NULL when there is none.
 *
 * The list's periods are incomplete for codes whose comune changed province
 * (docs/places.md: 121 comuni of Oristano, Pordenone and Isernia appear only
 * from 1968-1974). So when nothing matches on the date, the name in any
 * province at any time is accepted if it is the very place the codice
 * fiscale names (*out_undated): the code is the person's, the dates are
 * the list's gap. */
static const struct place *birth_place(const struct vc_env *env, const struct register_form *f,
                                       const char *cf, bool *out_undated)
{
    const char *name = register_value(f, REG_BIRTH_PLACE);
    const char *prov = register_value(f, REG_BIRTH_PROVINCE);
    const char *date = register_value(f, REG_BIRTH_DATE);
    *out_undated = false;
    if (env->cfg->places == NULL || name[0] == '\0')
        return NULL;
    const struct place *found[8];
    size_t n = places_find_name(env->cfg->places, name, strlen(name), prov[0] ? prov : NULL, date,
                                found, 2);
    if (n == 1)
        return found[0];
    if (n > 1 || cf == NULL || strlen(cf) != CF_LEN)
        return NULL; /* two of a name in one province: the province decides */
    char norm[CF_LEN + 1];
    cf_normalise(cf, norm);
    n = places_find_name(env->cfg->places, name, strlen(name), NULL, NULL, found, 8);
    for (size_t i = 0; i < n; i++) {
        if (memcmp(found[i]->code, norm + 11, 4) == 0) {
            *out_undated = true;
            return found[i];
        }
    }
    return NULL;
}

/* Field checks that need no store. Fills errs; returns the normalised values. */
static void check_fields(const struct vc_env *env, const struct journey_def *j,
                         const struct register_form *f, struct form_errors *errs,
                         char cf[CF_LEN + 1], char email[EMAIL_MAX + 1])
{
    const char *cf_name = name_of(j, REG_CODICE_FISCALE, "codice_fiscale");
    if (asked(j, REG_MATRICOLA) && register_value(f, REG_MATRICOLA)[0] == '\0')
        form_errors_add(errs, name_of(j, REG_MATRICOLA, "matricola"), "error.matricola.missing");
    const char *typed_cf = register_value(f, REG_CODICE_FISCALE);
    enum cf_result r = cf_validate(typed_cf, strlen(typed_cf), cf);
    if (typed_cf[0] == '\0')
        form_errors_add(errs, cf_name, "error.cf.missing");
    else if (r != CF_OK)
        form_errors_add(errs, cf_name, cf_result_msg(r));
    if (asked(j, REG_GIVEN_NAME) && !name_ok(register_value(f, REG_GIVEN_NAME)))
        form_errors_add(errs, name_of(j, REG_GIVEN_NAME, "given_name"), "error.person.name");
    if (asked(j, REG_FAMILY_NAME) && !name_ok(register_value(f, REG_FAMILY_NAME)))
        form_errors_add(errs, name_of(j, REG_FAMILY_NAME, "family_name"), "error.person.name");
    if (asked(j, REG_SEX) && strcmp(register_value(f, REG_SEX), "M") != 0 &&
        strcmp(register_value(f, REG_SEX), "F") != 0)
        form_errors_add(errs, name_of(j, REG_SEX, "sex"), "error.person.sex");
    int day = 0;
    const char *bd = register_value(f, REG_BIRTH_DATE);
    if (asked(j, REG_BIRTH_DATE) &&
        (!places_date_parse(bd, strlen(bd), &day) || strcmp(bd, "1900-01-01") < 0))
        form_errors_add(errs, name_of(j, REG_BIRTH_DATE, "birth_date"), "error.person.birth_date");
    const struct place *bp = NULL;
    bool undated = false;
    if (asked(j, REG_BIRTH_PLACE) && day != 0 &&
        (bp = birth_place(env, f, r == CF_OK ? cf : NULL, &undated)) == NULL)
        form_errors_add(errs, name_of(j, REG_BIRTH_PLACE, "birth_place"),
                        "error.person.birth_place_unknown");
    /* the codice fiscale agrees with what the person typed beside it */
    if (r == CF_OK && asked(j, REG_FAMILY_NAME) && asked(j, REG_BIRTH_PLACE) &&
        !form_errors_any(errs)) {
        struct cf_person cp = {
            .family_name = register_value(f, REG_FAMILY_NAME),
            .given_name = register_value(f, REG_GIVEN_NAME),
            .birth_date = bd,
            .sex = register_value(f, REG_SEX),
            .birth_place_code = bp != NULL ? bp->code : "",
        };
        struct form_errors agree;
        form_errors_init(&agree);
        cf_person_check(env->cfg->places, &cp, cf, strlen(cf), &agree);
        for (size_t i = 0; i < agree.n; i++) { /* the list's gap in dates is not the person's */
            if (!(undated && strcmp(agree.e[i].msg, "error.person.birth_place_date") == 0))
                form_errors_add(errs, agree.e[i].field, agree.e[i].msg);
        }
    }
    if (asked(j, REG_ADDRESS) || asked(j, REG_MOBILE)) {
        struct person_contacts pc;
        memset(&pc, 0, sizeof pc);
        str_copy(pc.address, register_value(f, REG_ADDRESS), sizeof pc.address);
        str_copy(pc.postcode, register_value(f, REG_POSTCODE), sizeof pc.postcode);
        str_copy(pc.city, register_value(f, REG_CITY), sizeof pc.city);
        str_copy(pc.province, register_value(f, REG_PROVINCE), sizeof pc.province);
        str_copy(pc.mobile, register_value(f, REG_MOBILE), sizeof pc.mobile);
        person_contacts_check(
            &pc, asked(j, REG_ADDRESS),
            journey_field(j, REG_MOBILE) != NULL && journey_field(j, REG_MOBILE)->required, errs);
    }
    const char *typed_email = register_value(f, REG_EMAIL);
    const char *em = email_normalise(typed_email, strlen(typed_email), email);
    if (em != NULL)
        form_errors_add(errs, name_of(j, REG_EMAIL, "email"), em);
    else if (pec_is_pec(email, env->cfg->pec_domains, env->cfg->n_pec_domains))
        form_errors_add(errs, name_of(j, REG_EMAIL, "email"), "error.email.pec");
    if (asked(j, REG_PASSWORD)) {
        const char *pw = register_value(f, REG_PASSWORD);
        const char *mine[] = {typed_email,
                              typed_cf,
                              register_value(f, REG_MATRICOLA),
                              register_value(f, REG_GIVEN_NAME),
                              register_value(f, REG_FAMILY_NAME),
                              NULL};
        const char *bad = password_policy_check(&env->cfg->password, pw, strlen(pw), mine);
        if (bad != NULL)
            form_errors_add(errs, name_of(j, REG_PASSWORD, "password"), bad);
        else if (strcmp(pw, f->password_confirm) != 0)
            form_errors_add(errs, "password_confirm", "error.password.mismatch");
    }
    if (asked(j, REG_PRIVACY) && strcmp(register_value(f, REG_PRIVACY), "on") != 0)
        form_errors_add(errs, name_of(j, REG_PRIVACY, "privacy"), "error.privacy.missing");
}

/* The registry record for the form (journeys that ask the matricola), or a
 * zeroed member. VC_ERR_INVALID (errs) when matricola and codice fiscale do
 * not name one allowed person. */
static enum vc_status find_member(const struct vc_env *env, const struct journey_def *j,
                                  const struct register_form *f, const char cf[CF_LEN + 1],
                                  struct member *m, struct form_errors *errs)
{
    const struct profile *p = env->cfg->profile;
    memset(m, 0, sizeof *m);
    if (!asked(j, REG_MATRICOLA))
        return VC_OK;
    enum vc_status st = repo_member_by_matricola(env->store, register_value(f, REG_MATRICOLA), m);
    char a[CF_LEN + 1], b[CF_LEN + 1];
    if (st == VC_OK) {
        cf_normalise(m->codice_fiscale, a);
        cf_normalise(cf, b);
    }
    if (st == VC_ERR_NOT_FOUND || (st == VC_OK && strcmp(a, b) != 0)) {
        form_errors_add(errs, name_of(j, REG_MATRICOLA, "matricola"), "error.member.not_found");
        form_errors_add(errs, name_of(j, REG_CODICE_FISCALE, "codice_fiscale"),
                        "error.member.not_found");
        return VC_ERR_INVALID;
    }
    if (st == VC_OK && !p->allowed_categories[m->category]) {
        form_errors_add(errs, name_of(j, REG_MATRICOLA, "matricola"),
                        "error.member.category_not_allowed");
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
    const struct journey_def *j = journey_for(env, f);
    char cf[CF_LEN + 1] = "", email[EMAIL_MAX + 1] = "";
    form_errors_init(errs);
    if (VC_NEVER(j == NULL))
        return VC_ERR_INTERNAL;
    check_fields(env, j, f, errs, cf, email);
    if (form_errors_any(errs))
        return VC_ERR_INVALID;
    struct throttle_keys k;
    register_keys(env, cf, &k);
    enum vc_status st = throttle_check(env, &k, "register.limited", 0);
    if (st != VC_OK)
        return st;
    if (asked(j, REG_FIRM_TAX_ID)) { /* a firm's operator: a new firm, or invited to one */
        st = firm_join_check(env, register_value(f, REG_FIRM_TAX_ID),
                             register_value(f, REG_FIRM_NAME), email,
                             name_of(j, REG_FIRM_TAX_ID, "firm_tax_id"),
                             name_of(j, REG_FIRM_NAME, "firm_name"), errs);
        if (st != VC_OK)
            return st;
    }
    struct member m;
    st = find_member(env, j, f, cf, &m, errs);
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
    const char *pw = register_value(f, REG_PASSWORD);
    if (pw[0] == '\0') { /* an issued credential: its step makes it */
        out[0] = '\0';
        return VC_OK;
    }
    return password_hash(pw, strlen(pw), out);
}

/* The person (or the address) already has an account: nothing is created
 * and the page answers as for a new one; the owner of record is told, so a
 * person who forgot is pointed to the login and recovery pages. */
static enum vc_status tell_owner(const struct vc_env *env, const struct account *owner,
                                 const char *why)
{
    char name[64];
    audit_name("account", owner->id, name);
    enum vc_status st =
        audit_record(env, "anonymous", NULL, "account.register_again", name, owner->id, why);
    if (st != VC_OK || owner->state == ACCOUNT_DISABLED)
        return st;
    struct person p; /* the owner is greeted by name */
    if ((st = person_of_account(env, owner, &p)) != VC_OK)
        return st;
    struct msg_field fl[] = {{"given_name", p.given_name},
                             {"username", owner->username},
                             MSG_LINK("login_url", "login"),
                             MSG_LINK("recovery_url", "recovery")};
    return messages_queue(env, OUTBOX_MAIL, owner->username, "register_existing", owner->lang,
                          owner->id, fl, 4);
}

/* The new account's person: the registry row, or what the form says. */
static void person_of_form(const struct register_form *f, const struct member *m,
                           const char cf[CF_LEN + 1], const struct place *bp, struct person *p)
{
    if (m->id != 0) {
        person_from_member(m, p);
        return;
    }
    memset(p, 0, sizeof *p);
    str_copy(p->given_name, register_value(f, REG_GIVEN_NAME), sizeof p->given_name);
    str_copy(p->family_name, register_value(f, REG_FAMILY_NAME), sizeof p->family_name);
    str_copy(p->sex, register_value(f, REG_SEX), sizeof p->sex);
    str_copy(p->birth_date, register_value(f, REG_BIRTH_DATE), sizeof p->birth_date);
    if (bp != NULL) {
        str_copy(p->birth_place, bp->name, sizeof p->birth_place);
        str_copy(p->birth_place_code, bp->code, sizeof p->birth_place_code);
    }
    str_copy(p->codice_fiscale, cf, sizeof p->codice_fiscale);
    str_copy(p->address, register_value(f, REG_ADDRESS), sizeof p->address);
    str_copy(p->postcode, register_value(f, REG_POSTCODE), sizeof p->postcode);
    str_copy(p->city, register_value(f, REG_CITY), sizeof p->city);
    str_copy(p->province, register_value(f, REG_PROVINCE), sizeof p->province);
    str_ascii_upper(p->province);
    if (!phone_normalise(register_value(f, REG_MOBILE), p->mobile))
        p->mobile[0] = '\0';
    str_copy(p->source, "form", sizeof p->source);
}

enum vc_status account_register_finish(const struct vc_env *env, const struct register_form *f,
                                       const char *password_hash, struct form_errors *errs,
                                       int64_t *out_account_id)
{
    const struct profile *p = env->cfg->profile;
    const struct journey_def *j = journey_for(env, f);
    /* the fields passed account_register_check: only their normal forms are
     * needed again (not the password rules, which are the costly part) */
    char cf[CF_LEN + 1] = "", email[EMAIL_MAX + 1] = "";
    form_errors_init(errs);
    const char *typed_cf = register_value(f, REG_CODICE_FISCALE);
    const char *typed_email = register_value(f, REG_EMAIL);
    if (VC_NEVER(j == NULL) || cf_validate(typed_cf, strlen(typed_cf), cf) != CF_OK ||
        email_normalise(typed_email, strlen(typed_email), email) != NULL)
        return VC_ERR_INTERNAL; /* finish without a successful check */
    struct member m;
    enum vc_status st = find_member(env, j, f, cf, &m, errs);
    if (st != VC_OK)
        return st;
    struct account a;
    memset(&a, 0, sizeof a);
    cf_normalise(cf, a.cf_norm);
    str_copy(a.username, email, sizeof a.username);
    str_copy(a.profile, p->name, sizeof a.profile);
    str_copy(a.journey, j->name, sizeof a.journey);
    a.credential = j->credential;
    str_copy(a.lang, f->lang[0] ? f->lang : "it", sizeof a.lang);
    str_copy(a.password_hash, password_hash, sizeof a.password_hash);
    a.member_id = m.id;
    a.state = ACCOUNT_PENDING;
    a.level = LEVEL_LIMITED;
    a.created_at = a.updated_at = env_now(env);
    str_copy(a.step, j->steps[0].id, sizeof a.step);
    *out_account_id = 0;

    struct account other;
    st = repo_account_by_cf_norm(env->store, a.cf_norm, &other);
    if (st == VC_OK)
        return tell_owner(env, &other, "codice_fiscale");
    if (st != VC_ERR_NOT_FOUND)
        return st;
    st = repo_account_by_username(env->store, a.username, &other);
    if (st == VC_OK) /* the address's owner is someone else: they are told */
        return tell_owner(env, &other, "email");
    if (st != VC_ERR_NOT_FOUND)
        return st;
    st = repo_account_insert(env->store, &a);
    if (st == VC_ERR_CONFLICT) /* a concurrent twin won the race: the same answer */
        return VC_OK;
    if (st != VC_OK)
        return st;
    struct person person;
    bool undated = false;
    person_of_form(f, &m, cf, m.id == 0 ? birth_place(env, f, cf, &undated) : NULL, &person);
    if ((st = person_create(env, &a, &person)) != VC_OK)
        return st;
    if (asked(j, REG_FIRM_TAX_ID) && (st = firm_join(env, &a, register_value(f, REG_FIRM_TAX_ID),
                                                     register_value(f, REG_FIRM_NAME))) != VC_OK)
        return st == VC_ERR_DENIED ? VC_ERR_CONFLICT : st; /* the invitation went meanwhile */
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
    sodium_memzero(hash, sizeof hash);
    return st;
}

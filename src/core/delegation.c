/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Delegation: companies, firms and their operators, delegations and acting
 * for someone (core/delegation.h); mandates are in core/mandates.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/delegation.h"
#include "core/delegation_common.h"
#include "core/messages.h"
#include "core/pec.h"
#include "core/person.h"
#include "core/repo.h"
#include "core/tax_id.h"
#include "util/str.h"

/* ---- shared ---- */

static void names_of(const struct person *p, char out[PERSON_NAME_MAX + 1])
{
    snprintf(out, PERSON_NAME_MAX + 1, "%s %s", p->given_name, p->family_name);
}

/* The account's names ("" when it has no person row). */
void delegation_account_names(const struct vc_env *env, int64_t account_id,
                              char out[PERSON_NAME_MAX + 1])
{
    struct account a;
    struct person p;
    out[0] = '\0';
    if (repo_account_by_id(env->store, account_id, &a) == VC_OK &&
        person_of_account(env, &a, &p) == VC_OK)
        names_of(&p, out);
}

bool delegation_live(enum delegation_state s)
{
    return s == DELEGATION_PENDING || s == DELEGATION_ACTIVE;
}

/* Whether the account is active and through its journey: it may act. */
bool delegation_account_ready(const struct account *a)
{
    return a->state == ACCOUNT_ACTIVE && a->level >= LEVEL_FULL && a->step[0] == '\0';
}

static enum vc_status audit_account(const struct vc_env *env, int64_t actor_account,
                                    const char *action, const char *object_kind, int64_t object_id,
                                    int64_t concerns, const char *detail)
{
    char actor[64], object[64];
    audit_name("account", actor_account, actor);
    audit_name(object_kind, object_id, object);
    return audit_record(env, actor, NULL, action, object, concerns, detail);
}

/* Mails one account by its username, in its language. */
enum vc_status delegation_mail_account(const struct vc_env *env, int64_t account_id,
                                       const char *template_name, const struct msg_field *fl,
                                       size_t n)
{
    struct account a;
    enum vc_status st = repo_account_by_id(env->store, account_id, &a);
    if (st != VC_OK)
        return st;
    return messages_queue(env, OUTBOX_MAIL, a.username, template_name, a.lang, a.id, fl, n);
}

/* Mails every active administrator of the firm, and `also` (an address the
 * company gave; "" none) unless it is one of theirs. */
static enum vc_status mail_firm(const struct vc_env *env, int64_t firm_id, const char *also,
                                const char *template_name, const struct msg_field *fl, size_t n)
{
    struct firm_member ms[FIRM_MEMBERS_MAX];
    size_t nm = 0;
    enum vc_status st = repo_firm_members_of(env->store, firm_id, ms, FIRM_MEMBERS_MAX, &nm);
    bool told_also = also[0] == '\0';
    for (size_t i = 0; st == VC_OK && i < nm; i++) {
        if (ms[i].role != FIRM_ADMIN || ms[i].state != FIRM_MEMBER_ACTIVE)
            continue;
        struct account a;
        if ((st = repo_account_by_id(env->store, ms[i].account_id, &a)) != VC_OK)
            break;
        told_also = told_also || strcmp(a.username, also) == 0;
        st = messages_queue(env, OUTBOX_MAIL, a.username, template_name, a.lang, a.id, fl, n);
    }
    if (st == VC_OK && !told_also)
        st = messages_queue(env, OUTBOX_MAIL, also, template_name, "it", 0, fl, n);
    return st;
}

/* ---- companies ---- */

static bool is_company(const struct member *m)
{
    return (m->category == MEMBER_PRINCIPAL_FIRM || m->category == MEMBER_AGENT_COMPANY) &&
           partita_iva_valid(m->partita_iva, strlen(m->partita_iva));
}

enum vc_status company_of(const struct vc_env *env, int64_t account_id, struct member *out)
{
    struct account a;
    enum vc_status st = repo_account_by_id(env->store, account_id, &a);
    if (st != VC_OK)
        return st;
    if (a.member_id == 0 || !delegation_account_ready(&a))
        return VC_ERR_NOT_FOUND;
    struct member m;
    if ((st = repo_member_by_id(env->store, a.member_id, &m)) != VC_OK)
        return st;
    if (!is_company(&m))
        return VC_ERR_NOT_FOUND;
    *out = m;
    return VC_OK;
}

/* ---- firms ---- */

enum vc_status firm_of(const struct vc_env *env, int64_t account_id, struct firm *out,
                       struct firm_member *me)
{
    struct firm_member m;
    enum vc_status st = repo_firm_member_of_account(env->store, account_id, &m);
    if (st != VC_OK)
        return st;
    struct firm f;
    if ((st = repo_firm_by_id(env->store, m.firm_id, &f)) != VC_OK)
        return st;
    *out = f;
    if (me != NULL)
        *me = m;
    return VC_OK;
}

/* A firm's name as typed: 1..FIRM_NAME_MAX bytes of clean UTF-8. */
static bool firm_name_ok(const char *s)
{
    size_t n = strlen(s);
    return n > 0 && n <= FIRM_NAME_MAX && str_is_clean_utf8(s, n);
}

enum vc_status firm_join_check(const struct vc_env *env, const char *typed_tax_id,
                               const char *firm_name, const char *email, const char *field,
                               const char *name_field, struct form_errors *errs)
{
    char tax[TAX_ID_MAX + 1];
    const char *msg;
    if (tax_id_normalise(typed_tax_id, strlen(typed_tax_id), tax, &msg) == TAX_ID_INVALID) {
        form_errors_add(errs, field, msg);
        return VC_ERR_INVALID;
    }
    struct firm f;
    enum vc_status st = repo_firm_by_tax_id(env->store, tax, &f);
    if (st == VC_ERR_NOT_FOUND) { /* a new firm: its first operator names it */
        memset(&f, 0, sizeof f);
    } else if (st != VC_OK) {
        return st;
    } else {
        struct firm_member inv;
        st = repo_firm_member_invited(env->store, email, &inv);
        if (st != VC_OK && st != VC_ERR_NOT_FOUND)
            return st;
        if (st != VC_OK || inv.firm_id != f.id) {
            form_errors_add(errs, field, "error.firm.not_invited");
            return VC_ERR_INVALID;
        }
    }
    if (f.name[0] == '\0' && !firm_name_ok(firm_name)) {
        form_errors_add(errs, name_field, "error.firm.name");
        return VC_ERR_INVALID;
    }
    return VC_OK;
}

enum vc_status firm_join(const struct vc_env *env, const struct account *a,
                         const char *typed_tax_id, const char *firm_name)
{
    char tax[TAX_ID_MAX + 1];
    const char *msg;
    if (tax_id_normalise(typed_tax_id, strlen(typed_tax_id), tax, &msg) == TAX_ID_INVALID)
        return VC_ERR_INTERNAL; /* firm_join_check passed */
    int64_t now = env_now(env);
    struct firm f;
    enum vc_status st = repo_firm_by_tax_id(env->store, tax, &f);
    struct firm_member m;
    memset(&m, 0, sizeof m);
    if (st == VC_ERR_NOT_FOUND) {
        memset(&f, 0, sizeof f);
        str_copy(f.tax_id, tax, sizeof f.tax_id);
        str_copy(f.name, firm_name, sizeof f.name);
        f.created_at = now;
        if ((st = repo_firm_insert(env->store, &f)) != VC_OK)
            return st;
        m.firm_id = f.id;
        str_copy(m.email, a->username, sizeof m.email);
        m.role = FIRM_ADMIN;
        m.created_at = now;
    } else if (st == VC_OK) {
        if ((st = repo_firm_member_invited(env->store, a->username, &m)) != VC_OK)
            return st == VC_ERR_NOT_FOUND ? VC_ERR_DENIED : st;
        if (m.firm_id != f.id)
            return VC_ERR_DENIED;
        if (f.name[0] == '\0' && firm_name[0] != '\0') { /* created by a delegation */
            str_copy(f.name, firm_name, sizeof f.name);
            if ((st = repo_firm_update(env->store, &f)) != VC_OK)
                return st;
        }
    } else {
        return st;
    }
    m.account_id = a->id;
    m.state = FIRM_MEMBER_ACTIVE;
    m.updated_at = now;
    st = m.id == 0 ? repo_firm_member_insert(env->store, &m)
                   : repo_firm_member_update(env->store, &m);
    if (st != VC_OK)
        return st;
    return audit_account(env, a->id, "firm.join", "firm", f.id, a->id, firm_role_name(m.role));
}

/* The firm the account administers (its membership in *me). */
static enum vc_status admin_firm(const struct vc_env *env, int64_t account_id, struct firm *f,
                                 struct firm_member *me)
{
    enum vc_status st = firm_of(env, account_id, f, me);
    if (st == VC_ERR_NOT_FOUND || (st == VC_OK && me->role != FIRM_ADMIN))
        return VC_ERR_DENIED;
    return st;
}

enum vc_status firm_invite(const struct vc_env *env, int64_t admin_account_id, const char *email,
                           struct form_errors *errs)
{
    struct firm f;
    struct firm_member me;
    form_errors_init(errs);
    enum vc_status st = admin_firm(env, admin_account_id, &f, &me);
    if (st != VC_OK)
        return st;
    char em[EMAIL_MAX + 1];
    const char *bad = email_normalise(email, strlen(email), em);
    if (bad == NULL && pec_is_pec(em, env->cfg->pec_domains, env->cfg->n_pec_domains))
        bad = "error.email.pec";
    if (bad == NULL) {
        struct firm_member ms[FIRM_MEMBERS_MAX];
        size_t n = 0;
        if ((st = repo_firm_members_of(env->store, f.id, ms, FIRM_MEMBERS_MAX, &n)) != VC_OK)
            return st;
        for (size_t i = 0; i < n && bad == NULL; i++) {
            if (strcmp(ms[i].email, em) == 0)
                bad = "error.firm.already_member";
        }
        if (n == FIRM_MEMBERS_MAX)
            bad = "error.firm.too_many";
    }
    if (bad != NULL) {
        form_errors_add(errs, "email", bad);
        return VC_ERR_INVALID;
    }
    int64_t now = env_now(env);
    struct firm_member m = {.firm_id = f.id,
                            .role = FIRM_OPERATOR,
                            .state = FIRM_MEMBER_INVITED,
                            .invited_by = admin_account_id,
                            .created_at = now,
                            .updated_at = now};
    str_copy(m.email, em, sizeof m.email);
    if ((st = repo_firm_member_insert(env->store, &m)) != VC_OK)
        return st;
    char inviter[PERSON_NAME_MAX + 1];
    delegation_account_names(env, admin_account_id, inviter);
    struct msg_field fl[] = {{"firm_name", f.name},
                             {"firm_tax_id", f.tax_id},
                             {"inviter", inviter},
                             MSG_LINK("register_url", "register_firm")};
    if ((st = messages_queue(env, OUTBOX_MAIL, em, "firm_invitation", "it", 0, fl, 4)) != VC_OK)
        return st;
    return audit_account(env, admin_account_id, "firm.invite", "firm_member", m.id,
                         admin_account_id, em);
}

enum vc_status firm_remove(const struct vc_env *env, int64_t admin_account_id, int64_t member_id)
{
    struct firm f;
    struct firm_member me, m;
    enum vc_status st = admin_firm(env, admin_account_id, &f, &me);
    if (st != VC_OK)
        return st;
    if ((st = repo_firm_member_by_id(env->store, member_id, &m)) != VC_OK)
        return st;
    if (m.firm_id != f.id || m.state == FIRM_MEMBER_REMOVED)
        return VC_ERR_NOT_FOUND;
    if (m.id == me.id)
        return VC_ERR_DENIED;
    m.state = FIRM_MEMBER_REMOVED;
    m.updated_at = env_now(env);
    if ((st = repo_firm_member_update(env->store, &m)) != VC_OK)
        return st;
    return audit_account(env, admin_account_id, "firm.remove", "firm_member", m.id,
                         admin_account_id, m.email);
}

enum vc_status firm_members(const struct vc_env *env, int64_t firm_id, struct firm_member_view *out,
                            size_t max, size_t *out_n)
{
    struct firm_member ms[FIRM_MEMBERS_MAX];
    size_t n = 0;
    enum vc_status st = repo_firm_members_of(env->store, firm_id, ms,
                                             max < FIRM_MEMBERS_MAX ? max : FIRM_MEMBERS_MAX, &n);
    if (st != VC_OK)
        return st;
    for (size_t i = 0; i < n; i++) {
        memset(&out[i], 0, sizeof out[i]);
        out[i].m = ms[i];
        struct account a;
        if (ms[i].account_id == 0)
            continue;
        if ((st = repo_account_by_id(env->store, ms[i].account_id, &a)) != VC_OK)
            return st;
        out[i].ready = delegation_account_ready(&a);
        struct person p;
        if (person_of_account(env, &a, &p) == VC_OK)
            names_of(&p, out[i].name);
    }
    *out_n = n;
    return VC_OK;
}

/* ---- delegations ---- */

enum vc_status delegation_view_of(const struct vc_env *env, const struct delegation *d,
                                  struct delegation_view *v)
{
    memset(v, 0, sizeof *v);
    v->d = *d;
    if (d->firm_id != 0) {
        struct firm f;
        enum vc_status st = repo_firm_by_id(env->store, d->firm_id, &f);
        if (st != VC_OK)
            return st;
        str_copy(v->firm_name, f.name, sizeof v->firm_name);
        str_copy(v->firm_tax_id, f.tax_id, sizeof v->firm_tax_id);
    }
    if (d->agent_account_id != 0)
        delegation_account_names(env, d->agent_account_id, v->agent_name);
    return VC_OK;
}

enum vc_status delegation_views_of(const struct vc_env *env, const struct delegation *ds, size_t n,
                                   struct delegation_view *out, size_t *out_n)
{
    for (size_t i = 0; i < n; i++) {
        enum vc_status st = delegation_view_of(env, &ds[i], &out[i]);
        if (st != VC_OK)
            return st;
    }
    *out_n = n;
    return VC_OK;
}

/* The fields every delegation mail carries. */
#define DELEGATION_FIELDS(d, f)                                                                    \
    {"company_name", (d)->principal_name}, {"company_tax_id", (d)->principal_tax_id},              \
        {"firm_name", (f)->name},                                                                  \
    {                                                                                              \
        "firm_tax_id", (f)->tax_id                                                                 \
    }

enum vc_status delegation_create(const struct vc_env *env, int64_t company_account_id,
                                 const char *typed_tax_id, const char *typed_email,
                                 struct form_errors *errs, int64_t *out_id)
{
    form_errors_init(errs);
    struct member co;
    enum vc_status st = company_of(env, company_account_id, &co);
    if (st == VC_ERR_NOT_FOUND)
        return VC_ERR_DENIED;
    if (st != VC_OK)
        return st;
    char tax[TAX_ID_MAX + 1], em[EMAIL_MAX + 1];
    const char *msg;
    if (tax_id_normalise(typed_tax_id, strlen(typed_tax_id), tax, &msg) == TAX_ID_INVALID)
        form_errors_add(errs, "tax_id", msg);
    else if (strcmp(tax, co.partita_iva) == 0)
        form_errors_add(errs, "tax_id", "error.delegation.self");
    const char *bad = email_normalise(typed_email, strlen(typed_email), em);
    if (bad != NULL)
        form_errors_add(errs, "email", bad);
    if (form_errors_any(errs))
        return VC_ERR_INVALID;
    /* one at a time, checked before anything is written: the caller
     * commits a conflict (app/app.h), so no firm row may be left behind */
    struct delegation *cur = NULL;
    size_t n_cur = 0;
    bool busy = false;
    if ((cur = calloc(DELEGATIONS_MAX, sizeof *cur)) == NULL)
        return VC_ERR_NOMEM;
    st = repo_delegations_of_company(env->store, co.id, cur, DELEGATIONS_MAX, &n_cur);
    for (size_t i = 0; st == VC_OK && i < n_cur; i++)
        busy = busy || delegation_live(cur[i].state);
    free(cur);
    if (st != VC_OK)
        return st;
    if (busy) {
        form_errors_add(errs, "", "error.delegation.one_at_a_time");
        return VC_ERR_CONFLICT;
    }
    int64_t now = env_now(env);
    struct firm f;
    bool registered = true;
    st = repo_firm_by_tax_id(env->store, tax, &f);
    if (st == VC_ERR_NOT_FOUND) { /* invited to register: its first operator administers it */
        registered = false;
        memset(&f, 0, sizeof f);
        str_copy(f.tax_id, tax, sizeof f.tax_id);
        f.created_at = now;
        if ((st = repo_firm_insert(env->store, &f)) != VC_OK)
            return st;
    } else if (st != VC_OK) {
        return st;
    } else { /* registered in name only (an earlier invitation): still an invitation */
        struct firm_member ms[FIRM_MEMBERS_MAX];
        size_t n = 0;
        if ((st = repo_firm_members_of(env->store, f.id, ms, FIRM_MEMBERS_MAX, &n)) != VC_OK)
            return st;
        registered = false;
        for (size_t i = 0; i < n; i++)
            registered = registered || ms[i].state == FIRM_MEMBER_ACTIVE;
    }
    struct delegation d = {.kind = DELEGATION_FIRM,
                           .state = DELEGATION_PENDING,
                           .principal_account_id = company_account_id,
                           .company_member_id = co.id,
                           .firm_id = f.id,
                           .created_at = now,
                           .created_by = company_account_id};
    str_copy(d.principal_tax_id, co.partita_iva, sizeof d.principal_tax_id);
    str_copy(d.principal_name, co.company_name, sizeof d.principal_name);
    str_copy(d.email, em, sizeof d.email);
    st = repo_delegation_insert(env->store, &d);
    if (st == VC_ERR_CONFLICT) {
        form_errors_add(errs, "", "error.delegation.one_at_a_time");
        return VC_ERR_CONFLICT;
    }
    if (st != VC_OK)
        return st;
    if (!registered) {
        struct firm_member inv;
        if (repo_firm_member_invited(env->store, em, &inv) != VC_OK || inv.firm_id != f.id) {
            memset(&inv, 0, sizeof inv);
            inv.firm_id = f.id;
            str_copy(inv.email, em, sizeof inv.email);
            inv.role = FIRM_ADMIN;
            inv.state = FIRM_MEMBER_INVITED;
            inv.invited_by = company_account_id;
            inv.created_at = inv.updated_at = now;
            if ((st = repo_firm_member_insert(env->store, &inv)) != VC_OK)
                return st;
        }
        struct msg_field fl[] = {DELEGATION_FIELDS(&d, &f),
                                 MSG_LINK("register_url", "register_firm")};
        st = messages_queue(env, OUTBOX_MAIL, em, "delegation_invitation", "it", 0, fl, 5);
    } else {
        struct msg_field fl[] = {DELEGATION_FIELDS(&d, &f), MSG_LINK("firm_url", "firm")};
        st = mail_firm(env, f.id, em, "delegation_received", fl, 5);
    }
    if (st != VC_OK)
        return st;
    if ((st = audit_account(env, company_account_id, "delegation.create", "delegation", d.id,
                            company_account_id, f.tax_id)) != VC_OK)
        return st;
    *out_id = d.id;
    return VC_OK;
}

/* The delegation id to the account's firm, the firm, and whether the
 * account administers it. */
static enum vc_status firm_side(const struct vc_env *env, int64_t account_id, int64_t id,
                                struct delegation *d, struct firm *f)
{
    struct firm_member me;
    enum vc_status st = firm_of(env, account_id, f, &me);
    if (st == VC_ERR_NOT_FOUND)
        return VC_ERR_NOT_FOUND;
    if (st != VC_OK)
        return st;
    if ((st = repo_delegation_by_id(env->store, id, d)) != VC_OK)
        return st;
    if (d->kind != DELEGATION_FIRM || d->firm_id != f->id)
        return VC_ERR_NOT_FOUND;
    if (me.role != FIRM_ADMIN)
        return VC_ERR_DENIED;
    struct account a;
    if ((st = repo_account_by_id(env->store, account_id, &a)) != VC_OK)
        return st;
    return delegation_account_ready(&a) ? VC_OK : VC_ERR_DENIED;
}

/* The firm decides a pending delegation. */
static enum vc_status firm_decides(const struct vc_env *env, int64_t account_id, int64_t id,
                                   bool accept)
{
    struct delegation d;
    struct firm f;
    enum vc_status st = firm_side(env, account_id, id, &d, &f);
    if (st != VC_OK)
        return st;
    if (d.state != DELEGATION_PENDING)
        return VC_ERR_DENIED;
    d.state = accept ? DELEGATION_ACTIVE : DELEGATION_REFUSED;
    d.decided_at = env_now(env);
    d.decided_by = account_id;
    if ((st = repo_delegation_update(env->store, &d)) != VC_OK)
        return st;
    struct msg_field fl[] = {DELEGATION_FIELDS(&d, &f), MSG_LINK("delegations_url", "delegations")};
    if ((st = delegation_mail_account(env, d.principal_account_id,
                                      accept ? "delegation_accepted" : "delegation_refused", fl,
                                      5)) != VC_OK)
        return st;
    /* the company's history shows the firm's answer */
    return audit_account(env, account_id, accept ? "delegation.accept" : "delegation.refuse",
                         "delegation", d.id, d.principal_account_id, f.name);
}

enum vc_status delegation_accept(const struct vc_env *env, int64_t firm_account_id, int64_t id)
{
    return firm_decides(env, firm_account_id, id, true);
}

enum vc_status delegation_refuse(const struct vc_env *env, int64_t firm_account_id, int64_t id)
{
    return firm_decides(env, firm_account_id, id, false);
}

/* A delegation ends: its state, who and when, and the application logins
 * made under it. */
enum vc_status delegation_end(const struct vc_env *env, struct delegation *d,
                              enum delegation_state state, int64_t by)
{
    d->state = state;
    d->ended_at = env_now(env);
    d->ended_by = by;
    enum vc_status st = repo_delegation_update(env->store, d);
    if (st == VC_OK)
        st = repo_oidc_grants_revoke_acting(env->store, d->id, d->ended_at);
    return st;
}

enum vc_status delegation_revoke(const struct vc_env *env, int64_t company_account_id, int64_t id)
{
    struct member co;
    enum vc_status st = company_of(env, company_account_id, &co);
    if (st == VC_ERR_NOT_FOUND)
        return VC_ERR_DENIED;
    if (st != VC_OK)
        return st;
    struct delegation d;
    if ((st = repo_delegation_by_id(env->store, id, &d)) != VC_OK)
        return st;
    if (d.kind != DELEGATION_FIRM || d.company_member_id != co.id)
        return VC_ERR_NOT_FOUND;
    if (d.state != DELEGATION_PENDING && d.state != DELEGATION_ACTIVE)
        return VC_ERR_DENIED;
    if ((st = delegation_end(env, &d, DELEGATION_REVOKED, company_account_id)) != VC_OK)
        return st;
    struct firm f;
    if ((st = repo_firm_by_id(env->store, d.firm_id, &f)) != VC_OK)
        return st;
    struct msg_field fl[] = {DELEGATION_FIELDS(&d, &f)};
    if ((st = mail_firm(env, f.id, d.email, "delegation_revoked", fl, 4)) != VC_OK)
        return st;
    return audit_account(env, company_account_id, "delegation.revoke", "delegation", d.id,
                         company_account_id, f.tax_id);
}

enum vc_status delegation_renounce(const struct vc_env *env, int64_t firm_account_id, int64_t id)
{
    struct delegation d;
    struct firm f;
    enum vc_status st = firm_side(env, firm_account_id, id, &d, &f);
    if (st != VC_OK)
        return st;
    if (d.state != DELEGATION_ACTIVE)
        return VC_ERR_DENIED;
    if ((st = delegation_end(env, &d, DELEGATION_RENOUNCED, firm_account_id)) != VC_OK)
        return st;
    struct msg_field fl[] = {DELEGATION_FIELDS(&d, &f), MSG_LINK("delegations_url", "delegations")};
    if ((st = delegation_mail_account(env, d.principal_account_id, "delegation_renounced", fl,
                                      5)) != VC_OK)
        return st;
    return audit_account(env, firm_account_id, "delegation.renounce", "delegation", d.id,
                         d.principal_account_id, f.name);
}

enum vc_status delegations_of_company(const struct vc_env *env, int64_t company_account_id,
                                      struct delegation_view *out, size_t max, size_t *out_n)
{
    struct member co;
    enum vc_status st = company_of(env, company_account_id, &co);
    if (st == VC_ERR_NOT_FOUND)
        return VC_ERR_DENIED;
    if (st != VC_OK)
        return st;
    struct delegation ds[DELEGATIONS_MAX];
    size_t n = 0;
    if ((st = repo_delegations_of_company(
             env->store, co.id, ds, max < DELEGATIONS_MAX ? max : DELEGATIONS_MAX, &n)) != VC_OK)
        return st;
    return delegation_views_of(env, ds, n, out, out_n);
}

enum vc_status delegations_of_firm(const struct vc_env *env, int64_t firm_account_id,
                                   struct delegation_view *out, size_t max, size_t *out_n)
{
    struct firm f;
    enum vc_status st = firm_of(env, firm_account_id, &f, NULL);
    if (st == VC_ERR_NOT_FOUND)
        return VC_ERR_DENIED;
    if (st != VC_OK)
        return st;
    struct delegation ds[DELEGATIONS_MAX];
    size_t n = 0;
    if ((st = repo_delegations_of_firm(env->store, f.id, ds,
                                       max < DELEGATIONS_MAX ? max : DELEGATIONS_MAX, &n)) != VC_OK)
        return st;
    return delegation_views_of(env, ds, n, out, out_n);
}

/* ---- acting ---- */

enum vc_status acting_check(const struct vc_env *env, int64_t account_id, int64_t delegation_id,
                            struct acting *out)
{
    struct delegation d;
    enum vc_status st = repo_delegation_by_id(env->store, delegation_id, &d);
    if (st == VC_ERR_NOT_FOUND)
        return VC_ERR_DENIED;
    if (st != VC_OK)
        return st;
    if (d.state != DELEGATION_ACTIVE || d.principal_account_id == 0)
        return VC_ERR_DENIED;
    struct account agent, principal;
    if ((st = repo_account_by_id(env->store, account_id, &agent)) != VC_OK)
        return st;
    if (!delegation_account_ready(&agent))
        return VC_ERR_DENIED;
    struct acting a;
    memset(&a, 0, sizeof a);
    if (d.kind == DELEGATION_FIRM) {
        struct firm f;
        st = firm_of(env, account_id, &f, NULL);
        if (st == VC_ERR_NOT_FOUND || (st == VC_OK && f.id != d.firm_id))
            return VC_ERR_DENIED;
        if (st != VC_OK)
            return st;
        str_copy(a.firm_name, f.name, sizeof a.firm_name);
    } else if (d.agent_account_id != account_id) {
        return VC_ERR_DENIED;
    }
    if ((st = repo_account_by_id(env->store, d.principal_account_id, &principal)) != VC_OK)
        return st == VC_ERR_NOT_FOUND ? VC_ERR_DENIED : st;
    if (principal.state != ACCOUNT_ACTIVE)
        return VC_ERR_DENIED;
    a.d = d;
    a.principal_account_id = d.principal_account_id;
    str_copy(a.principal_name, d.principal_name, sizeof a.principal_name);
    str_copy(a.principal_tax_id, d.principal_tax_id, sizeof a.principal_tax_id);
    a.agent_account_id = account_id;
    struct person p;
    if ((st = person_of_account(env, &agent, &p)) != VC_OK)
        return st;
    names_of(&p, a.agent_name);
    *out = a;
    return VC_OK;
}

enum vc_status acting_options(const struct vc_env *env, int64_t account_id, struct acting *out,
                              size_t max, size_t *out_n)
{
    struct delegation ds[DELEGATIONS_MAX];
    size_t n = 0, k = 0;
    struct firm f;
    enum vc_status st = firm_of(env, account_id, &f, NULL);
    if (st == VC_OK)
        st = repo_delegations_of_firm(env->store, f.id, ds, DELEGATIONS_MAX, &n);
    else if (st == VC_ERR_NOT_FOUND)
        st = repo_delegations_of_agent(env->store, account_id, ds, DELEGATIONS_MAX, &n);
    if (st != VC_OK)
        return st;
    for (size_t i = 0; i < n && k < max; i++) {
        if (ds[i].state != DELEGATION_ACTIVE)
            continue;
        st = acting_check(env, account_id, ds[i].id, &out[k]);
        if (st == VC_OK)
            k++;
        else if (st != VC_ERR_DENIED)
            return st;
    }
    *out_n = k;
    return VC_OK;
}

enum vc_status acting_start(const struct vc_env *env, int64_t account_id, int64_t delegation_id,
                            struct acting *out)
{
    enum vc_status st = acting_check(env, account_id, delegation_id, out);
    if (st == VC_OK)
        st = acting_audit(env, out, "acting.start", NULL, NULL);
    return st;
}

enum vc_status acting_end(const struct vc_env *env, int64_t account_id, const struct acting *a)
{
    if (a->agent_account_id != account_id)
        return VC_ERR_INTERNAL;
    return acting_audit(env, a, "acting.end", NULL, NULL);
}

enum vc_status acting_audit(const struct vc_env *env, const struct acting *a, const char *action,
                            const char *object, const char *detail)
{
    char actor[64], behalf[64], who[512]; /* audit_record keeps the first 255 bytes */
    audit_name("account", a->agent_account_id, actor);
    audit_name("account", a->principal_account_id, behalf);
    if (a->firm_name[0] != '\0')
        snprintf(who, sizeof who, "%s, %s%s%.200s", a->agent_name, a->firm_name, detail ? ": " : "",
                 detail ? detail : "");
    else
        snprintf(who, sizeof who, "%s%s%.200s", a->agent_name, detail ? ": " : "",
                 detail ? detail : "");
    return audit_record(env, actor, behalf, action, object != NULL ? object : behalf,
                        a->principal_account_id, who);
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* A procurator's mandates for a person (core/delegation.h): submitted with
 * the document, checked in the back office as a case, the PIN for the
 * person, revoked by the person or renounced by the procurator. */
#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "core/cases.h"
#include "core/codice_fiscale.h"
#include "core/delegation.h"
#include "core/delegation_common.h"
#include "core/messages.h"
#include "core/pec.h"
#include "core/person.h"
#include "core/repo.h"
#include "util/str.h"

enum vc_status mandate_submit(const struct vc_env *env, int64_t procurator_account_id,
                              const char *typed_cf, const char *given_name, const char *family_name,
                              const struct case_document *doc, struct form_errors *errs,
                              int64_t *out_id)
{
    form_errors_init(errs);
    struct account me;
    enum vc_status st = repo_account_by_id(env->store, procurator_account_id, &me);
    if (st != VC_OK)
        return st;
    if (!delegation_account_ready(&me))
        return VC_ERR_DENIED;
    char cf[CF_LEN + 1], norm[CF_LEN + 1] = "";
    enum cf_result r = cf_validate(typed_cf, strlen(typed_cf), cf);
    if (typed_cf[0] == '\0')
        form_errors_add(errs, "codice_fiscale", "error.cf.missing");
    else if (r != CF_OK)
        form_errors_add(errs, "codice_fiscale", cf_result_msg(r));
    else {
        cf_normalise(cf, norm);
        if (strcmp(norm, me.cf_norm) == 0)
            form_errors_add(errs, "codice_fiscale", "error.mandate.self");
    }
    size_t gl = strlen(given_name), fl = strlen(family_name);
    if (gl == 0 || gl > NAME_MAX_LEN || !str_is_clean_utf8(given_name, gl))
        form_errors_add(errs, "given_name", "error.person.name");
    if (fl == 0 || fl > NAME_MAX_LEN || !str_is_clean_utf8(family_name, fl))
        form_errors_add(errs, "family_name", "error.person.name");
    if (form_errors_any(errs))
        return VC_ERR_INVALID;
    struct delegation ds[DELEGATIONS_MAX];
    size_t n = 0;
    if ((st = repo_delegations_of_agent(env->store, procurator_account_id, ds, DELEGATIONS_MAX,
                                        &n)) != VC_OK)
        return st;
    for (size_t i = 0; i < n; i++) {
        if (delegation_live(ds[i].state) && strcmp(ds[i].principal_tax_id, norm) == 0) {
            form_errors_add(errs, "codice_fiscale", "error.mandate.exists");
            return VC_ERR_CONFLICT;
        }
    }
    int64_t now = env_now(env);
    struct delegation d = {.kind = DELEGATION_MANDATE,
                           .state = DELEGATION_PENDING,
                           .agent_account_id = procurator_account_id,
                           .created_at = now,
                           .created_by = procurator_account_id};
    str_copy(d.principal_tax_id, norm, sizeof d.principal_tax_id);
    snprintf(d.principal_name, sizeof d.principal_name, "%s %s", given_name, family_name);
    struct account principal;
    st = repo_account_by_cf_norm(env->store, norm, &principal);
    if (st == VC_OK)
        d.principal_account_id = principal.id;
    else if (st != VC_ERR_NOT_FOUND)
        return st;
    if ((st = repo_delegation_insert(env->store, &d)) != VC_OK)
        return st;
    struct id_case c = {.account_id = procurator_account_id,
                        .status = CASE_RECEIVED,
                        .channel = doc->channel,
                        .created_at = now,
                        .received_at = now,
                        .due_at = now + env->cfg->case_due_seconds,
                        .delegation_id = d.id};
    str_copy(c.step, "mandate", sizeof c.step);
    if ((st = case_new_number(env, "PR", c.number)) != VC_OK ||
        (st = repo_case_insert(env->store, &c)) != VC_OK)
        return st;
    struct case_document cd = *doc;
    cd.case_id = c.id;
    cd.received_at = now;
    if ((st = repo_case_document_insert(env->store, &cd)) != VC_OK)
        return st;
    d.case_id = c.id;
    if ((st = repo_delegation_update(env->store, &d)) != VC_OK)
        return st;
    char actor[64], object[64];
    audit_name("account", procurator_account_id, actor);
    audit_name("delegation", d.id, object);
    if ((st = audit_record(env, actor, NULL, "mandate.submit", object, procurator_account_id,
                           c.number)) != VC_OK)
        return st;
    *out_id = d.id;
    return VC_OK;
}

enum vc_status mandate_decided(const struct vc_env *env, const struct id_case *c)
{
    struct delegation d;
    enum vc_status st = repo_delegation_by_id(env->store, c->delegation_id, &d);
    if (st != VC_OK)
        return st;
    if (d.kind != DELEGATION_MANDATE || d.state != DELEGATION_PENDING)
        return VC_ERR_INTERNAL;
    bool ok = c->status == CASE_ACCEPTED;
    d.state = ok ? DELEGATION_ACTIVE : DELEGATION_REFUSED;
    d.decided_at = c->decided_at;
    d.decided_by = c->operator_id;
    if ((st = repo_delegation_update(env->store, &d)) != VC_OK)
        return st;
    struct account agent;
    struct person p;
    if ((st = repo_account_by_id(env->store, d.agent_account_id, &agent)) != VC_OK ||
        (st = person_of_account(env, &agent, &p)) != VC_OK)
        return st;
    struct msg_field fl[] = {{"given_name", p.given_name},
                             {"person_name", d.principal_name},
                             {"case_number", c->number},
                             {"reasons", ok ? "" : c->reasons},
                             MSG_LINK("mandates_url", "mandates")};
    return delegation_mail_account(env, d.agent_account_id,
                                   ok ? "mandate_accepted" : "mandate_rejected", fl, 5);
}

/* A mandate ends by one of its sides; the other is told. */
static enum vc_status mandate_end(const struct vc_env *env, int64_t by, int64_t id, bool person)
{
    struct delegation d;
    enum vc_status st = repo_delegation_by_id(env->store, id, &d);
    if (st != VC_OK)
        return st;
    if (d.kind != DELEGATION_MANDATE ||
        (person ? d.principal_account_id : d.agent_account_id) != by || by == 0)
        return VC_ERR_NOT_FOUND;
    if (!delegation_live(d.state))
        return VC_ERR_DENIED;
    if ((st = delegation_end(env, &d, person ? DELEGATION_REVOKED : DELEGATION_RENOUNCED, by)) !=
        VC_OK)
        return st;
    char agent[PERSON_NAME_MAX + 1];
    delegation_account_names(env, d.agent_account_id, agent);
    struct msg_field fl[] = {{"person_name", d.principal_name}, {"procurator_name", agent}};
    int64_t other = person ? d.agent_account_id : d.principal_account_id;
    if (other != 0 &&
        (st = delegation_mail_account(env, other, person ? "mandate_revoked" : "mandate_renounced",
                                      fl, 2)) != VC_OK)
        return st;
    char actor[64], object[64];
    audit_name("account", by, actor);
    audit_name("delegation", d.id, object);
    st = audit_record(env, actor, NULL, person ? "mandate.revoke" : "mandate.renounce", object,
                      d.principal_account_id != 0 ? d.principal_account_id : by, d.principal_name);
    if (st == VC_OK && d.principal_account_id != 0 && !person) /* the procurator's history too */
        st = audit_record(env, actor, NULL, "mandate.renounce", object, by, d.principal_name);
    return st;
}

enum vc_status mandate_revoke(const struct vc_env *env, int64_t person_account_id, int64_t id)
{
    return mandate_end(env, person_account_id, id, true);
}

enum vc_status mandate_renounce(const struct vc_env *env, int64_t procurator_account_id, int64_t id)
{
    return mandate_end(env, procurator_account_id, id, false);
}

enum vc_status mandates_on(const struct vc_env *env, int64_t person_account_id,
                           struct delegation_view *out, size_t max, size_t *out_n)
{
    struct delegation ds[DELEGATIONS_MAX];
    size_t n = 0, k = 0;
    enum vc_status st =
        repo_delegations_of_principal(env->store, person_account_id, ds, DELEGATIONS_MAX, &n);
    for (size_t i = 0; st == VC_OK && i < n && k < max; i++) {
        if (ds[i].kind == DELEGATION_MANDATE)
            st = delegation_view_of(env, &ds[i], &out[k++]);
    }
    if (st == VC_OK)
        *out_n = k;
    return st;
}

enum vc_status mandates_of(const struct vc_env *env, int64_t procurator_account_id,
                           struct delegation_view *out, size_t max, size_t *out_n)
{
    struct delegation ds[DELEGATIONS_MAX];
    size_t n = 0;
    enum vc_status st = repo_delegations_of_agent(
        env->store, procurator_account_id, ds, max < DELEGATIONS_MAX ? max : DELEGATIONS_MAX, &n);
    if (st != VC_OK)
        return st;
    return delegation_views_of(env, ds, n, out, out_n);
}

enum vc_status mandate_for(const struct vc_env *env, int64_t procurator_account_id, const char *cf,
                           struct delegation *out)
{
    char up[CF_LEN + 1], norm[CF_LEN + 1];
    if (cf_validate(cf, strlen(cf), up) != CF_OK)
        return VC_ERR_DENIED;
    cf_normalise(up, norm);
    struct delegation ds[DELEGATIONS_MAX];
    size_t n = 0;
    enum vc_status st =
        repo_delegations_of_agent(env->store, procurator_account_id, ds, DELEGATIONS_MAX, &n);
    if (st != VC_OK)
        return st;
    for (size_t i = 0; i < n; i++) {
        if (ds[i].state == DELEGATION_ACTIVE && strcmp(ds[i].principal_tax_id, norm) == 0) {
            *out = ds[i];
            return VC_OK;
        }
    }
    return VC_ERR_DENIED;
}

enum vc_status mandate_request_pin(const struct vc_env *env, int64_t procurator_account_id,
                                   const struct register_form *f, struct form_errors *errs,
                                   int64_t *out_account_id)
{
    form_errors_init(errs);
    struct delegation d;
    enum vc_status st =
        mandate_for(env, procurator_account_id, register_value(f, REG_CODICE_FISCALE), &d);
    if (st != VC_OK)
        return st;
    struct account me;
    if ((st = repo_account_by_id(env->store, procurator_account_id, &me)) != VC_OK)
        return st;
    char em[EMAIL_MAX + 1];
    const char *typed = register_value(f, REG_EMAIL);
    if (email_normalise(typed, strlen(typed), em) == NULL && strcmp(em, me.username) == 0) {
        form_errors_add(errs, "email", "error.mandate.own_email"); /* the person's, not ours */
        return VC_ERR_INVALID;
    }
    int64_t id = 0;
    if ((st = account_register(env, f, errs, &id)) != VC_OK)
        return st;
    if (id == 0) /* the person had an account already: its owner was told */
        return VC_OK;
    if ((st = repo_delegations_link_principal(env->store, d.principal_tax_id, id)) != VC_OK)
        return st;
    char actor[64], behalf[64];
    audit_name("account", procurator_account_id, actor);
    audit_name("account", id, behalf);
    if ((st = audit_record(env, actor, behalf, "mandate.pin_request", behalf, id, NULL)) != VC_OK)
        return st;
    *out_account_id = id;
    return VC_OK;
}

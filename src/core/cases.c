/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Cases of every kind (core/cases.h): queue, view, documents, decision. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "core/cases.h"
#include "core/journey.h"
#include "core/person.h"
#include "core/repo.h"
#include "util/str.h"

enum vc_status cases_queue(const struct vc_env *env, const char *step, struct id_case *out,
                           size_t max, size_t *out_n)
{
    return repo_case_queue(env->store, step != NULL ? step : "", out, max, out_n);
}

enum vc_status case_person(const struct vc_env *env, const struct id_case *c, struct person *out)
{
    struct account acc;
    enum vc_status st = repo_account_by_id(env->store, c->account_id, &acc);
    return st == VC_OK ? person_of_account(env, &acc, out) : st;
}

bool case_is_overdue(const struct id_case *c, int64_t now)
{
    return c->status == CASE_RECEIVED && c->due_at != 0 && now > c->due_at;
}

/* Who looked at a person's identity data, and when (GDPR art. 30, 32:
 * access to identity documents is traceable). */
static enum vc_status audit_view(const struct vc_env *env, int64_t operator_id,
                                 const struct id_case *c, const char *action, int64_t doc_id)
{
    char who[64], obj[64], detail[32] = "";
    audit_name("operator", operator_id, who);
    audit_name("case", c->id, obj);
    if (doc_id != 0)
        snprintf(detail, sizeof detail, "document:%" PRId64, doc_id);
    return audit_record(env, who, NULL, action, obj, c->account_id, detail);
}

enum vc_status case_view(const struct vc_env *env, int64_t operator_id, int64_t case_id,
                         struct case_view *out)
{
    enum vc_status st = repo_case_by_id(env->store, case_id, &out->c);
    if (st == VC_OK)
        st = repo_account_by_id(env->store, out->c.account_id, &out->acc);
    memset(&out->member, 0, sizeof out->member);
    if (st == VC_OK && out->acc.member_id != 0)
        st = repo_member_by_id(env->store, out->acc.member_id, &out->member);
    if (st == VC_OK)
        st = person_of_account(env, &out->acc, &out->person);
    out->n_docs = 0;
    if (st == VC_OK)
        st = repo_case_documents(env->store, case_id, out->docs, out->max_docs, &out->n_docs);
    out->n_facts = 0;
    const struct step_kind *k = step_kind_find(out->c.step);
    if (st == VC_OK && k != NULL && k->case_facts != NULL)
        out->n_facts = k->case_facts(env, &out->c, out->facts, CASE_FACTS_MAX);
    if (st == VC_OK)
        st = audit_view(env, operator_id, &out->c, "case.view", 0);
    return st;
}

enum vc_status case_document(const struct vc_env *env, int64_t operator_id, int64_t case_id,
                             int64_t doc_id, struct case_document *out)
{
    struct case_document d;
    struct id_case c;
    enum vc_status st = repo_case_document_by_id(env->store, doc_id, &d);
    if (st != VC_OK)
        return st;
    if (d.case_id != case_id)
        return VC_ERR_NOT_FOUND;
    if ((st = repo_case_by_id(env->store, case_id, &c)) != VC_OK ||
        (st = audit_view(env, operator_id, &c, "case.document.view", doc_id)) != VC_OK)
        return st;
    *out = d;
    return VC_OK;
}

enum vc_status case_decide(const struct vc_env *env, int64_t operator_id, int64_t case_id,
                           bool accept, const char *reasons, struct form_errors *errs)
{
    form_errors_init(errs);
    if (!accept) {
        size_t n = reasons ? strlen(reasons) : 0;
        if (n == 0 || n > CASE_REASONS_MAX || !str_is_clean_utf8(reasons, n)) {
            form_errors_add(errs, "motivi",
                            n == 0 ? "error.reasons.missing" : "error.reasons.long");
            return VC_ERR_INVALID;
        }
    }
    struct id_case c;
    enum vc_status st = repo_case_by_id(env->store, case_id, &c);
    if (st != VC_OK)
        return st;
    if (c.status != CASE_RECEIVED)
        return VC_ERR_DENIED;
    /* Separation of duties: who recorded the document under decision (a
     * receipt by email or fax, a desk's recognition) does not decide it. */
    struct case_document latest;
    size_t n = 0;
    if ((st = repo_case_documents(env->store, c.id, &latest, 1, &n)) != VC_OK)
        return st;
    if (n == 1 && latest.recorded_by == operator_id)
        return VC_ERR_CONFLICT;
    c.status = accept ? CASE_ACCEPTED : CASE_REJECTED;
    c.decided_at = env_now(env);
    c.operator_id = operator_id;
    str_copy(c.reasons, accept ? "" : reasons, sizeof c.reasons);
    if ((st = repo_case_update(env->store, &c)) != VC_OK)
        return st;
    char who[64], obj[64];
    audit_name("operator", operator_id, who);
    audit_name("case", c.id, obj);
    st = audit_record(env, who, NULL, accept ? "case.accept" : "case.reject", obj, c.account_id,
                      c.step);
    if (st != VC_OK)
        return st;
    const struct step_kind *k = step_kind_find(c.step);
    if (VC_NEVER(k == NULL || k->case_decided == NULL))
        return VC_ERR_INTERNAL;
    struct account acc;
    if ((st = repo_account_by_id(env->store, c.account_id, &acc)) != VC_OK)
        return st;
    return k->case_decided(env, &acc, &c);
}

enum vc_status case_new_number(const struct vc_env *env, const char *prefix, char out[24])
{
    int64_t seq = 0;
    enum vc_status st = repo_case_next_number(env->store, &seq);
    if (st != VC_OK)
        return st;
    struct calendar_local l;
    calendar_to_local(env_now(env), &l);
    snprintf(out, 24, "%.3s-%04d-%06" PRId64, prefix, l.year, seq % 1000000);
    return VC_OK;
}

enum vc_status case_account(const struct vc_env *env, int64_t case_id, int64_t *out)
{
    struct id_case c;
    enum vc_status st = repo_case_by_id(env->store, case_id, &c);
    if (st == VC_OK)
        *out = c.account_id;
    return st;
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/audit.h"
#include "core/journey.h"
#include "core/messages.h"
#include "core/person.h"
#include "core/repo.h"
#include "core/steps/id_form.h"
#include "util/str.h"

static enum vc_status load(const struct vc_env *env, int64_t account_id, struct account *acc,
                           struct member *m)
{
    enum vc_status st = repo_account_by_id(env->store, account_id, acc);
    memset(m, 0, sizeof *m);
    if (st == VC_OK && acc->member_id != 0)
        st = repo_member_by_id(env->store, acc->member_id, m);
    return st;
}

static enum vc_status enter(const struct vc_env *env, struct account *acc,
                            const struct step_ref *at)
{
    (void)at;
    struct id_case c;
    enum vc_status st = repo_case_by_account(env->store, acc->id, "id_form", &c);
    if (st == VC_OK)
        return VC_OK; /* a journey entering the step again keeps its case */
    if (st != VC_ERR_NOT_FOUND)
        return st;
    int64_t seq = 0;
    if ((st = repo_case_next_number(env->store, &seq)) != VC_OK)
        return st;
    memset(&c, 0, sizeof c);
    time_t now = (time_t)env_now(env);
    struct tm tm;
    gmtime_r(&now, &tm);
    snprintf(c.number, sizeof c.number, "ID-%04d-%06" PRId64, tm.tm_year + 1900, seq % 1000000);
    c.account_id = acc->id;
    str_copy(c.step, "id_form", sizeof c.step);
    c.status = CASE_AWAITING;
    c.created_at = env_now(env);
    if ((st = repo_case_insert(env->store, &c)) != VC_OK)
        return st;
    struct person p;
    if ((st = person_of_account(env, acc, &p)) != VC_OK)
        return st;
    struct msg_field f[] = {
        {"given_name", p.given_name},     {"case_number", c.number},
        MSG_LINK("form_url", "id_form"),  {"form_email", env->cfg->form_email},
        {"form_fax", env->cfg->form_fax},
    };
    return messages_queue(env, OUTBOX_MAIL, acc->username, "id_form_instructions", acc->lang,
                          acc->id, f, sizeof f / sizeof f[0]);
}

const struct step_kind step_id_form = {.name = "id_form", .enter = enter};

enum vc_status id_form_case(const struct vc_env *env, int64_t account_id, struct id_case *out)
{
    struct account acc;
    enum vc_status st = repo_account_by_id(env->store, account_id, &acc);
    if (st != VC_OK)
        return st;
    if (!acc.email_confirmed)
        return VC_ERR_DENIED;
    st = repo_case_by_account(env->store, account_id, "id_form", out);
    return st == VC_ERR_NOT_FOUND ? VC_ERR_DENIED : st;
}

/* A document arrives (upload or operator receipt): the case waits for an operator. */
static enum vc_status receive(const struct vc_env *env, struct id_case *c,
                              const struct id_form_doc *doc, int64_t operator_id, const char *actor)
{
    if (c->status != CASE_AWAITING && c->status != CASE_REJECTED)
        return VC_ERR_DENIED;
    struct case_document d = {
        .case_id = c->id,
        .channel = doc->channel,
        .size = doc->size,
        .received_at = env_now(env),
        .recorded_by = operator_id,
    };
    str_copy(d.blob, doc->blob, sizeof d.blob);
    str_copy(d.sha256, doc->sha256, sizeof d.sha256);
    str_copy(d.mime, doc->mime, sizeof d.mime);
    enum vc_status st = repo_case_document_insert(env->store, &d);
    if (st != VC_OK)
        return st;
    c->status = CASE_RECEIVED;
    c->channel = doc->channel;
    c->received_at = env_now(env);
    c->due_at = c->received_at + env->cfg->case_due_seconds;
    c->reasons[0] = '\0';
    if ((st = repo_case_update(env->store, c)) != VC_OK)
        return st;
    char obj[64];
    audit_name("case", c->id, obj);
    st = audit_record(env, actor, NULL, "case.received", obj, c->account_id,
                      case_channel_name(doc->channel));
    if (st != VC_OK)
        return st;
    struct account acc;
    struct person p;
    if ((st = repo_account_by_id(env->store, c->account_id, &acc)) != VC_OK ||
        (st = person_of_account(env, &acc, &p)) != VC_OK)
        return st;
    struct msg_field f[] = {{"given_name", p.given_name}, {"case_number", c->number}};
    return messages_queue(env, OUTBOX_MAIL, acc.username, "id_form_received", acc.lang, acc.id, f,
                          2);
}

enum vc_status id_form_submit(const struct vc_env *env, int64_t account_id,
                              const struct id_form_doc *doc)
{
    struct id_case c;
    enum vc_status st = id_form_case(env, account_id, &c);
    if (st != VC_OK)
        return st;
    char who[64];
    audit_name("account", account_id, who);
    return receive(env, &c, doc, 0, who);
}

enum vc_status id_form_record_receipt(const struct vc_env *env, int64_t operator_id,
                                      int64_t case_id, const struct id_form_doc *doc)
{
    struct id_case c;
    enum vc_status st = repo_case_by_id(env->store, case_id, &c);
    if (st != VC_OK)
        return st;
    char who[64];
    audit_name("operator", operator_id, who);
    return receive(env, &c, doc, operator_id, who);
}

static enum vc_status decide(const struct vc_env *env, int64_t operator_id, int64_t case_id,
                             enum case_status to, const char *reasons)
{
    struct id_case c;
    enum vc_status st = repo_case_by_id(env->store, case_id, &c);
    if (st != VC_OK)
        return st;
    if (c.status != CASE_RECEIVED)
        return VC_ERR_DENIED;
    /* Separation of duties: who recorded the document under decision (a
     * receipt by email or fax) does not decide it. */
    struct case_document latest;
    size_t n = 0;
    if ((st = repo_case_documents(env->store, c.id, &latest, 1, &n)) != VC_OK)
        return st;
    if (n == 1 && latest.recorded_by == operator_id)
        return VC_ERR_CONFLICT;
    c.status = to;
    c.decided_at = env_now(env);
    c.operator_id = operator_id;
    str_copy(c.reasons, reasons ? reasons : "", sizeof c.reasons);
    if ((st = repo_case_update(env->store, &c)) != VC_OK)
        return st;
    char who[64], obj[64];
    audit_name("operator", operator_id, who);
    audit_name("case", c.id, obj);
    st = audit_record(env, who, NULL, to == CASE_ACCEPTED ? "case.accept" : "case.reject", obj,
                      c.account_id, NULL);
    if (st != VC_OK)
        return st;
    struct account acc;
    struct person m;
    if ((st = repo_account_by_id(env->store, c.account_id, &acc)) != VC_OK ||
        (st = person_of_account(env, &acc, &m)) != VC_OK)
        return st;
    if (to == CASE_ACCEPTED) {
        struct msg_field f[] = {{"given_name", m.given_name}, {"case_number", c.number}};
        st = messages_queue(env, OUTBOX_MAIL, acc.username, "id_form_accepted", acc.lang, acc.id, f,
                            2);
        if (st == VC_OK && journey_at(env, &acc, "id_form"))
            st = journey_complete(env, &acc, "id_form", NULL);
        return st;
    }
    struct msg_field f[] = {{"given_name", m.given_name},
                            {"case_number", c.number},
                            {"reasons", c.reasons},
                            MSG_LINK("form_url", "id_form")};
    return messages_queue(env, OUTBOX_MAIL, acc.username, "id_form_rejected", acc.lang, acc.id, f,
                          4);
}

enum vc_status id_form_accept(const struct vc_env *env, int64_t operator_id, int64_t case_id)
{
    return decide(env, operator_id, case_id, CASE_ACCEPTED, NULL);
}

enum vc_status id_form_reject(const struct vc_env *env, int64_t operator_id, int64_t case_id,
                              const char *reasons, struct form_errors *errs)
{
    form_errors_init(errs);
    size_t n = reasons ? strlen(reasons) : 0;
    if (n == 0 || n > ID_FORM_REASONS_MAX || !str_is_clean_utf8(reasons, n)) {
        form_errors_add(errs, "motivi", n == 0 ? "error.reasons.missing" : "error.reasons.long");
        return VC_ERR_INVALID;
    }
    return decide(env, operator_id, case_id, CASE_REJECTED, reasons);
}

enum vc_status id_form_queue(const struct vc_env *env, struct id_case *out, size_t max,
                             size_t *out_n)
{
    return repo_case_queue(env->store, out, max, out_n);
}

enum vc_status id_form_case_member(const struct vc_env *env, const struct id_case *c,
                                   struct member *out)
{
    struct account acc;
    return load(env, c->account_id, &acc, out);
}

bool id_form_is_overdue(const struct id_case *c, int64_t now)
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
        snprintf(detail, sizeof detail, "document:%lld", (long long)doc_id);
    return audit_record(env, who, NULL, action, obj, c->account_id, detail);
}

enum vc_status id_form_case_view(const struct vc_env *env, int64_t operator_id, int64_t case_id,
                                 struct id_case *out_case, struct account *out_acc,
                                 struct member *out_member, struct case_document *docs, size_t max,
                                 size_t *n_docs)
{
    enum vc_status st = repo_case_by_id(env->store, case_id, out_case);
    if (st == VC_OK)
        st = load(env, out_case->account_id, out_acc, out_member);
    if (st == VC_OK)
        st = repo_case_documents(env->store, case_id, docs, max, n_docs);
    if (st == VC_OK)
        st = audit_view(env, operator_id, out_case, "case.view", 0);
    return st;
}

enum vc_status id_form_document(const struct vc_env *env, int64_t operator_id, int64_t case_id,
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

enum vc_status id_form_case_by_number(const struct vc_env *env, const char *number,
                                      struct id_case *out)
{
    return repo_case_by_number(env->store, number, out);
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Step `id_form` (core/steps/id_form.h): the form's case, its documents by
 * upload or receipt, and what the back office's decision does. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/audit.h"
#include "core/cases.h"
#include "core/journey.h"
#include "core/messages.h"
#include "core/person.h"
#include "core/repo.h"
#include "core/steps/id_form.h"
#include "util/str.h"

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
    memset(&c, 0, sizeof c);
    if ((st = case_new_number(env, "ID", c.number)) != VC_OK)
        return st;
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

/* The back office decided the case (core/cases.h): the person is told; an
 * accepted form moves the journey on (the activation letter). */
static enum vc_status case_decided(const struct vc_env *env, struct account *acc,
                                   const struct id_case *c)
{
    struct person m;
    enum vc_status st = person_of_account(env, acc, &m);
    if (st != VC_OK)
        return st;
    if (c->status == CASE_ACCEPTED) {
        struct msg_field f[] = {{"given_name", m.given_name}, {"case_number", c->number}};
        st = messages_queue(env, OUTBOX_MAIL, acc->username, "id_form_accepted", acc->lang, acc->id,
                            f, 2);
        if (st == VC_OK && journey_at(env, acc, "id_form"))
            st = journey_complete(env, acc, "id_form", NULL);
        return st;
    }
    struct msg_field f[] = {{"given_name", m.given_name},
                            {"case_number", c->number},
                            {"reasons", c->reasons},
                            MSG_LINK("form_url", "id_form")};
    return messages_queue(env, OUTBOX_MAIL, acc->username, "id_form_rejected", acc->lang, acc->id,
                          f, 4);
}

const struct step_kind step_id_form = {
    .name = "id_form", .enter = enter, .case_decided = case_decided, .case_receipts = true};

enum vc_status id_form_accept(const struct vc_env *env, int64_t operator_id, int64_t case_id)
{
    struct form_errors fe;
    return case_decide(env, operator_id, case_id, true, NULL, &fe);
}

enum vc_status id_form_reject(const struct vc_env *env, int64_t operator_id, int64_t case_id,
                              const char *reasons, struct form_errors *errs)
{
    return case_decide(env, operator_id, case_id, false, reasons, errs);
}

enum vc_status id_form_case_by_number(const struct vc_env *env, const char *number,
                                      struct id_case *out)
{
    return repo_case_by_number(env->store, number, out);
}

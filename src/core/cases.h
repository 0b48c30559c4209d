/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Cases for the back office, of every kind (DESIGN.md "Cases have kinds"):
 * a step whose evidence an operator must check opens one -- `id_form` (a
 * signed form and a document), `in_person` (what a desk recorded at the
 * appointment). The case row names its step; what every kind shares lives
 * here: the queue by deadline, the case as an operator sees it (each view
 * audited), its documents, and the decision with separation of duties.
 * After the decision the step that owns the case (its step_kind's
 * case_decided, core/journey.h) tells the person and moves the journey;
 * what the page shows beyond the documents comes from its case_facts.
 *
 *   RECEIVED ──case_decide(accept)──▶ ACCEPTED ─▶ step: mail, journey advances
 *            └─case_decide(reject, reasons)──▶ REJECTED ─▶ step: mail with the
 *              reasons; the person may try again (a new RECEIVED) */
#ifndef VARCO_CORE_CASES_H
#define VARCO_CORE_CASES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/env.h"
#include "core/form.h"
#include "core/types.h"

#define CASE_REASONS_MAX 512
#define CASE_QUEUE_MAX 200
#define CASE_FACTS_MAX 12

/* Cases waiting for a decision, of that step ("" every kind), oldest
 * deadline first. */
enum vc_status cases_queue(const struct vc_env *env, const char *step, struct id_case *out,
                           size_t max, size_t *out_n);

/* The person behind a case (names for the queue and the page). */
enum vc_status case_person(const struct vc_env *env, const struct id_case *c, struct person *out);

/* True when a RECEIVED case is past its due time. */
bool case_is_overdue(const struct id_case *c, int64_t now);

/* Everything the operator's case page shows: the case, the account, the
 * person, the registry record (empty without a registry), the documents
 * (newest first, at most max_docs) and the step's facts. Writes: each view
 * is audited with the operator and the person concerned. */
struct case_view {
    struct id_case c;
    struct account acc;
    struct person person;
    struct member member;
    struct case_document *docs; /* the caller's array */
    size_t max_docs, n_docs;
    struct case_fact facts[CASE_FACTS_MAX];
    size_t n_facts;
};
enum vc_status case_view(const struct vc_env *env, int64_t operator_id, int64_t case_id,
                         struct case_view *out);

/* One document of a case (NOT_FOUND if it belongs to another case);
 * audited like the case view. */
enum vc_status case_document(const struct vc_env *env, int64_t operator_id, int64_t case_id,
                             int64_t doc_id, struct case_document *out);

/* The decision: accept, or reject with reasons (1..CASE_REASONS_MAX bytes
 * of clean UTF-8, else VC_ERR_INVALID with errs on "motivi").
 * VC_ERR_DENIED when the case is not waiting for a decision; VC_ERR_CONFLICT
 * when operator_id recorded the document under decision (another operator
 * decides). Audited; then the owning step's case_decided runs. */
enum vc_status case_decide(const struct vc_env *env, int64_t operator_id, int64_t case_id,
                           bool accept, const char *reasons, struct form_errors *errs);

/* The next case number with that prefix and this year: "ID-2026-000042". */
/* The account a case is about (for acting on the account from the case's
 * page); no view is recorded. */
enum vc_status case_account(const struct vc_env *env, int64_t case_id, int64_t *out);
enum vc_status case_new_number(const struct vc_env *env, const char *prefix, char out[24]);

#endif

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Step `id_form` (seed 001): the modulo di identificazione personale exists
 * only after the email is confirmed; the person prints it, signs it and
 * returns it with an identity document by upload, email or fax (operators
 * record the last two); an operator accepts or rejects it with reasons
 * within 48 hours of receipt; a rejected person may send again.
 *
 *   enter ──▶ AWAITING ──submit/receipt──▶ RECEIVED ──accept──▶ ACCEPTED (journey advances)
 *                           ▲                  └──reject──▶ REJECTED ─┐
 *                           └───────────── submit/receipt ────────────┘
 * Bytes of documents never pass through core: the caller stores them in the
 * blob store and passes their description. */
#ifndef VARCO_CORE_STEPS_ID_FORM_H
#define VARCO_CORE_STEPS_ID_FORM_H

#include <stddef.h>
#include <stdint.h>

#include "core/env.h"
#include "core/form.h"
#include "core/journey.h"
#include "core/types.h"

extern const struct step_kind step_id_form;

/* The description of a stored document. */
struct id_form_doc {
    enum case_channel channel;
    char blob[HASH_HEX];
    char sha256[HASH_HEX];
    char mime[32];
    int64_t size;
};

/* The case of the account's id_form step (created on entering the step).
 * VC_ERR_DENIED if the email is not confirmed yet or the step is not reached. */
enum vc_status id_form_case(const struct vc_env *env, int64_t account_id, struct id_case *out);

/* The person's upload. VC_ERR_DENIED unless the case is AWAITING or REJECTED
 * (a second upload while RECEIVED waits for the operator). Audited. */
enum vc_status id_form_submit(const struct vc_env *env, int64_t account_id,
                              const struct id_form_doc *doc);

/* An operator records a receipt by email or fax with the scan. Same state rule. */
enum vc_status id_form_record_receipt(const struct vc_env *env, int64_t operator_id,
                                      int64_t case_id, const struct id_form_doc *doc);

/* The decision on the case (core/cases.h: case_decide), for callers that
 * know the case is an id_form one. Accept: the journey advances (the
 * activation letter is queued). Reject with reasons: the person is mailed
 * them and may send again. */
enum vc_status id_form_accept(const struct vc_env *env, int64_t operator_id, int64_t case_id);
enum vc_status id_form_reject(const struct vc_env *env, int64_t operator_id, int64_t case_id,
                              const char *reasons, struct form_errors *errs);

/* The case with the number printed on the form (operators' receipts). */
enum vc_status id_form_case_by_number(const struct vc_env *env, const char *number,
                                      struct id_case *out);
#endif

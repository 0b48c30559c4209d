/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Step `contract_otp` (issue 13; seed 002, SPID InfoCert): the person reads
 * the contract (a PDF with their data and the clauses), ticks each clause
 * that needs acceptance, gives the mobile number of record, and signs with
 * a 6-digit code sent by SMS; varco seals the signed contract with its own
 * key (crypto/pdf_seal.h) and keeps the evidence.
 *
 *   enter ─▶ (nothing sent) ──contract_send_code──▶ PENDING: the document as
 *            it is now is stored (blob, SHA-256), the code is bound to that
 *            hash (10 minutes, single use, 5 attempts) and sent by SMS
 *   PENDING ──a new code──▶ PENDING: the previous code void; a new code
 *            waits CONTRACT_WAIT_BASE s after the second, doubling each time
 *   PENDING ──contract_sign(right code)──▶ SIGNED: the sealed PDF kept with
 *            its hash, the phone, the time and the address; journey advances
 *            └─wrong code: an attempt spent; none left: a new code is needed
 *
 * Bytes never pass through core: the caller renders and stores the
 * document before asking a code, and seals and stores the signed one before
 * giving the typed code; on any refusal it removes what it stored. The
 * code is a secret of the outbox (wiped once the SMS is delivered). */
#ifndef VARCO_CORE_STEPS_CONTRACT_OTP_H
#define VARCO_CORE_STEPS_CONTRACT_OTP_H

#include <stdbool.h>
#include <stdint.h>

#include "core/env.h"
#include "core/form.h"
#include "core/journey.h"
#include "core/types.h"

#define CONTRACT_OTP_SECONDS 600 /* DESIGN.md §5: SMS OTP, 10 minutes */
#define CONTRACT_OTP_ATTEMPTS 5
#define CONTRACT_WAIT_BASE 30 /* seconds before the third code; doubles after */
#define CONTRACT_WAIT_MAX 3600
#define CONTRACT_CLAUSES_N 4

extern const struct step_kind step_contract_otp;

/* The clauses that need the person's acceptance, by id (catalogue keys
 * contract.clause.<id>): truthful data, general terms, privacy, and the
 * onerous clauses that Italian law wants approved one by one (c.c. artt.
 * 1341-1342). */
extern const char *const CONTRACT_CLAUSES[CONTRACT_CLAUSES_N];

/* The person's contract; VC_ERR_NOT_FOUND before the first code. */
enum vc_status contract_of(const struct vc_env *env, int64_t account_id, struct contract *out);

/* A code for the document the caller stored (blob, SHA-256 hex): every
 * clause accepted (errs "clausola_<id>"), a mobile number (errs "mobile",
 * kept as the person's number of record, E.164). VC_ERR_DENIED unless at
 * this step; VC_ERR_LIMIT with *out_next_at when a new code must wait.
 * out_old_blob gets a previous pending document to remove ("" none). */
struct contract_request {
    bool accepted[CONTRACT_CLAUSES_N];
    const char *mobile;
    const char *pdf_blob;
    const char *pdf_sha256;
};
enum vc_status contract_send_code(const struct vc_env *env, const struct account *acc,
                                  const struct contract_request *r, struct form_errors *errs,
                                  int64_t *out_next_at, char out_old_blob[HASH_HEX]);

/* The signed document as the caller sealed and stored it. */
struct contract_sealed {
    const char *blob;
    const char *sha256;
    int64_t size;
};

/* The typed code signs the pending contract: VC_OK (SIGNED, audited, the
 * journey advanced: *out says); VC_ERR_DENIED wrong (*out_attempts_left);
 * VC_ERR_LIMIT none left, VC_ERR_EXPIRED, VC_ERR_NOT_FOUND no code, or
 * VC_ERR_CONFLICT the code confirms another document: each means a new code
 * is needed (errs "codice" says which). */
enum vc_status contract_sign(const struct vc_env *env, struct account *acc, const char *typed,
                             const struct contract_sealed *sealed, struct form_errors *errs,
                             int *out_attempts_left, struct journey_outcome *out);

#endif

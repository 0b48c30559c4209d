/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The personal code (seed 004, Istanze online): a second secret beside the
 * password, held by accounts whose journey has a `temp_code` step. It opens
 * the pending area once, and then confirms operations (changing the email
 * or the password). The step that issues and replaces it is
 * core/steps/temp_code.h; this file is the credential: its rows, its
 * checks, its attempts. No HTTP, no SQL, no clock of its own.
 *
 *   personal_code_issue ──▶ [temporary] (keyed hash, PERSONAL_CODE_ATTEMPTS)
 *        │  typed right once: confirmed_at set (the mailbox is proven)
 *        ▼
 *   personal_code_choose ──▶ [chosen] (argon2id; every older row voided)
 *
 * Invariants:
 *  1. Only hashes are stored: a temporary code as a keyed hash
 *     (crypto/token.h: 60 random bits, not worth argon2id), a chosen one as
 *     argon2id (crypto/password.h), like the INPS personal PIN.
 *  2. A wrong code spends one attempt of the row it was checked against and
 *     counts against the codes' throttle ("code" + account); at 0 attempts
 *     the row is voided and a new temporary code must be asked for.
 *  3. A new temporary code voids earlier temporary ones, never the chosen
 *     one: that stays valid until the new code replaces it (a thief of the
 *     password asking for a new code does not lock the person out).
 *  4. What confirms an operation is the chosen code, or the temporary one
 *     while there is no chosen code. */
#ifndef VARCO_CORE_PERSONAL_CODE_H
#define VARCO_CORE_PERSONAL_CODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/env.h"
#include "core/form.h"
#include "core/types.h"
#include "util/status.h"

#define PERSONAL_CODE_TEMP_LEN 12 /* from CODE_ALPHABET, as the activation code (NIST 800-63A) */
#define PERSONAL_CODE_ATTEMPTS 5
/* At most this many temporary codes in any 24 hours: each is a new round of
 * PERSONAL_CODE_ATTEMPTS guesses, and a mail. */
#define PERSONAL_CODE_ISSUES_PER_DAY 3

/* Whether acc's journey uses a personal code (it has a temp_code step). */
bool personal_code_applies(const struct vc_env *env, const struct account *acc);

/* A new temporary code for the account (invariant 3). out_code gets the
 * plaintext (PERSONAL_CODE_TEMP_LEN characters) for the mail; the caller
 * wipes it. VC_ERR_LIMIT past PERSONAL_CODE_ISSUES_PER_DAY. */
enum vc_status personal_code_issue(const struct vc_env *env, int64_t account_id,
                                   char out_code[PERSONAL_CODE_TEMP_LEN + 1]);

/* "ABCD-EFGH-JKLM": the temporary code as it is mailed (out: 15 bytes). */
void personal_code_spaced(const char *code, char out[PERSONAL_CODE_TEMP_LEN + 3]);

/* Checks a typed temporary code (spaces, dashes and case ignored) against
 * the account's current temporary code, in one write transaction (a keyed
 * hash: no worker needed). VC_OK: right (confirmed_at set if it was not;
 * *out is the row, may be NULL). VC_ERR_DENIED: wrong, one attempt spent
 * (*out_attempts_left). VC_ERR_LIMIT: no attempts left (the row is now
 * void), or throttled (*env->retry_after > 0, nothing spent).
 * VC_ERR_NOT_FOUND: no usable temporary code. Audited. */
enum vc_status personal_code_check_temporary(const struct vc_env *env, int64_t account_id,
                                             const char *typed, int *out_attempts_left,
                                             struct personal_code *out);

/* Stores the chosen code's argon2id hash and voids every other row. */
enum vc_status personal_code_choose(const struct vc_env *env, int64_t account_id,
                                    const char *argon2id_hash);

/* The code that confirms an operation, in the three phases of the doors
 * that hash off the request thread (core/password_change.h):
 *   prepare (write): whether one is asked (personal_code_applies), that it
 *            was typed (errs on "personal_code"), the throttle; copies the
 *            row to check.
 *   verify  (none): keyed hash or argon2id.
 *   settle  (write): a wrong code spends an attempt (invariant 2), audited,
 *            errs on "personal_code", VC_ERR_DENIED. */
struct personal_code_proof {
    bool asked; /* false: the journey has no personal code; all VC_OK */
    int64_t account_id;
    int64_t code_id; /* the row checked */
    bool is_temporary;
    char hash[128];        /* its hash at prepare time */
    const uint8_t *pepper; /* env->cfg->pepper (immutable after start) */
    bool verified;
};
/* VC_ERR_INVALID (errs), VC_ERR_LIMIT (throttled). */
enum vc_status personal_code_prepare(const struct vc_env *env, const struct account *acc,
                                     const char *typed, struct form_errors *errs,
                                     struct personal_code_proof *out);
void personal_code_verify(struct personal_code_proof *p, const char *typed);
enum vc_status personal_code_settle(const struct vc_env *env, const struct personal_code_proof *p,
                                    struct form_errors *errs);

#endif

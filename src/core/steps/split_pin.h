/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Step `split_pin` (seed 003, INPS PIN): a PIN of SPLIT_PIN_LEN characters
 * from the unambiguous alphabet, in two halves -- the first at once by email
 * (and by SMS when the person gave a mobile), or shown once on screen by a
 * contact-centre operator who has checked the caller's identity; the second
 * by registered letter to the residence. The person logs in with codice
 * fiscale + the whole PIN (spaces and case ignored) and must then choose a
 * personal PIN: that completes the step.
 *
 *   enter / split_pin_issue ──▶ [issued] (a code "pin", keyed hash only)
 *     ──login with the whole PIN (core/account.c)──▶ must choose a PIN
 *     ──pin_change_finish──▶ personal PIN set, issued PIN spent, step done
 *
 * The issued PIN is 75 random bits: stored as a keyed hash like every
 * issued secret (crypto/token.h), not as a password hash; the personal PIN
 * the person chooses is a password (argon2id, the profile's policy). A new
 * PIN (lost PIN) voids the previous issued one; a personal PIN stays valid
 * until the new PIN is used. The halves are never stored or shown again in
 * clear: the outbox wipes them once delivered. */
#ifndef VARCO_CORE_STEPS_SPLIT_PIN_H
#define VARCO_CORE_STEPS_SPLIT_PIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/env.h"
#include "core/form.h"
#include "core/journey.h"
#include "core/throttle.h"

#define SPLIT_PIN_LEN 16
#define SPLIT_PIN_HALF 8
#define SPLIT_PIN_SECONDS (90 * 86400) /* a registered letter may wait at the post office */

extern const struct step_kind step_split_pin;

/* How the first half reaches the person. */
enum pin_delivery {
    PIN_BY_MAIL,   /* email, and SMS when there is a mobile */
    PIN_ON_SCREEN, /* an operator reads it out; copied into out_first_half */
};

/* Issues a new PIN for acc (see above). out_first_half (PIN_ON_SCREEN only,
 * else may be NULL) gets the first half; the caller shows it once and wipes
 * it. Audited with the actor ("system" or the operator). */
enum vc_status split_pin_issue(const struct vc_env *env, const struct account *acc,
                               enum pin_delivery how, int64_t operator_id,
                               char out_first_half[SPLIT_PIN_HALF + 1]);

/* The typed PIN (spaces, dashes and case ignored) matches the issued hash:
 * a keyed hash and a constant-time compare, no store. */
bool split_pin_matches(const uint8_t pepper[32], const char *issued_hash, const char *typed,
                       size_t len);

/* Lost PIN (seed 003): a new PIN for the account of that codice fiscale,
 * the same way. The same answer whether or not an account exists; counted
 * against the recovery throttle. VC_ERR_INVALID (errs on codice_fiscale),
 * VC_ERR_LIMIT. */
enum vc_status split_pin_recover(const struct vc_env *env, const char *cf,
                                 struct form_errors *errs);

/* The contact centre (seed 003): an operator, having checked the caller's
 * identity by phone, issues a new PIN for the account of that codice
 * fiscale; the first half goes to the screen. VC_ERR_NOT_FOUND when there is
 * no account of a PIN journey for it. */
enum vc_status split_pin_by_operator(const struct vc_env *env, int64_t operator_id, const char *cf,
                                     char out_first_half[SPLIT_PIN_HALF + 1],
                                     char out_tracking[24]);

/* The personal PIN, in three phases like a password change:
 *   check  (write): the rules (errs on pin, pin_confirm); only for an
 *          account that must choose one now.
 *   hash   (no transaction): argon2id.
 *   finish (write): stored, the issued PIN spent, the step completed (*out
 *          says what the engine did), a notice mailed. */
struct pin_change {
    int64_t account_id;
    char new_hash[128];
};
enum vc_status pin_change_check(const struct vc_env *env, int64_t account_id, const char *pin,
                                const char *confirm, struct form_errors *errs,
                                struct pin_change *out);
enum vc_status pin_change_hash(struct pin_change *pc, const char *pin);
enum vc_status pin_change_finish(const struct vc_env *env, const struct pin_change *pc,
                                 struct journey_outcome *out);

#endif

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Step `postal_code` (seeds 000, 001): on entering, an activation code of
 * ACTIVATION_CODE_LEN characters is generated and a letter is queued to the
 * residence address of the registry (never an address the person typed).
 * The person logs in and types it: 30 days, 5 attempts (configurable), then
 * the code is void and a new letter must be asked for. */
#ifndef VARCO_CORE_STEPS_POSTAL_CODE_H
#define VARCO_CORE_STEPS_POSTAL_CODE_H

#include <stddef.h>
#include <stdint.h>

#include "core/env.h"
#include "core/journey.h"

extern const struct step_kind step_postal_code;

/* VC_OK: the step is done (*out, may be NULL: what the engine did next --
 * with enasarco the journey is over). VC_ERR_DENIED: wrong code,
 * *out_attempts_left remain. VC_ERR_LIMIT: no attempts left, the code is
 * void. VC_ERR_EXPIRED. VC_ERR_NOT_FOUND: no active code (ask for a new
 * letter). Every attempt is audited. Throttled (core/throttle.h: the
 * account or the address failed too often): VC_ERR_LIMIT as well, with
 * *env->retry_after > 0 and nothing spent. */
enum vc_status postal_code_enter(const struct vc_env *env, int64_t account_id, const char *typed,
                                 size_t len, int *out_attempts_left, struct journey_outcome *out);

/* At most this many letters in any 30 days: the first and three asked for
 * again. Each letter is a code sent in clear through the post, and after
 * five wrong codes a new one would otherwise be a new round of guesses. */
#define POSTAL_CODE_LETTERS_PER_30_DAYS 4

/* A new code and letter, voiding the old code. Allowed when there is no
 * usable code (void, expired) or the last letter is older than 7 days
 * (else VC_ERR_LIMIT), and when fewer than POSTAL_CODE_LETTERS_PER_30_DAYS
 * went out in the last 30 days (else VC_ERR_CONFLICT, audited, and
 * *out_next_at says from when another may be asked for). */
enum vc_status postal_code_new_letter(const struct vc_env *env, int64_t account_id,
                                      int64_t *out_next_at);

/* Where the account's code stands, for the page: VC_OK (usable,
 * *out_attempts_left remain), VC_ERR_EXPIRED, VC_ERR_NOT_FOUND (void or none:
 * a new letter may be asked for). */
enum vc_status postal_code_state(const struct vc_env *env, int64_t account_id,
                                 int *out_attempts_left);
#endif

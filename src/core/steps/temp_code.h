/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Step `temp_code` (seed 004, Istanze online), which occurs twice in the
 * istanze journey: the engine says which occurrence is active
 * (journey_occurrence), the step does the rest. The credential itself --
 * rows, hashes, attempts -- is core/personal_code.h.
 *
 *   1st occurrence, enter(): a temporary personal code is issued and mailed
 *     with the operating instructions and the link to the adhesion form
 *     (the PDF to print and sign at the desk).
 *     ──temp_code_enter (the right code)──▶ done; the mailbox is proven;
 *     the engine enters the next step (in_person).
 *   2nd occurrence, enter(): the person is told they are enabled.
 *     Forced (step_kind.forced): until it is done, the person's session
 *     opens only its page; the login lands on it.
 *     ──temp_code_replace_* (the temporary code + one of their choosing,
 *     argon2id on the hashing workers)──▶ done; the engine finishes the
 *     journey (level full).
 *   After the journey: "Recupero codice personale" (temp_code_reissue)
 *     mails a new temporary code, which is forced to be replaced the same
 *     way; the chosen code keeps confirming operations until then.
 *
 * No page names and no URLs here: messages name their links. */
#ifndef VARCO_CORE_STEPS_TEMP_CODE_H
#define VARCO_CORE_STEPS_TEMP_CODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/env.h"
#include "core/form.h"
#include "core/journey.h"
#include "core/personal_code.h"

extern const struct step_kind step_temp_code;

/* What the personal code's page asks of the account now. */
enum temp_code_task {
    TEMP_CODE_NONE,    /* nothing (the journey elsewhere; or over, with a chosen code) */
    TEMP_CODE_ENTER,   /* the 1st occurrence: type the temporary code */
    TEMP_CODE_REPLACE, /* forced: replace the temporary code with one's own */
};

struct temp_code_state {
    enum temp_code_task task;
    bool usable;       /* a temporary code with attempts left exists */
    int attempts_left; /* of that code */
    bool journey_over; /* the full area: "Recupero codice personale" is offered */
};
enum vc_status temp_code_state(const struct vc_env *env, int64_t account_id,
                               struct temp_code_state *out);

/* The 1st occurrence: the typed temporary code. VC_OK: the step is done
 * (*out: what the engine did next). VC_ERR_DENIED: wrong,
 * *out_attempts_left remain. VC_ERR_LIMIT: the code is void now, or
 * throttled (*env->retry_after > 0, nothing spent). VC_ERR_NOT_FOUND: no
 * usable code (ask for a new one). VC_ERR_CONFLICT: not the task now. */
enum vc_status temp_code_enter(const struct vc_env *env, int64_t account_id, const char *typed,
                               int *out_attempts_left, struct journey_outcome *out);

/* A new temporary code to the email of record (never the old one: only
 * its hash exists): while a task asks one (the code void or lost), or
 * after the journey ("Recupero codice personale"), which then forces its
 * replacement. VC_ERR_DENIED when the account has no personal code or the
 * journey is at another step; VC_ERR_LIMIT past
 * PERSONAL_CODE_ISSUES_PER_DAY. Audited. */
enum vc_status temp_code_reissue(const struct vc_env *env, int64_t account_id);

/* The replacement, in three phases like a password change:
 *   check  (write): the task is REPLACE (else VC_ERR_CONFLICT); the new
 *          code against the profile's policy and the person's data (errs on
 *          "code", "code_confirm"); then the temporary code (errs on
 *          "temp_code"; a wrong one spends an attempt: VC_ERR_DENIED, or
 *          VC_ERR_LIMIT when it is void now or throttled).
 *   hash   (no transaction): argon2id of the new code.
 *   finish (write): stored, every other code void, the occurrence
 *          completed when the journey is at it (*out), a notice mailed. */
struct temp_code_replace {
    int64_t account_id;
    int64_t temp_id; /* the temporary code checked */
    char new_hash[128];
};
enum vc_status temp_code_replace_check(const struct vc_env *env, int64_t account_id,
                                       const char *temp, const char *code, const char *confirm,
                                       struct form_errors *errs, int *out_attempts_left,
                                       struct temp_code_replace *out);
enum vc_status temp_code_replace_hash(struct temp_code_replace *r, const char *code);
enum vc_status temp_code_replace_finish(const struct vc_env *env, const struct temp_code_replace *r,
                                        struct journey_outcome *out);

#endif

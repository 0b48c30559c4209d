/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The journey engine: moves an account through its profile's steps.
 *
 *   register ──journey_start──▶ step 1 [active] ──journey_advance──▶ step 2
 *   [active] ... last step ──journey_advance──▶ finished: step = "",
 *   state ACTIVE, level FULL
 *
 * Invariants: 1. exactly one step is active while the journey runs, and it is
 * account.step; 2. steps complete only in profile order; 3. entering a step
 * runs that step's enter() in the same transaction (mails, codes, letters).
 * Each step lives in core/steps/<name>.c and registers a struct step. */
#ifndef VARCO_CORE_JOURNEY_H
#define VARCO_CORE_JOURNEY_H

#include <stddef.h>

#include "core/env.h"
#include "core/types.h"
#include "util/status.h"

struct step {
    const char *name;
    /* Called when the journey reaches this step; may queue messages, create
     * cases or codes. May update acc (the engine saves it afterwards). */
    enum vc_status (*enter)(const struct vc_env *env, struct account *acc);
};

/* The step implementation of that name, or NULL. */
const struct step *step_find(const char *name);

/* Creates the step rows for acc's profile, marks the one after `register`
 * active and enters it. `register` itself is recorded as done. */
enum vc_status journey_start(const struct vc_env *env, struct account *acc);

/* Completes `step` (which must be acc->step, else VC_ERR_DENIED) and enters
 * the next one, or finishes the journey. Saves acc. Audited. */
enum vc_status journey_advance(const struct vc_env *env, struct account *acc, const char *step);

/* For the limited menu: the steps of acc's journey with their status. */
enum vc_status journey_view(const struct vc_env *env, const struct account *acc,
                            struct journey_step *out, size_t max, size_t *out_n);

#endif

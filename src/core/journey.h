/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The journey engine: moves an account through its journey's steps
 * (core/profile.h) and owns the journey's end.
 *
 *   registration ──journey_start──▶ 1st step [active] ──journey_complete──▶
 *   next step [active] ... last step ──journey_complete──▶ finished:
 *   step = "", state ACTIVE, the level the steps granted, the journey's
 *   final message queued
 *
 * Invariants:
 *  1. Exactly one step occurrence is active while the journey runs, and its
 *     id is account.step; occurrences complete only in the journey's order.
 *  2. Entering an occurrence runs its step's enter() in the same
 *     transaction (mails, codes, letters, cases).
 *  3. Only the engine changes an account's level and state along the
 *     journey, and it says so in struct journey_outcome: the caller that
 *     acts for the person rotates the session (web/), whatever step it was.
 *  4. No step and no handler knows which step is last.
 * Each step lives in core/steps/<kind>.c and exports a struct step_kind. */
#ifndef VARCO_CORE_JOURNEY_H
#define VARCO_CORE_JOURNEY_H

#include <stdbool.h>
#include <stddef.h>

#include "core/env.h"
#include "core/profile.h"
#include "core/types.h"
#include "util/status.h"

struct step_kind {
    const char *name; /* "postal_code" */
    /* The journey reached an occurrence of this step: may queue messages,
     * create codes or cases, update acc (the engine saves it). NULL: none. */
    enum vc_status (*enter)(const struct vc_env *env, struct account *acc,
                            const struct step_ref *at);
    /* Steps that post a letter: whether one is on its way, and sending it
     * again to the person's residence now (the person moved). NULL: none. */
    bool (*letter_pending)(const struct vc_env *env, const struct account *acc);
    enum vc_status (*resend_letter)(const struct vc_env *env, struct account *acc,
                                    int64_t *out_next_at);
    /* Steps that open cases for the back office (core/cases.h): the case c
     * of this step was decided (its status and reasons say how): tell the
     * person, move the journey. NULL: the step opens no case. */
    enum vc_status (*case_decided)(const struct vc_env *env, struct account *acc,
                                   const struct id_case *c);
    /* What the case page shows of this step's evidence beyond documents:
     * at most max facts; returns how many. NULL: none. */
    size_t (*case_facts)(const struct vc_env *env, const struct id_case *c, struct case_fact *out,
                         size_t max);
    bool case_receipts; /* operators record its documents received by email or fax */
    /* Whether the person must do this step before anything else (a
     * temporary code to replace): their session then opens only the page
     * of its occurrence, and the login lands there. active is the active
     * occurrence, of any kind, or NULL when the journey is over (a step may
     * force itself again after it: a code issued anew). NULL: never. */
    bool (*forced)(const struct vc_env *env, const struct account *acc,
                   const struct step_ref *active);
};

/* The step implementation of that kind, or NULL. */
const struct step_kind *step_kind_find(const char *kind);

/* The i-th step implementation, or NULL past the last (the back office's
 * queue lists the kinds that open cases). */
const struct step_kind *step_kind_at(size_t i);

/* What completing a step did, for the caller. */
struct journey_outcome {
    bool finished;            /* the journey is over */
    bool level_changed;       /* the caller acting for the person rotates the session */
    enum account_level level; /* the account's level now */
    const char *page;         /* the named page of what to do now ("area" when finished) */
};

/* The journey the account follows (its profile's, by the account's journey
 * name); never NULL for an account of this deployment's profile. */
const struct journey_def *journey_of(const struct vc_env *env, const struct account *acc);

/* The active occurrence, or NULL when the journey is over. */
const struct step_ref *journey_active(const struct vc_env *env, const struct account *acc);

/* Which occurrence of its kind `at` is in the journey: 0 for the first,
 * 1 for the second ... (one step kind serving two occurrences tells them
 * apart by this, never by their ids). */
size_t journey_occurrence(const struct journey_def *j, const struct step_ref *at);

/* The named page the person must go to before anything else (a step's
 * forced()), or NULL. Reads the store. */
/* Whether any journey of profile p has a step that may force its page
 * (step_kind.forced): when none, nobody owes one, and the session check
 * need not read the account for it. */
bool journey_profile_forces(const struct profile *p);

const char *journey_forced_page(const struct vc_env *env, const struct account *acc);

/* True when the active occurrence is of that step kind. */
bool journey_at(const struct vc_env *env, const struct account *acc, const char *kind);

/* Creates the step rows of acc's journey, records `register` done, makes
 * the next occurrence active and enters it. */
enum vc_status journey_start(const struct vc_env *env, struct account *acc);

/* Completes the active occurrence, which must be of step kind `kind` (else
 * VC_ERR_DENIED), and enters the next one -- or finishes the journey. Saves
 * acc; out (may be NULL) says what changed. Audited. */
enum vc_status journey_complete(const struct vc_env *env, struct account *acc, const char *kind,
                                struct journey_outcome *out);

/* Whether the active step has a letter on its way to the residence. */
bool journey_letter_pending(const struct vc_env *env, const struct account *acc);

/* Sends the active step's letter again, to the person's residence as it is
 * now. VC_ERR_DENIED when the step posts no letter or none is on its way;
 * VC_ERR_CONFLICT when the step's limit of letters is reached (*out_next_at
 * says from when). */
enum vc_status journey_resend_letter(const struct vc_env *env, struct account *acc,
                                     int64_t *out_next_at);

/* For the limited area: the occurrences of acc's journey with their status,
 * in the journey's order. */
enum vc_status journey_view(const struct vc_env *env, const struct account *acc,
                            struct journey_step *out, size_t max, size_t *out_n);

#endif

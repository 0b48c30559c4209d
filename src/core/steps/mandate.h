/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Case kind `mandate` (seed 003, core/delegation.h): the back office's check
 * of a procurator's mandate (procura) for a person. Not a step of any
 * journey: mandate_submit opens the case, outside any journey, on the
 * procurator's account; the decision goes to mandate_decided, and the case
 * page shows whom the mandate is for.
 *
 *   mandate_submit ──▶ RECEIVED ──accept──▶ ACCEPTED (mandate ACTIVE)
 *                          └─────reject──▶ REJECTED (mandate REFUSED; a new
 *                                          mandate_submit opens a new case) */
#ifndef VARCO_CORE_STEPS_MANDATE_H
#define VARCO_CORE_STEPS_MANDATE_H

#include <stdint.h>

#include "core/env.h"
#include "core/journey.h"
#include "core/types.h"
#include "util/status.h"

extern const struct step_kind step_mandate;

/* The back office's case of the procurator's mandate d (its number, when it
 * is due, the reasons of a refusal): VC_ERR_NOT_FOUND when d has no case or
 * the case is not the procurator's. Reads only. */
enum vc_status mandate_case(const struct vc_env *env, int64_t procurator_account_id,
                            const struct delegation *d, struct id_case *out);

#endif

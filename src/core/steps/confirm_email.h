/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Step `confirm_email`: a single-use link (24 h, NIST 800-63A) mailed on
 * entering the step; resend allowed at most CONFIRM_EMAIL_RESENDS_PER_DAY. */
#ifndef VARCO_CORE_STEPS_CONFIRM_EMAIL_H
#define VARCO_CORE_STEPS_CONFIRM_EMAIL_H

#include <stddef.h>
#include <stdint.h>

#include "core/env.h"
#include "core/journey.h"

#define CONFIRM_EMAIL_RESENDS_PER_DAY 5

extern const struct step_kind step_confirm_email;

/* Issues a new link (24 h) for the account's username and queues the mail. */
enum vc_status confirm_email_send(const struct vc_env *env, const struct account *acc);

/* Opens the link: VC_OK marks the email confirmed and, at this step,
 * completes it (*out, may be NULL, says what the engine did),
 * *out_account_id set; VC_ERR_EXPIRED (the page offers a resend);
 * VC_ERR_NOT_FOUND (unknown or already used: the page says so and offers
 * login). */
enum vc_status confirm_email_open(const struct vc_env *env, const char *token, size_t len,
                                  int64_t *out_account_id, struct journey_outcome *out);

/* Sends a new link to the logged-in person (only while the step is active).
 * VC_ERR_LIMIT past the daily resends; VC_ERR_DENIED if not at this step. */
enum vc_status confirm_email_resend(const struct vc_env *env, int64_t account_id);

/* Resend by address from the "link expired" page. Always VC_OK when the
 * input is a valid address, whether or not an account exists (no
 * enumeration); sends only if an account at this step has that username. */
enum vc_status confirm_email_resend_by_email(const struct vc_env *env, const char *email);

#endif

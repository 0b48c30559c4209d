/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Back-office operators: creation (CLI), password login, TOTP enrolment at
 * first login and TOTP verification (crypto/totp.h; time from env). */
#ifndef VARCO_CORE_OPERATOR_H
#define VARCO_CORE_OPERATOR_H

#include <stdbool.h>
#include <stddef.h>

#include "core/env.h"
#include "core/form.h"
#include "core/types.h"
#include "crypto/totp.h"
#include "util/status.h"

/* VC_ERR_CONFLICT if the username exists; VC_ERR_INVALID (errs) for a bad
 * username (3-64 of [a-z0-9._-]) or a password under 12 characters. */
enum vc_status operator_create(const struct vc_env *env, const char *username,
                               const char *display_name, const char *password, bool is_admin,
                               struct form_errors *errs, int64_t *out_id);

/* VC_OK fills out; VC_ERR_DENIED otherwise (same work for unknown names). Audited. */
enum vc_status operator_login(const struct vc_env *env, const char *username, const char *password,
                              size_t password_len, struct operator_account *out);

/* Starts (or restarts) enrolment: a fresh secret from env randomness, stored;
 * out_uri gets the otpauth:// URI for the QR code. Only before enrolment. */
enum vc_status operator_totp_begin(const struct vc_env *env, int64_t operator_id, char *out_uri,
                                   size_t out_len);

/* Verifies a code; the first success completes enrolment. VC_ERR_DENIED if
 * wrong or replayed. Audited. */
enum vc_status operator_totp_verify(const struct vc_env *env, int64_t operator_id,
                                    const char *code);

#endif

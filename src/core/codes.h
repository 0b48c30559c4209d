/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Secrets a person types or clicks: created with env randomness, stored only
 * as keyed hashes, with expiry, single use and attempt limits.
 *
 * Life of a code:
 *   codes_issue_*() -> [active] --codes_check() ok--> [used]
 *                         |  wrong (attempts_left--) -> [active] ... 0 -> [voided]
 *                         |  now >= expires_at -> expired (checked lazily)
 *                         '- codes_issue_*() again voids the previous one
 * Invariants: 1. the plaintext never reaches the store; 2. a used or voided
 * code never validates again; 3. at most one active code per account and
 * purpose. */
#ifndef VARCO_CORE_CODES_H
#define VARCO_CORE_CODES_H

#include <stddef.h>

#include "core/env.h"
#include "core/types.h"
#include "crypto/token.h"
#include "util/status.h"

#define ACTIVATION_CODE_LEN 12 /* NIST 800-63A 4.4.1.6: from an unambiguous alphabet */

/* New 256-bit link token for the account; out_token gets the base64url text
 * to put in the link (caller wipes it). Voids earlier ones of that purpose. */
enum vc_status codes_issue_token(const struct vc_env *env, int64_t account_id,
                                 enum code_purpose purpose, int64_t ttl_seconds,
                                 char out_token[TOKEN_TEXT_LEN + 1]);

/* The same with data the link carries (a new address; not a secret). */
enum vc_status codes_issue_link(const struct vc_env *env, int64_t account_id,
                                enum code_purpose purpose, int64_t ttl_seconds, const char *data,
                                char out_token[TOKEN_TEXT_LEN + 1]);

/* New short code of ACTIVATION_CODE_LEN characters from CODE_ALPHABET, with
 * the given attempts; out_code gets the plaintext (for the letter). */
enum vc_status codes_issue_short(const struct vc_env *env, int64_t account_id,
                                 enum code_purpose purpose, int64_t ttl_seconds, int attempts,
                                 char out_code[ACTIVATION_CODE_LEN + 1]);

/* A one-time code of OTP_DIGITS decimal digits (an SMS code), bound to
 * data (what it confirms: a document's hash), with the given attempts;
 * out_code gets the plaintext for the message. */
#define OTP_DIGITS 6
enum vc_status codes_issue_otp(const struct vc_env *env, int64_t account_id,
                               enum code_purpose purpose, int64_t ttl_seconds, int attempts,
                               const char *data, char out_code[OTP_DIGITS + 1]);

/* Checks a typed OTP (spaces ignored) against the account's active code of
 * that purpose, which must be bound to data: VC_OK (now used);
 * VC_ERR_CONFLICT when it confirms something else (nothing spent: the
 * caller asks for a new code); otherwise as codes_check_short. */
enum vc_status codes_check_otp(const struct vc_env *env, int64_t account_id,
                               enum code_purpose purpose, const char *typed, size_t len,
                               const char *data, int *out_attempts_left);

/* Redeems a link token: VC_OK and *out_account_id if valid (now used);
 * VC_ERR_EXPIRED (known but expired), VC_ERR_NOT_FOUND (unknown, used or voided).
 * Unknown links count against the address (core/throttle.h): VC_ERR_LIMIT
 * when it must wait. */
enum vc_status codes_redeem_token(const struct vc_env *env, enum code_purpose purpose,
                                  const char *token, size_t len, int64_t *out_account_id);

/* As codes_redeem_token, with the whole code (its data) in out; on
 * VC_ERR_EXPIRED out is filled too. */
enum vc_status codes_redeem_link(const struct vc_env *env, enum code_purpose purpose,
                                 const char *token, size_t len, struct code *out);

/* Whether a link token is still good, without spending it (VC_OK sets
 * *out_account_id unless NULL): VC_OK,
 * VC_ERR_EXPIRED or VC_ERR_NOT_FOUND (unknown, used or voided); VC_ERR_LIMIT
 * as for codes_redeem_token. */
enum vc_status codes_check_token(const struct vc_env *env, enum code_purpose purpose,
                                 const char *token, size_t len, int64_t *out_account_id);
/* Checks a typed short code against the account's active code.
 * VC_OK (now used); VC_ERR_DENIED wrong (one attempt spent, *out_attempts_left
 * says how many remain); VC_ERR_LIMIT no attempts left (code voided);
 * VC_ERR_EXPIRED; VC_ERR_NOT_FOUND (no active code). */
enum vc_status codes_check_short(const struct vc_env *env, int64_t account_id,
                                 enum code_purpose purpose, const char *typed, size_t len,
                                 int *out_attempts_left);

/* The password changed (a reset or a change): the links that a thief of
 * the old password or of the mailbox might hold stop working -- pending
 * email changes and password resets (ASVS 3.3.3). */
enum vc_status codes_void_pending_links(const struct vc_env *env, int64_t account_id);

#endif

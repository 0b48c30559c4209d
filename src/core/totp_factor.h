/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The one TOTP authenticator of varco, for operators (core/operator.h) and
 * members (core/second_factor.h): keys made from env randomness, sealed at
 * rest, opened only to verify or to draw the QR code; codes verified with
 * replay refused and wrong codes throttled like passwords. Owners keep the
 * sealed key and the last step in their own rows; this module holds no
 * state and does no SQL (the throttle goes through core/throttle.h).
 *
 * Invariants:
 *  1. A key is sealed at rest (crypto/seal.h with env->cfg->totp_key):
 *     "s1:" + hex(nonce || mac || key). A key kept in clear (40 hex, by
 *     operators before issue 8) is still read, and sealed at its next use.
 *  2. A code is accepted once: the step it matched is remembered by the
 *     owner (last_step), and no code of that step or an earlier one passes
 *     again (RFC 6238 §5.2).
 *  3. Wrong codes count against the subject ("operator:3", "account:12")
 *     and the address, kind "totp" (core/throttle.h): growing delays, never
 *     a lock for ever. A right code forgets the subject's failures.
 *  4. Plain keys live only in fixed buffers wiped before return. */
#ifndef VARCO_CORE_TOTP_FACTOR_H
#define VARCO_CORE_TOTP_FACTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/env.h"
#include "core/throttle.h"
#include "core/types.h"
#include "crypto/totp.h"
#include "util/status.h"

/* A fresh key from env randomness, sealed into out. */
void totp_factor_new(const struct vc_env *env, char out[TOTP_SEALED_MAX]);

/* Whether stored is a sealed key (else: "" or a key kept in clear). */
bool totp_factor_is_sealed(const char *stored);

/* Opens stored (sealed, or in clear: invariant 1) into key; false when
 * there is none or it does not open (another data key). The caller wipes key. */
bool totp_factor_open(const struct vc_env *env, const char *stored, uint8_t key[TOTP_SECRET_BYTES]);

/* Seals key into out (a fresh nonce from env). */
void totp_factor_seal(const struct vc_env *env, const uint8_t key[TOTP_SECRET_BYTES],
                      char out[TOTP_SEALED_MAX]);

/* The otpauth:// URI of stored for the QR code, issuer the institution and
 * label the owner's name. VC_ERR_INVALID when the key does not open or out
 * is too short. The caller wipes out. */
enum vc_status totp_factor_uri(const struct vc_env *env, const char *stored, const char *label,
                               char *out, size_t out_len);

/* The throttle of wrong codes (invariant 3), in two halves around a check
 * that may also try something else (a member's recovery code):
 * totp_factor_gate refuses with VC_ERR_LIMIT (audited as limited_action,
 * concerning account_id, *env->retry_after set) while the subject or the
 * address must wait; totp_factor_count records the outcome, *out_notice
 * (may be NULL) true once per window at THROTTLE_NOTICE_AT failures. Both
 * write: call them in the write transaction that learns the outcome. */
enum vc_status totp_factor_gate(const struct vc_env *env, const char *subject,
                                const char *limited_action, int64_t account_id,
                                struct throttle_keys *out);
enum vc_status totp_factor_count(const struct vc_env *env, const struct throttle_keys *k, bool ok,
                                 bool *out_notice);

/* Whether code (6 digits) is right for the key in stored at env's time,
 * within one step either way, and newer than *last_step (invariant 2). On
 * success *last_step is the matched step and a key kept in clear is sealed
 * in stored (the caller saves both). No throttle, no store. */
bool totp_factor_verify(const struct vc_env *env, char stored[TOTP_SEALED_MAX], int64_t *last_step,
                        const char *code);

/* gate, verify, count: VC_OK (save stored and *last_step), VC_ERR_DENIED
 * (wrong or replayed; counted), VC_ERR_LIMIT (must wait). */
enum vc_status totp_factor_check(const struct vc_env *env, const char *subject,
                                 const char *limited_action, int64_t account_id,
                                 char stored[TOTP_SEALED_MAX], int64_t *last_step, const char *code,
                                 bool *out_notice);

#endif

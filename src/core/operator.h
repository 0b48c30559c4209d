/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Back-office operators and their credentials' life cycle:
 *
 *   operator_create / operator_set_password (administrator, CLI)
 *        ──▶ [must change] ──password + TOTP──▶ operator_change_password ──▶ [active]
 *   operator_set_disabled(true) ──▶ [disabled]: no login, every session ended
 *   operator_reset_2fa ──▶ [not enrolled]: the next login enrols a new key
 *
 * Invariants:
 *  1. A password is at least 12 code points (PASSWORD_RULES_OPERATOR) and
 *     not guessable (zxcvbn), like members' but stricter.
 *  2. A password set by an administrator must be changed by the operator
 *     before any back-office page opens (must_change_password).
 *  3. Password and TOTP attempts count against the members' throttle
 *     (core/throttle.h) per operator and per address; the password attempt
 *     is reserved before the hash, which runs with no transaction held
 *     (lookup / verify / finish, like members' logins).
 *  4. A TOTP code is accepted once: the step it matched is remembered and no
 *     code of that step or an earlier one passes again (RFC 6238 §5.2).
 *  5. TOTP keys are sealed at rest (crypto/seal.h, env->cfg->totp_key).
 *     4 and 5, and the throttle of wrong codes, are core/totp_factor.h's,
 *     shared with members' second factor.
 *  6. Disabling, resetting the second factor or setting a password ends
 *     every live session of the operator at once.
 * Every step is audited. Time and randomness from env. */
#ifndef VARCO_CORE_OPERATOR_H
#define VARCO_CORE_OPERATOR_H

#include <stdbool.h>
#include <stddef.h>

#include "core/env.h"
#include "core/form.h"
#include "core/throttle.h"
#include "core/types.h"
#include "crypto/totp.h"
#include "util/status.h"

/* The checks of a new password (errs on "password"); VC_ERR_INVALID. */
enum vc_status operator_password_rules(const char *username, const char *password,
                                       struct form_errors *errs);

/* VC_ERR_CONFLICT if the username exists; VC_ERR_INVALID (errs) for a bad
 * username (3-64 of [a-z0-9._-]) or password, a desk without an office that
 * exists ("office"), or an office given to another role. password_hash
 * comes from crypto/password.h (hashed by the caller with no transaction
 * held). The operator must change the password at the first login. */
enum vc_status operator_create(const struct vc_env *env, const char *username,
                               const char *display_name, const char *password_hash,
                               enum operator_role role, const char *office_code,
                               struct form_errors *errs, int64_t *out_id);

/* Administration (CLI): VC_ERR_NOT_FOUND for an unknown username. Each one
 * ends the operator's sessions and is audited as "admin". */
enum vc_status operator_set_disabled(const struct vc_env *env, const char *username, bool disabled);
enum vc_status operator_reset_2fa(const struct vc_env *env, const char *username);
/* A new password chosen by an administrator: to be changed at the next login. */
enum vc_status operator_set_password(const struct vc_env *env, const char *username,
                                     const char *password_hash);

/* The operator as stored (for the session hook: disabled, role, a password
 * to renew). VC_ERR_NOT_FOUND. */
enum vc_status operator_get(const struct vc_env *env, int64_t operator_id,
                            struct operator_account *out);

/* The office whose desk the operator is: VC_ERR_DENIED for an operator of
 * another role (or disabled), VC_ERR_NOT_FOUND if the office is gone. */
enum vc_status operator_desk_office(const struct vc_env *env, int64_t operator_id,
                                    struct office *out);

/* Password login in three phases (invariant 3). */
struct operator_attempt {
    bool found;
    struct operator_account op;
    struct throttle_keys keys;
    bool verified;
};
/* Writes (reserves the attempt): VC_ERR_LIMIT when it must wait. */
enum vc_status operator_login_lookup(const struct vc_env *env, const char *username,
                                     struct operator_attempt *out);
/* Pure CPU: argon2id, or the same work on a dummy hash. */
void operator_login_verify(struct operator_attempt *a, const char *password, size_t len);
/* VC_OK fills out; VC_ERR_DENIED for a wrong password, an unknown or a
 * disabled operator (same answer). Audited. */
enum vc_status operator_login_finish(const struct vc_env *env, const struct operator_attempt *a,
                                     struct operator_account *out);

/* Starts (or restarts) enrolment: a fresh key from env randomness, sealed
 * and stored; out_uri gets the otpauth:// URI for the QR code. VC_ERR_DENIED
 * once enrolled. */
enum vc_status operator_totp_begin(const struct vc_env *env, int64_t operator_id, char *out_uri,
                                   size_t out_len);

/* Verifies a code; the first success completes enrolment. VC_ERR_DENIED if
 * wrong or replayed, VC_ERR_LIMIT when the operator or the address must
 * wait (throttled like a password). Audited. */
enum vc_status operator_totp_verify(const struct vc_env *env, int64_t operator_id,
                                    const char *code);

/* The operator's own password change (the forced one after an
 * administrator set it, or any time), in three phases like members':
 * check (write: rules, attempt reserved), hash (no transaction), finish. */
struct operator_password_change {
    int64_t operator_id;
    char old_hash[128];
    bool verified;
    char new_hash[128];
    struct throttle_keys keys;
};
enum vc_status operator_change_check(const struct vc_env *env, int64_t operator_id,
                                     const char *old_pw, const char *new_pw, const char *confirm,
                                     struct form_errors *errs,
                                     struct operator_password_change *out);
enum vc_status operator_change_hash(struct operator_password_change *pc, const char *old_pw,
                                    const char *new_pw);
/* VC_ERR_DENIED for a wrong current password (errs on "old_password");
 * VC_OK: the new password is set, must_change cleared and every session of
 * the operator ended (the caller opens a new one). */
enum vc_status operator_change_finish(const struct vc_env *env,
                                      const struct operator_password_change *pc,
                                      struct form_errors *errs);

#endif

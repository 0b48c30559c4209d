/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Level 2 for members (DESIGN.md §2 step `second_factor`, issue 13 §3): an
 * authenticator app (TOTP, core/totp_factor.h, the operators' one) enrolled
 * after full access, ten single-use recovery codes, and the login's second
 * step. No HTTP, no SQL: the store through core/repo.h, time and
 * randomness from env.
 *
 *   [none] ──second_factor_begin──▶ [key pending] ──second_factor_confirm
 *      ▲     (QR shown; the enrolled    │  (right code)        │
 *      │      key, if any, still works) ▼                      ▼
 *      └──second_factor_remove──── [enrolled] ◀── begin + confirm again:
 *                                      │          the old app replaced
 *                                      └─ second_factor_login at every login
 *                                         (a TOTP code, or a recovery code)
 *
 * Invariants:
 *  1. Only an active account at LEVEL_FULL or above enrols; the account is
 *     at LEVEL_FULL_2FA exactly while an app is enrolled.
 *  2. A new key replaces the enrolled one only when a code of the new key
 *     is right (second_factor_confirm); until then the old one logs in.
 *  3. Recovery codes are shown once, when made, and stored only as keyed
 *     hashes (crypto/token.h); each logs in once; a new enrolment voids the
 *     old set, and so does removing the app.
 *  4. Wrong codes, TOTP or recovery, count against the account (kind
 *     "totp", subject "account:<id>") and the address: growing delays,
 *     never a lock (core/throttle.h); at the 10th of an hour the person is
 *     mailed, as for passwords.
 *  5. Every change (enrolled, replaced, removed, a recovery code used) is
 *     mailed to the person and audited, in the caller's transaction.
 *  6. Enrolling, replacing or removing ends every session of the person
 *     (they were opened on the old terms); the caller starts a new one.
 *
 * The `spid` profile (profile.enrol_by_sms, seed 002): enrolment is also
 * confirmed by an SMS code sent to the number of record (struct
 * person.mobile, given with the contract): second_factor_begin sends it
 * (unless one sent is still alive), second_factor_confirm takes it beside
 * the TOTP code and enrols only when both are right. */
#ifndef VARCO_CORE_SECOND_FACTOR_H
#define VARCO_CORE_SECOND_FACTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/env.h"
#include "core/types.h"
#include "util/status.h"

#define SECOND_FACTOR_CODES 10     /* recovery codes in a set */
#define SECOND_FACTOR_CODE_LEN 10  /* characters of CODE_ALPHABET: about 47 bits each */
#define SECOND_FACTOR_CODE_TEXT 12 /* "ABCDE-FGHJK" + NUL, as shown and printed */

/* Where the person stands. */
struct second_factor_view {
    bool enrolled;
    int64_t enrolled_at; /* 0 when not enrolled */
    int64_t codes_left;  /* recovery codes neither spent nor voided */
};

/* Reads only. VC_OK with enrolled false when there is none. */
enum vc_status second_factor_view(const struct vc_env *env, int64_t account_id,
                                  struct second_factor_view *out);

/* Starts (or goes on with) an enrolment: a new key, or the one pending,
 * and its otpauth:// URI (label: the username) for the QR code in out_uri
 * (the caller wipes it). VC_ERR_DENIED for an account that may not enrol
 * (invariant 1). Writes the pending key. */
enum vc_status second_factor_begin(const struct vc_env *env, int64_t account_id, char *out_uri,
                                   size_t out_len);

/* The set made by a confirmation: shown once, never stored in clear. */
struct second_factor_codes {
    char code[SECOND_FACTOR_CODES][SECOND_FACTOR_CODE_TEXT]; /* "ABCDE-FGHJK" */
    bool replaced; /* an app was enrolled before: this one replaced it */
};

/* Confirms the pending key with a code of it (and, where the profile
 * says, sms_code: the SMS code; NULL otherwise): the app is enrolled (the
 * old one replaced), a new set of recovery codes is made into out (the
 * caller wipes it), the account is at LEVEL_FULL_2FA, every session ended,
 * the person mailed. VC_ERR_NOT_FOUND when nothing is pending (or the
 * account may not enrol); VC_ERR_DENIED for a wrong TOTP code (counted);
 * VC_ERR_INVALID for a wrong, spent or expired SMS code (an attempt spent;
 * a reload of the page sends a new one once it is spent or expired);
 * VC_ERR_LIMIT when the person must wait (*env->retry_after). */
enum vc_status second_factor_confirm(const struct vc_env *env, int64_t account_id, const char *code,
                                     const char *sms_code, struct second_factor_codes *out);

/* Whether logging in as this account asks the second factor. */
enum vc_status second_factor_required(const struct vc_env *env, int64_t account_id,
                                      bool *out_required);

/* Between the password and the second factor the person holds a session
 * of kind SESSION_SECOND_FACTOR, which opens no page but the second step's
 * (and only for this long: a code typed later means the password again). */
#define SECOND_FACTOR_LOGIN_SECONDS 600

/* The account waiting for its second factor behind the token: VC_OK with
 * *out_account_id, or VC_ERR_NOT_FOUND (no such session, another kind,
 * expired, or older than SECOND_FACTOR_LOGIN_SECONDS). Reads only. */
enum vc_status second_factor_pending(const struct vc_env *env, const char *token, size_t len,
                                     int64_t *out_account_id);

/* What the login's second step found. */
struct second_factor_login {
    bool by_recovery;   /* a recovery code, not the app */
    int64_t codes_left; /* recovery codes still unspent */
    const char *amr;    /* for the session: SESSION_AMR_PASSWORD_TOTP or _RECOVERY (static) */
};

/* The login's second step: code is the app's 6 digits or a recovery code
 * (spaces, dashes and case ignored). VC_OK fills out (a recovery code is
 * spent and the person mailed how many remain); VC_ERR_DENIED wrong,
 * replayed or spent (counted); VC_ERR_LIMIT; VC_ERR_NOT_FOUND when the
 * account has no app enrolled. Audited. */
enum vc_status second_factor_login(const struct vc_env *env, int64_t account_id, const char *code,
                                   struct second_factor_login *out);

/* The person turns the app off: key and recovery codes gone, level back to
 * LEVEL_FULL, every session ended, mailed. VC_ERR_NOT_FOUND when none. */
enum vc_status second_factor_remove(const struct vc_env *env, int64_t account_id);

/* Lost phone and lost codes (issue 13 §3): the person is recognised at a
 * desk, which checks the identity document and the health card
 * (in_person_document_check) and turns the app off for them, so that they
 * log in with the password and enrol a new one. operator_id must be a desk
 * operator (VC_ERR_DENIED); VC_ERR_INVALID with errs for a bad document
 * (an expired one refused) or a codice fiscale that is not one (errs
 * "codice_fiscale"); VC_ERR_NOT_FOUND when no account of that codice fiscale
 * has an app. Audited with the operator and the document; mailed. */
struct in_person_record;
struct form_errors;
enum vc_status second_factor_reset_at_desk(const struct vc_env *env, int64_t operator_id,
                                           const char *codice_fiscale,
                                           const struct in_person_record *doc,
                                           struct form_errors *errs);

/* A recovery code as typed, normalised as stored ("abcde fghjk" ->
 * "ABCDEFGHJK"); false when it cannot be one. out holds
 * SECOND_FACTOR_CODE_LEN + 1. */
bool second_factor_code_normalise(const char *typed, char *out);

#endif

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Brute-force defences (DESIGN.md §5, ASVS 2.2.1, NIST 800-63B 5.2.2):
 * failures are counted per *subject* (what an attacker aims at: an account,
 * a username that matches none, a codice fiscale, an account's code) and
 * per *address*, each in a window of one hour that starts at its first
 * failure.
 *
 *   subject: 5 failures free, then a growing delay before the next attempt
 *            (1 s, 2 s, 4 s ... at most 60 s): at most about 65 failures an
 *            hour, under ASVS's 100, and never a lock -- an attacker who
 *            knows a username cannot shut its owner out, who at worst waits
 *            a minute, and whose password reset through the mail link
 *            (throttle_forget_account) clears the count (NIST 800-63B
 *            5.2.2). At the 10th failure of an hour the caller tells the
 *            owner (throttle_failed says when).
 *   address: 30 failures free (an office behind one router), then the same
 *            growing delay up to 30 s.
 *
 * Every door that verifies a password counts against one subject, the
 * account ("password|account:12"), whatever was typed to reach it: the
 * login, username recovery (codice fiscale + password), the password and
 * email changes. Those doors hash off the request thread, between two
 * transactions, so they *reserve* the attempt before hashing
 * (throttle_reserve counts it as a failure at once) and give it back on
 * success: parallel attempts cannot all slip through between a check and
 * a count. Doors that check and count in one write transaction (codes,
 * links, registration, recovery requests) use throttle_check and
 * throttle_fail.
 *
 * Subjects are stored as keyed hashes ("password|account:12" -> 64 hex),
 * so a subject that matches no account is throttled exactly like one that
 * does (no enumeration) and no personal data is kept in the table. Pure:
 * the clock and the store come from env. */
#ifndef VARCO_CORE_THROTTLE_H
#define VARCO_CORE_THROTTLE_H
#include <stdbool.h>
#include <stdint.h>

#include "core/env.h"
#include "core/types.h"
#include "util/status.h"

#define THROTTLE_WINDOW_SECONDS 3600
#define THROTTLE_SUBJECT_FREE 5
#define THROTTLE_SUBJECT_MAX_DELAY 60
#define THROTTLE_NOTICE_AT 10
#define THROTTLE_ADDRESS_FREE 30
#define THROTTLE_ADDRESS_MAX_DELAY 30

/* The two keys of one attempt. kind names the door ("login", "recover",
 * "register", "code"); subject is what was aimed at (normalised by the
 * caller: lower-case email, normalised codice fiscale, "account:12"), ""
 * when there is none; the address is env->ip. */
struct throttle_keys {
    char subject[HASH_HEX]; /* "" when no subject */
    char address[HASH_HEX]; /* "" when env->ip is empty (CLI) */
};
void throttle_keys(const struct vc_env *env, const char *kind, const char *subject,
                   struct throttle_keys *out);

/* The keys when the subject is an account ("account:12"): the activation
 * code, and (kind "password") every door that verifies its password. */
void throttle_account_keys(const struct vc_env *env, const char *kind, int64_t account_id,
                           struct throttle_keys *out);

/* The keys of a password door: the account when one was found (account_id
 * > 0), else what was typed to reach it ("login:mario@example.it",
 * "cf:RSSMRA80A41F205B"), so that unknown subjects wait exactly as known
 * ones do. */
void throttle_password_keys(const struct vc_env *env, int64_t account_id, const char *typed,
                            struct throttle_keys *out);

/* VC_OK if an attempt may be made now. Otherwise the refusal is audited as
 * action ("login.limited", "code.limited" ...; account_id is the person
 * concerned when known, 0 else, so it shows in their access history),
 * *env->retry_after gets the wait in seconds (>= 1) and VC_ERR_LIMIT is
 * returned. Writes only when it refuses. */
enum vc_status throttle_check(const struct vc_env *env, const struct throttle_keys *k,
                              const char *action, int64_t account_id);

/* Counts a failure on both keys. *out_notice (may be NULL) becomes true
 * exactly once per window, when the subject reaches THROTTLE_NOTICE_AT. */
enum vc_status throttle_fail(const struct vc_env *env, const struct throttle_keys *k,
                             bool *out_notice);

/* throttle_check and throttle_fail at once, for doors whose check runs
 * outside the transaction that learns the outcome: VC_OK means the attempt
 * may go on and is already counted as a failure on both keys; VC_ERR_LIMIT
 * (audited as action, *env->retry_after set) means wait. Follow it with
 * throttle_failed or throttle_success. */
enum vc_status throttle_reserve(const struct vc_env *env, const struct throttle_keys *k,
                                const char *action, int64_t account_id);

/* A reserved attempt failed: *out_notice (may be NULL) becomes true exactly
 * once per window, when the subject has THROTTLE_NOTICE_AT failures. */
enum vc_status throttle_failed(const struct vc_env *env, const struct throttle_keys *k,
                               bool *out_notice);

/* A success forgets the subject's failures; after throttle_reserve
 * (reserved = true) it also gives the address back its attempt. */
enum vc_status throttle_success(const struct vc_env *env, const struct throttle_keys *k);
enum vc_status throttle_success_reserved(const struct vc_env *env, const struct throttle_keys *k);

/* The owner proved control of the account through the mail link (a
 * password reset): whatever was counted against its password goes. */
enum vc_status throttle_forget_account(const struct vc_env *env, int64_t account_id);

/* The delay after the n-th failure of a window (pure, for tests and docs). */
int64_t throttle_delay(int failures, int free, int64_t max_delay);
#endif

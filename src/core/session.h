/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Server-side sessions (DESIGN.md §5): a 256-bit random id in the cookie,
 * only its keyed hash in the store; idle and absolute expiry. The cookie
 * itself is http/'s business.
 *
 *   session_create ──▶ [live] ──session_check (reads)──▶ [live]
 *                        │  └── session_refresh (last_seen, at most once a minute)
 *                        └── idle or absolute expiry: refused by session_check,
 *                            deleted by session_refresh / session_end ──▶ gone
 *
 * Invariants:
 *  1. There is no copy of a session anywhere but the store: session_check
 *     reads the row on every request, so a session ended, suspended or
 *     rotated on any node is refused by every node at its next request.
 *  2. session_check only reads (callers run it in the request's read
 *     transaction, which refuses writes); the writes it finds due are made
 *     by session_refresh in a write transaction of their own.
 *  3. A session is refused once now - last_seen >= idle or now - created >=
 *     absolute, whether or not its row is gone yet; last_seen lags the real
 *     last request by less than SESSION_TOUCH_SECONDS.
 *  4. A member session records how the person authenticated (amr) and is
 *     at LEVEL_FULL_2FA only if that includes a second factor: whatever
 *     level a caller asks, session_create_amr lowers it to LEVEL_FULL
 *     otherwise. */
#ifndef VARCO_CORE_SESSION_H
#define VARCO_CORE_SESSION_H

#include <stdbool.h>

#include "core/env.h"
#include "core/types.h"
#include "crypto/token.h"
#include "util/status.h"

/* Creates a session; out_token gets the cookie value (caller wipes it). */
enum vc_status session_create(const struct vc_env *env, enum session_kind kind,
                              int64_t principal_id, enum account_level level, bool mfa_done,
                              const char *user_agent, char out_token[TOKEN_TEXT_LEN + 1]);

/* How a member authenticated (OpenID Connect's amr, RFC 8176, plus "rc"
 * for a recovery code): words joined by spaces. */
#define SESSION_AMR_PASSWORD "pwd"             /* a password or a PIN */
#define SESSION_AMR_PASSWORD_TOTP "pwd otp"    /* and an authenticator app's code */
#define SESSION_AMR_PASSWORD_RECOVERY "pwd rc" /* and a single-use recovery code */

/* session_create with the amr given (member sessions made by session_create
 * record SESSION_AMR_PASSWORD, others ""); the level is capped as
 * invariant 4 says. */
enum vc_status session_create_amr(const struct vc_env *env, enum session_kind kind,
                                  int64_t principal_id, enum account_level level, bool mfa_done,
                                  const char *amr, const char *user_agent,
                                  char out_token[TOKEN_TEXT_LEN + 1]);

/* The keyed hash a session is stored under (its row's id_hash). */
void session_id_hash(const struct vc_env *env, const char *token, size_t len, char out[HASH_HEX]);

/* Whether amr names a second factor ("otp" or "rc"). */
bool session_amr_second_factor(const char *amr);

#define SESSION_TOUCH_SECONDS 60 /* last_seen is written at most once a minute */

/* Looks the token up, reading only: VC_OK fills out; VC_ERR_EXPIRED or
 * VC_ERR_NOT_FOUND. *out_write_due (may be NULL) becomes true when the row
 * wants session_refresh: a live session whose last_seen is at least
 * SESSION_TOUCH_SECONDS old, or an expired one to delete. */
enum vc_status session_check(const struct vc_env *env, const char *token, size_t len,
                             struct session *out, bool *out_write_due);

/* What session_check found due, in the caller's write transaction: the row
 * is read again and its last_seen set to now if it is still live and old
 * enough, or deleted if it has expired. VC_OK also when there is nothing
 * (left) to do, e.g. the session ended meanwhile. */
enum vc_status session_refresh(const struct vc_env *env, const char *token, size_t len);

/* The member session acts under that delegation from now (0: for the
 * person themselves again); the caller checked it (core/delegation.h:
 * acting_start). VC_ERR_NOT_FOUND when the session is gone. */
enum vc_status session_set_acting(const struct vc_env *env, const char *token, size_t len,
                                  int64_t delegation_id);

/* Marks the operator session as past the second factor. */
enum vc_status session_set_mfa(const struct vc_env *env, const char *token, size_t len);

enum vc_status session_end(const struct vc_env *env, const char *token, size_t len);

/* A live session as its owner sees it in the list: an opaque handle (a
 * keyed hash of the id hash, never the id hash itself), times, address,
 * browser, and whether it is the one asking. */
#define SESSION_HANDLE_LEN 16
struct session_view {
    char handle[SESSION_HANDLE_LEN + 1];
    int64_t created_at;
    int64_t last_seen_at;
    char ip[46];
    char user_agent[128];
    bool current;
};
#define SESSIONS_LIST_MAX 32

/* The principal's live sessions, the most recently used first. */
enum vc_status session_list(const struct vc_env *env, enum session_kind kind, int64_t principal,
                            const char *current_token, struct session_view *out, size_t max,
                            size_t *out_n);
/* Ends the principal's session with that handle (VC_ERR_NOT_FOUND if it is
 * not one of theirs); *out_was_current tells whether it was the caller's. */
enum vc_status session_end_handle(const struct vc_env *env, enum session_kind kind,
                                  int64_t principal, const char *current_token, const char *handle,
                                  bool *out_was_current);
/* Ends every session of the principal but the caller's. */
enum vc_status session_end_others(const struct vc_env *env, enum session_kind kind,
                                  int64_t principal, const char *current_token);

#endif

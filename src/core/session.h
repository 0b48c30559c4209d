/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Server-side sessions (DESIGN.md §5): a 256-bit random id in the cookie,
 * only its keyed hash in the store; idle and absolute expiry. The cookie
 * itself is http/'s business.
 *
 *   session_create ──▶ [live] ──session_check (touch)──▶ [live]
 *                        └── idle or absolute expiry / session_end ──▶ gone */
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

/* Looks the token up: VC_OK fills out (and refreshes last_seen when it is
 * more than a minute old); VC_ERR_EXPIRED (deleted now) or VC_ERR_NOT_FOUND. */
enum vc_status session_check(const struct vc_env *env, const char *token, size_t len,
                             struct session *out);

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

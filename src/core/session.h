/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Server-side sessions (DESIGN.md §5): a 256-bit random id in the cookie,
 * only its keyed hash in the store; idle and absolute expiry. The cookie
 * itself is http/'s business.
 *
 *   session_create ──▶ [live] ──session_check (touch)──▶ [live]
 *                        └── idle or absolute expiry / session_end ──▶ gone */
#ifndef VARCO_CORE_SESSION_H
#define VARCO_CORE_SESSION_H

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

#endif

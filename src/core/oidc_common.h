/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* What core/oidc.c shares with core/oidc_clients.c (nothing else includes
 * this): keyed hashes and fresh tokens, and the audit of a client's events. */
#ifndef VARCO_CORE_OIDC_COMMON_H
#define VARCO_CORE_OIDC_COMMON_H
#include <stdbool.h>
#include <stdint.h>

#include "core/env.h"
#include "core/oidc.h"
#include "core/types.h"

/* A secret's keyed hash under the data folder's pepper. */
void oidc_hash_of(const struct vc_env *env, const char *secret, char out[HASH_HEX]);
/* A fresh random token, as text. */
void oidc_new_token(const struct vc_env *env, char out[TOKEN_TEXT_LEN + 1]);
/* An event about a client, by the account (0: the system); history: the
 * person sees it in "I miei accessi" too. */
enum vc_status oidc_audit_as(const struct vc_env *env, int64_t account_id, bool history,
                             const char *action, const struct oidc_client *c, const char *detail);
enum vc_status oidc_audit_client(const struct vc_env *env, int64_t account_id, const char *action,
                                 const struct oidc_client *c, const char *detail);

#endif

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* What core/delegation.c shares with core/mandates.c (nothing else includes
 * this): a delegation's names and views, its end, and mailing an account. */
#ifndef VARCO_CORE_DELEGATION_COMMON_H
#define VARCO_CORE_DELEGATION_COMMON_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/delegation.h"
#include "core/env.h"
#include "core/messages.h"
#include "core/types.h"

/* The account's names ("" when it has no person row). */
void delegation_account_names(const struct vc_env *env, int64_t account_id,
                              char out[PERSON_NAME_MAX + 1]);
/* Pending or active: a delegation or mandate that still counts. */
bool delegation_live(enum delegation_state s);
/* Whether the account is active and through its journey: it may act. */
bool delegation_account_ready(const struct account *a);
/* Mails one account by its username, in its language. */
enum vc_status delegation_mail_account(const struct vc_env *env, int64_t account_id,
                                       const char *template_name, const struct msg_field *fl,
                                       size_t n);
/* What pages show of a delegation: its firm's and agent's names. */
enum vc_status delegation_view_of(const struct vc_env *env, const struct delegation *d,
                                  struct delegation_view *v);
enum vc_status delegation_views_of(const struct vc_env *env, const struct delegation *ds, size_t n,
                                   struct delegation_view *out, size_t *out_n);
/* A delegation ends: its state, who and when, and the application logins
 * made under it. */
enum vc_status delegation_end(const struct vc_env *env, struct delegation *d,
                              enum delegation_state state, int64_t by);

#endif

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Changing the password from the settings (the old one and a new one), also
 * forced after a legacy password that fails today's policy. In phases like
 * the login, so that the two argon2id computations run on the worker pool
 * and never inside a write transaction:
 *   check  (read): the new password against the policy and the person's own
 *          data, the confirmation, the throttle ("password" + account).
 *   hash   (none): verify the old password; if right, hash the new one.
 *   finish (write): a wrong old password is a throttled, audited failure;
 *          else the new hash, the flag cleared, the notice mail, and with
 *          end_others every session of the account ended (the caller starts
 *          a fresh one). */
#ifndef VARCO_CORE_PASSWORD_CHANGE_H
#define VARCO_CORE_PASSWORD_CHANGE_H
#include <stdbool.h>
#include <stddef.h>

#include "core/env.h"
#include "core/form.h"
#include "core/personal_code.h"
#include "core/types.h"
#include "util/status.h"

struct password_change {
    int64_t account_id;
    char old_hash[128];              /* the stored hash at check time */
    bool verified;                   /* phase 2: the old password was right */
    char new_hash[128];              /* phase 2 */
    struct personal_code_proof code; /* journeys with a personal code (core/personal_code.h) */
};

/* VC_ERR_INVALID (errs on "old_password" when old_pw is empty,
 * "password", "password_confirm", "personal_code"), VC_ERR_LIMIT. Journeys
 * with a personal code ask it too (personal_code; NULL or "" when none was
 * typed), with its attempts and throttle. Only a complete form
 * reserves an attempt against the account's password throttle (it writes:
 * a write transaction). */
enum vc_status password_change_check(const struct vc_env *env, int64_t account_id,
                                     const char *old_pw, const char *new_pw, const char *confirm,
                                     const char *personal_code, struct form_errors *errs,
                                     struct password_change *out);
/* Pure CPU. */
enum vc_status password_change_hash(struct password_change *pc, const char *old_pw,
                                    const char *new_pw, const char *personal_code);
/* VC_ERR_DENIED for a wrong old password (errs on "old_password") or a
 * wrong personal code (errs on "personal_code", an attempt spent). */
enum vc_status password_change_finish(const struct vc_env *env, const struct password_change *pc,
                                      bool end_others, struct form_errors *errs);
#endif

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Accounts of members: registration (the `register` step), login and the
 * reserved-area view. Registration checks the registry (matricola +
 * codice fiscale), the email (not a PEC), the password policy of the
 * profile and one account per person (omocodes are the same person). */
#ifndef VARCO_CORE_ACCOUNT_H
#define VARCO_CORE_ACCOUNT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/env.h"
#include "core/form.h"
#include "core/types.h"
#include "util/status.h"

/* What the registration form carries, already bounded by the HTTP layer. */
struct register_form {
    char matricola[MATRICOLA_MAX + 8];
    char codice_fiscale[40];
    char email[EMAIL_MAX + 1];
    char password[512]; /* wiped by the caller after use */
    char password_confirm[512];
    bool privacy_consent;
    char lang[3]; /* language of the person's mail: "it"/"en" */
};

/* Registers: on VC_OK the account exists (state pending, level limited), the
 * journey has started (the confirmation mail is queued) and *out_account_id
 * is set. VC_ERR_INVALID: errs says which fields and why (also for "no such
 * member" and "this person already has an account", on the fields the
 * person typed). All writes happen in env->store's open transaction. */
enum vc_status account_register(const struct vc_env *env, const struct register_form *f,
                                struct form_errors *errs, int64_t *out_account_id);

/* Password login by username (email). VC_OK fills out; VC_ERR_DENIED for a
 * wrong or unknown username/password (same work either way: no enumeration)
 * or an account that is suspended or disabled. Audits success and failure. */
enum vc_status account_login(const struct vc_env *env, const char *username, const char *password,
                             size_t password_len, struct account *out);

/* The same login in three phases, so that the slow hash never runs while a
 * write transaction holds the store (and can move to a pool of its own):
 * lookup in a read transaction, verify with no transaction, finish in a
 * write transaction. account_login() is the three in one. */
struct login_attempt {
    bool found;
    struct account acc;
};
enum vc_status account_login_lookup(const struct vc_env *env, const char *username,
                                    struct login_attempt *out);
/* Pure CPU: argon2id verify, or the same work against a dummy hash. */
bool account_login_verify(const struct login_attempt *la, const char *password, size_t len);
/* Audits the outcome, re-hashes an outdated hash; VC_OK fills out,
 * VC_ERR_DENIED for a failure or an account that may not log in. */
enum vc_status account_login_finish(const struct vc_env *env, const struct login_attempt *la,
                                    bool verified, const char *password, size_t len,
                                    struct account *out);

/* Loads the account with its member row (member zeroed if none). */
enum vc_status account_load(const struct vc_env *env, int64_t account_id, struct account *out_acc,
                            struct member *out_member);

#endif

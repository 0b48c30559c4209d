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
#include "core/throttle.h"
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

/* Registration in three phases, so that the slow hash runs on the worker
 * pool with no transaction held, and so that the answer is the same whether
 * or not the person already has an account (no enumeration):
 *   check  (write transaction, no hash): the fields, the throttle ("register"
 *          + codice fiscale; a registry mismatch counts as a failure), the
 *          registry. VC_ERR_INVALID (errs) or VC_ERR_LIMIT (*env->retry_after).
 *   hash   (no transaction): argon2id of the password, always.
 *   finish (write transaction): a new person gets the account (state
 *          pending, level limited), the journey starts, the confirmation mail
 *          is queued and *out_account_id is set; a person or an address that
 *          already has an account gets nothing new, the owner of record is
 *          mailed instead and *out_account_id is 0 -- VC_OK both ways.
 * account_register() is the three in one (tests, CLI). */
enum vc_status account_register_check(const struct vc_env *env, const struct register_form *f,
                                      struct form_errors *errs);
enum vc_status account_register_hash(const struct register_form *f, char out[128]);
enum vc_status account_register_finish(const struct vc_env *env, const struct register_form *f,
                                       const char *password_hash, struct form_errors *errs,
                                       int64_t *out_account_id);
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
    bool legacy; /* not an account: an active old registration (core/legacy.h) */
    struct legacy_account leg;
    struct throttle_keys keys; /* the account's password (or what was typed); the address */
    char new_hash[128];        /* set by account_login_verify when the hash is outdated */
};
/* Writes (a write transaction): the attempt is reserved against the
 * account's password throttle and the address before any hash is computed
 * (core/throttle.h), so parallel guesses cannot all pass. VC_ERR_LIMIT
 * when they must wait (the refusal is audited): no hash is computed then. */
enum vc_status account_login_lookup(const struct vc_env *env, const char *username,
                                    struct login_attempt *out);
/* Pure CPU: argon2id verify, or the same work against a dummy hash (an old
 * registration's hash is verified after the dummy argon2id, so that it
 * never answers faster than an unknown username). A right password whose
 * hash is outdated (weaker parameters, an old system's format) is hashed
 * anew into la->new_hash for the finish phase to store. */
bool account_login_verify(struct login_attempt *la, const char *password, size_t len);
/* Audits the outcome, stores la->new_hash; VC_OK fills out, VC_ERR_DENIED
 * for a failure or an account that may not log in, VC_ERR_CONFLICT (out
 * filled) for the right password of an account that awaits the
 * confirmation of its address (account_awaits_address): no session then. A failure stays counted
 * (the owner is mailed at the 10th of an hour); a success forgets the
 * account's failures. An old registration that logs in (la->legacy) gets
 * its argon2id hash, its password checked
 * against today's policy, and VC_OK returned with *out_legacy_id set and
 * out untouched: the caller opens the welcome page (core/legacy.h). */
enum vc_status account_login_finish(const struct vc_env *env, const struct login_attempt *la,
                                    bool verified, const char *password, size_t len,
                                    struct account *out, int64_t *out_legacy_id);

/* True for an account moved from the old system whose new address is not
 * confirmed yet (core/legacy.h): it opens nothing until the link is. */
bool account_awaits_address(const struct account *a);

/* Loads the account with its member row (member zeroed if none). */
enum vc_status account_load(const struct vc_env *env, int64_t account_id, struct account *out_acc,
                            struct member *out_member);

#endif

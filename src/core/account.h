/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Accounts of members: login (by the journey's identifier and credential)
 * and loading. Registration is core/registration.h. */
#ifndef VARCO_CORE_ACCOUNT_H
#define VARCO_CORE_ACCOUNT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/env.h"
#include "core/form.h"
#include "core/throttle.h"
#include "core/types.h"
#include "util/status.h"

/* Login by the journey's identifier -- the username (email), or the codice
 * fiscale for journeys that log in by it -- and the credential. VC_OK fills out; VC_ERR_DENIED for
 * a wrong or unknown username/password (same work either way: no enumeration) or an account that is
 * suspended or disabled. Audits success and failure. */
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
    /* An account with an issued PIN (core/steps/split_pin.h) not used yet:
     * its keyed hash, the key, and whether the typed secret was it. */
    char issued_hash[65];
    const uint8_t *pepper;
    bool issued_used;
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

/* The named page where acc renews its credential when it must (a weak old
 * password: "password_change"; an issued PIN: "pin"). */
const char *account_renew_page(const struct account *acc);

/* The named page the account must go to before anything else (a journey
 * step's forced(): a temporary code to replace) into *out, or NULL. Reads
 * the store. VC_ERR_NOT_FOUND for no such account. */
enum vc_status account_forced_page(const struct vc_env *env, int64_t account_id, const char **out);

/* True for an account moved from the old system whose new address is not
 * confirmed yet (core/legacy.h): it opens nothing until the link is. */
bool account_awaits_address(const struct account *a);

/* Loads the account with its member row (member zeroed if none). */
enum vc_status account_load(const struct vc_env *env, int64_t account_id, struct account *out_acc,
                            struct member *out_member);

/* An operator suspends an account (a stolen identity reported, fraud):
 * every session of it ends, every login it made at the institution's
 * applications ends (back-channel logouts, core/oidc.h), and logins are
 * refused until it is reinstated. reason (1-512 characters) is required:
 * VC_ERR_INVALID with fe filled. VC_ERR_CONFLICT if it is suspended
 * already, VC_ERR_NOT_FOUND for no such account. Audited. */
#define ACCOUNT_SUSPEND_REASON_MAX 512
enum vc_status account_suspend(const struct vc_env *env, int64_t operator_id, int64_t account_id,
                               const char *reason, struct form_errors *fe);
/* Lifts a suspension: active again if the journey was over, else pending.
 * VC_ERR_CONFLICT if it is not suspended. Audited. */
enum vc_status account_reinstate(const struct vc_env *env, int64_t operator_id, int64_t account_id);

#endif

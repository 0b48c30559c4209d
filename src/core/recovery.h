/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Recovering access alone (seeds 000, 001, 004), without an operator:
 *   password lost  -> email -> single-use reset link (30 min) -> new password
 *   username lost  -> codice fiscale + password -> the username on screen
 *   both lost      -> codice fiscale -> reset link to the email of record ->
 *                     new password, then the username on screen
 * Requests answer the same whether or not an account exists (no
 * enumeration), and do the same hashing work either way. */
#ifndef VARCO_CORE_RECOVERY_H
#define VARCO_CORE_RECOVERY_H
#include <stdbool.h>
#include <stddef.h>

#include "core/env.h"
#include "core/throttle.h"
#include "core/form.h"
#include "core/types.h"
#include "util/status.h"

#define RECOVERY_LINK_SECONDS 1800 /* 30 minutes */

/* Mails a reset link if an account has this username. VC_OK either way;
 * VC_ERR_INVALID (errs on "email") only for a malformed address. */
enum vc_status recovery_request_by_email(const struct vc_env *env, const char *email,
                                         struct form_errors *errs);
/* The Istanze online variant (seed 004; core_config.recovery_asks_cf):
 * a reset link only when the username and the codice fiscale (omocodes
 * included) name the same account. VC_OK either way; VC_ERR_INVALID for a
 * malformed address or codice fiscale. */
enum vc_status recovery_request_by_username_cf(const struct vc_env *env, const char *email,
                                               const char *cf, struct form_errors *errs);
/* Mails a reset link to the email of record of the person with this codice
 * fiscale (omocodes included). VC_OK either way; VC_ERR_INVALID for a
 * malformed codice fiscale. */
enum vc_status recovery_request_by_cf(const struct vc_env *env, const char *cf,
                                      struct form_errors *errs);
/* Whether a reset link is still good (for the page before the form). */
enum vc_status recovery_link_check(const struct vc_env *env, const char *token, size_t len);
/* Where the profile says so (profile.reset_by_sms, seed 002) the reset
 * wants, beside the mailed link, an SMS code to the number of record:
 * recovery_reset_sms sends one for a good link, bound to it (10 minutes, 5
 * attempts; not again while one is alive). VC_ERR_DENIED when the account
 * has no number of record; link errors as recovery_link_check. */
bool recovery_reset_wants_sms(const struct vc_env *env);
enum vc_status recovery_reset_sms(const struct vc_env *env, const char *token, size_t len);

/* Spends the link and sets the new password (profile policy). On VC_OK the
 * account's username is copied to out_username (shown on screen), a notice
 * is mailed, and with end_sessions every session of the account ends.
 * sms_code: the SMS code where the reset wants one (NULL otherwise; a
 * wrong one spends an attempt: errs on "sms"). VC_ERR_INVALID (errs),
 * VC_ERR_EXPIRED, VC_ERR_NOT_FOUND (used/unknown). */
enum vc_status recovery_reset_password(const struct vc_env *env, const char *token, size_t len,
                                       const char *password, const char *confirm,
                                       const char *sms_code, bool end_sessions,
                                       struct form_errors *errs, char out_username[EMAIL_MAX + 1]);
/* Username lost: codice fiscale + password show the username. A password
 * door like the login (core/throttle.h), in three phases so that the hash
 * runs off the request thread with no transaction held:
 *   check  (write transaction): the codice fiscale, the account, the attempt
 *          reserved against the account's password throttle. VC_ERR_INVALID
 *          (errs), VC_ERR_LIMIT (*env->retry_after).
 *   verify (no transaction): argon2id, or the same work on a dummy hash.
 *   finish (write transaction): audit, the throttle's outcome; VC_OK with
 *          the username, VC_ERR_DENIED otherwise (same work either way).
 * recovery_username() is the three in one (tests). */
struct username_recovery {
    int64_t account_id; /* 0: no account for the codice fiscale */
    char hash[128];
    bool verified;
    struct throttle_keys keys;
};
enum vc_status recovery_username_check(const struct vc_env *env, const char *cf,
                                       const char *password, struct form_errors *errs,
                                       struct username_recovery *out);
void recovery_username_verify(struct username_recovery *ur, const char *password);
enum vc_status recovery_username_finish(const struct vc_env *env,
                                        const struct username_recovery *ur,
                                        char out_username[EMAIL_MAX + 1]);
enum vc_status recovery_username(const struct vc_env *env, const char *cf, const char *password,
                                 struct form_errors *errs, char out_username[EMAIL_MAX + 1]);
#endif

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Accounts of the old system (seed 000, docs/legacy.md): imported with their
 * old username and password hash, they move to a new account the first time
 * the person logs in with them:
 *
 *   import ──▶ [active] ──login with the old username (account.h)──▶
 *     welcome page: the personal email (not a PEC) as the new username ──▶
 *     legacy_migrate: a new account (level full, pending until the address
 *     is confirmed, and until then no session: the login asks to open the
 *     link first), every other old registration of the person disabled,
 *     the old usernames stop working, the old address of record told
 *     ──▶ [migrated]
 *
 * The old password keeps working: it is re-hashed to argon2id at its first
 * success; one that fails today's policy still logs in, and the new account
 * must change it at once (account.must_change_password). */
#ifndef VARCO_CORE_LEGACY_H
#define VARCO_CORE_LEGACY_H
#include <stdint.h>

#include "core/env.h"
#include "core/form.h"
#include "core/types.h"
#include "util/status.h"

/* One row of `varco legacy import`. Empty strings for missing columns. */
struct legacy_row {
    const char *username, *codice_fiscale, *matricola, *password_hash, *email;
};

/* Imports or updates (by username) one row: the username, an accepted hash
 * (crypto/legacy_hash.h) and a person -- a matricola of the registry, or a
 * valid codice fiscale (whose registry record is linked when there is one).
 * VC_ERR_INVALID with the reasons in errs (fields named like the columns);
 * a row already migrated is left alone (VC_OK). */
enum vc_status legacy_import(const struct vc_env *env, const struct legacy_row *r,
                             struct form_errors *errs);

/* The welcome page: what to show for the old account in session. */
struct legacy_welcome {
    struct legacy_account leg;
    struct member member;         /* zeroed if none */
    bool has_account;             /* the person has a new account already */
    char proposed[EMAIL_MAX + 1]; /* the old email if usable as username, else "" */
};
enum vc_status legacy_welcome(const struct vc_env *env, int64_t legacy_id,
                              struct legacy_welcome *out);

/* Moves the old account to a new one under email (see above). VC_OK sets
 * *out_account_id; VC_ERR_INVALID (errs on "email"); VC_ERR_CONFLICT when the
 * person has an account already; VC_ERR_DENIED when the old account is no
 * longer active. lang: the person's language for mail. */
enum vc_status legacy_migrate(const struct vc_env *env, int64_t legacy_id, const char *email,
                              const char *lang, struct form_errors *errs, int64_t *out_account_id);
#endif

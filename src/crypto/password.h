/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Password and PIN hashing: argon2id through libsodium (crypto_pwhash_str),
 * with parameters chosen once at start-up. Thread-safe after password_init. */
#ifndef VARCO_CRYPTO_PASSWORD_H
#define VARCO_CRYPTO_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#include "util/status.h"

#define PASSWORD_HASH_MAX 128 /* crypto_pwhash_STRBYTES */

/* Cost of a hash. "interactive" is libsodium's INTERACTIVE (production
 * default); "test" is the minimum, for unit and end-to-end tests only. */
enum password_cost { PASSWORD_COST_INTERACTIVE, PASSWORD_COST_MODERATE, PASSWORD_COST_TEST };

/* Calls sodium_init and fixes the cost; once, before threads start. */
enum vc_status password_init(enum password_cost cost);

/* Hashes pw (len bytes, any bytes) into out (NUL-terminated "$argon2id$...").
 * The salt comes from libsodium's generator. VC_ERR_NOMEM if argon2 cannot
 * get its memory. */
enum vc_status password_hash(const char *pw, size_t len, char out[PASSWORD_HASH_MAX]);

/* True if pw matches the argon2id string hash. Constant time in pw. */
bool password_verify(const char *hash, const char *pw, size_t len);

/* Does the same amount of work as a failing verify: used when no account
 * exists so that timing does not tell (no account enumeration). */
void password_verify_dummy(const char *pw, size_t len);

/* True if hash was made with other parameters than the current ones. */
bool password_needs_rehash(const char *hash);

#endif

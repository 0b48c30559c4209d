/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Password hashes of the old system (seed 000), verified so that people
 * keep their password when their account moves over (docs/legacy.md):
 *   crypt(3) through libxcrypt: bcrypt "$2a$", "$2b$", "$2y$",
 *     sha512-crypt "$6$", sha256-crypt "$5$", md5-crypt "$1$";
 *   PBKDF2-HMAC-SHA256 in Django's documented format
 *     "pbkdf2_sha256$<iterations>$<salt>$<base64 of the 32-byte key>"
 *     (OpenSSL), iterations 1 .. LEGACY_PBKDF2_MAX_ITER;
 *   bcrypt cost at most LEGACY_BCRYPT_COST_MAX, sha-crypt rounds at most
 *   LEGACY_SHA_ROUNDS_MAX.
 * Thread-safe, no state. */
#ifndef VARCO_CRYPTO_LEGACY_HASH_H
#define VARCO_CRYPTO_LEGACY_HASH_H
#include <stdbool.h>
#include <stddef.h>

#define LEGACY_HASH_MAX 256
/* Cost caps: about a second of CPU at most for one login, whatever the file. */
#define LEGACY_PBKDF2_MAX_ITER 2000000
#define LEGACY_BCRYPT_COST_MAX 14
#define LEGACY_SHA_ROUNDS_MAX 1000000

/* The format's name ("bcrypt", "sha512-crypt", "sha256-crypt", "md5-crypt",
 * "pbkdf2-sha256", "argon2id" once re-hashed) or NULL if not accepted. */
const char *legacy_hash_format(const char *hash);

/* true when pw matches hash (constant-time comparison of the result). */
bool legacy_hash_verify(const char *hash, const char *pw, size_t len);
#endif

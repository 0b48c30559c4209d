/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Password and PIN hashing with argon2id (libsodium crypto_pwhash_str_alg).
 * The cost and the dummy hash are fixed once by password_init, before
 * threads start, and only read afterwards. Never logs what it hashes. */
#include "crypto/password.h"

#include <sodium.h>
#include <string.h>

#include "util/workcount.h"

static unsigned long long pw_opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
static size_t pw_memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
/* A real hash at the current cost, verified when no account exists so that
 * the response time does not reveal whether one does. */
static char dummy_hash[crypto_pwhash_STRBYTES];

_Static_assert(PASSWORD_HASH_MAX >= crypto_pwhash_STRBYTES, "PASSWORD_HASH_MAX too small");

enum vc_status password_init(enum password_cost cost)
{
    if (sodium_init() < 0)
        return VC_ERR_INTERNAL;
    switch (cost) {
    case PASSWORD_COST_INTERACTIVE:
        pw_opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
        pw_memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
        break;
    case PASSWORD_COST_MODERATE:
        pw_opslimit = crypto_pwhash_OPSLIMIT_MODERATE;
        pw_memlimit = crypto_pwhash_MEMLIMIT_MODERATE;
        break;
    case PASSWORD_COST_TEST:
        pw_opslimit = crypto_pwhash_OPSLIMIT_MIN;
        pw_memlimit = crypto_pwhash_MEMLIMIT_MIN;
        break;
    default:
        return VC_ERR_INVALID;
    }
    uint8_t junk[32];
    randombytes_buf(junk, sizeof(junk));
    enum vc_status st = password_hash((const char *)junk, sizeof(junk), dummy_hash);
    sodium_memzero(junk, sizeof(junk));
    return st;
}

enum vc_status password_hash(const char *pw, size_t len, char out[PASSWORD_HASH_MAX])
{
    char tmp[crypto_pwhash_STRBYTES];
    workcount_add_hash();
    if (crypto_pwhash_str_alg(tmp, pw, len, pw_opslimit, pw_memlimit,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return VC_ERR_NOMEM;
    memcpy(out, tmp, sizeof(tmp));
    return VC_OK;
}

bool password_verify(const char *hash, const char *pw, size_t len)
{
    /* The stored string must be NUL-terminated within the libsodium bound. */
    if (hash == NULL || memchr(hash, '\0', crypto_pwhash_STRBYTES) == NULL)
        return false;
    workcount_add_hash();
    return crypto_pwhash_str_verify(hash, pw, len) == 0;
}

void password_verify_dummy(const char *pw, size_t len)
{
    /* The result is meaningless (random dummy); only the work matters. */
    workcount_add_hash();
    if (dummy_hash[0] != '\0' && crypto_pwhash_str_verify(dummy_hash, pw, len) == 0)
        return;
}

bool password_needs_rehash(const char *hash)
{
    if (hash == NULL || memchr(hash, '\0', crypto_pwhash_STRBYTES) == NULL)
        return true;
    /* 1 = other parameters, -1 = not an argon2id string at all: rehash both. */
    return crypto_pwhash_str_needs_rehash(hash, pw_opslimit, pw_memlimit) != 0;
}

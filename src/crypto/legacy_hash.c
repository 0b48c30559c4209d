/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include <crypt.h>
#include <openssl/evp.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/legacy_hash.h"
#include "crypto/password.h"
#include "util/str.h"
#include "util/workcount.h"

static bool starts(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

/* Splits "pbkdf2_sha256$iter$salt$key" in place; false if malformed. */
static bool pbkdf2_parts(char *s, long *iter, char **salt, char **key)
{
    char *a = strchr(s, '$'), *b = a ? strchr(a + 1, '$') : NULL,
         *c = b ? strchr(b + 1, '$') : NULL;
    if (c == NULL || strchr(c + 1, '$') != NULL || b == a + 1 || c == b + 1 || c[1] == '\0')
        return false;
    *a = *b = *c = '\0';
    char *end = NULL;
    *iter = strtol(a + 1, &end, 10);
    *salt = b + 1;
    *key = c + 1;
    return *end == '\0' && *iter >= 1 && *iter <= LEGACY_PBKDF2_MAX_ITER;
}

/* bcrypt "$2b$NN$": NN at most LEGACY_BCRYPT_COST_MAX; sha-crypt
 * "$5$rounds=N$" / "$6$rounds=N$": N at most LEGACY_SHA_ROUNDS_MAX (no
 * rounds= means libxcrypt's default 5000). A hostile or careless import
 * file cannot make a login burn minutes of CPU. */
static bool cost_ok(const char *hash)
{
    if (hash[1] == '2') {
        const char *c = hash + 4;
        return c[0] >= '0' && c[0] <= '9' && c[1] >= '0' && c[1] <= '9' && c[2] == '$' &&
               (c[0] - '0') * 10 + (c[1] - '0') <= LEGACY_BCRYPT_COST_MAX;
    }
    if ((hash[1] == '5' || hash[1] == '6') && starts(hash + 3, "rounds=")) {
        char *end = NULL;
        long r = strtol(hash + 10, &end, 10);
        return end != hash + 10 && *end == '$' && r >= 1000 && r <= LEGACY_SHA_ROUNDS_MAX;
    }
    return true;
}

const char *legacy_hash_format(const char *hash)
{
    size_t n = strnlen(hash, LEGACY_HASH_MAX + 1);
    if (n == 0 || n > LEGACY_HASH_MAX)
        return NULL;
    if (starts(hash, "$argon2id$"))
        return "argon2id";
    if (starts(hash, "pbkdf2_sha256$")) {
        char copy[LEGACY_HASH_MAX + 1], *salt, *key;
        long iter;
        str_copy(copy, hash, sizeof copy);
        return pbkdf2_parts(copy + strlen("pbkdf2_sha256"), &iter, &salt, &key) ? "pbkdf2-sha256"
                                                                                : NULL;
    }
    /* The prefix, and the length of the last "$" field: the checksum (with
     * the salt for bcrypt), so that a bare setting is not taken for a hash. */
    static const struct {
        const char *prefix, *name;
        size_t tail;
    } crypts[] = {{"$2a$", "bcrypt", 53},      {"$2b$", "bcrypt", 53},
                  {"$2y$", "bcrypt", 53},      {"$6$", "sha512-crypt", 86},
                  {"$5$", "sha256-crypt", 43}, {"$1$", "md5-crypt", 22}};
    const char *last = strrchr(hash, '$');
    for (size_t i = 0; i < sizeof crypts / sizeof crypts[0]; i++) {
        /* libxcrypt must also take the setting (salt, rounds) as it is, and
         * the cost must stay within what one login may spend */
        if (starts(hash, crypts[i].prefix) && strlen(last + 1) == crypts[i].tail &&
            crypt_checksalt(hash) != CRYPT_SALT_INVALID && cost_ok(hash))
            return crypts[i].name;
    }
    return NULL;
}

static bool verify_pbkdf2(const char *hash, const char *pw, size_t len)
{
    char copy[LEGACY_HASH_MAX + 1], *salt, *key;
    long iter;
    str_copy(copy, hash, sizeof copy);
    if (!pbkdf2_parts(copy + strlen("pbkdf2_sha256"), &iter, &salt, &key))
        return false;
    unsigned char want[64], got[64];
    size_t want_len = 0;
    if (sodium_base642bin(want, sizeof want, key, strlen(key), NULL, &want_len, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        want_len < 16)
        return false;
    if (PKCS5_PBKDF2_HMAC(pw, (int)len, (const unsigned char *)salt, (int)strlen(salt), (int)iter,
                          EVP_sha256(), (int)want_len, got) != 1)
        return false;
    bool ok = sodium_memcmp(want, got, want_len) == 0;
    sodium_memzero(got, sizeof got);
    return ok;
}

bool legacy_hash_verify(const char *hash, const char *pw, size_t len)
{
    const char *f = legacy_hash_format(hash);
    if (f == NULL || memchr(pw, '\0', len) != NULL)
        return false;
    if (strcmp(f, "argon2id") == 0)
        return password_verify(hash, pw, len);
    if (strcmp(f, "pbkdf2-sha256") == 0) {
        workcount_add_hash();
        return verify_pbkdf2(hash, pw, len);
    }
    workcount_add_hash();
    /* crypt(3) wants a C string */
    char *copy = malloc(len + 1);
    struct crypt_data *cd = calloc(1, sizeof *cd);
    bool ok = false;
    if (copy != NULL && cd != NULL) {
        memcpy(copy, pw, len);
        copy[len] = '\0';
        const char *out = crypt_rn(copy, hash, cd, (int)sizeof *cd);
        ok = out != NULL && out[0] != '*' && strlen(out) == strlen(hash) &&
             sodium_memcmp(out, hash, strlen(hash)) == 0;
        sodium_memzero(copy, len);
    }
    free(copy);
    free(cd);
    return ok;
}

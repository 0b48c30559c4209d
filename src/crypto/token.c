/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Encoding and keyed hashing of secrets a person types or clicks. Takes
 * random bytes from the caller (core's env), never draws its own. Secrets
 * are stored only as token_hash values; comparisons are constant time. */
#include "crypto/token.h"

/* SHA256_Init and friends are deprecated in OpenSSL 3 in favour of EVP,
 * whose per-call lookups cost more than the hash of a short message, and
 * whose first use loads the providers and the configuration (2 MB of
 * libcrypto touched for good). */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#include <sodium.h>
#include <string.h>

#include "util/str.h"

_Static_assert(sizeof(CODE_ALPHABET) - 1 == CODE_ALPHABET_LEN, "CODE_ALPHABET_LEN");

/* Largest multiple of 26 that fits a byte: bytes at or above it are dropped
 * so that each character is equally likely (no modulo bias). */
#define CODE_BYTE_LIMIT (CODE_ALPHABET_LEN * (256 / CODE_ALPHABET_LEN)) /* 234 */

void token_encode(const uint8_t random[TOKEN_BYTES], char out[TOKEN_TEXT_LEN + 1])
{
    sodium_bin2base64(out, TOKEN_TEXT_LEN + 1, random, TOKEN_BYTES,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

bool token_code(const uint8_t *rnd, size_t rnd_len, size_t len, char *out)
{
    size_t n = 0;
    for (size_t i = 0; i < rnd_len && n < len; i++)
        if (rnd[i] < CODE_BYTE_LIMIT)
            out[n++] = CODE_ALPHABET[rnd[i] % CODE_ALPHABET_LEN];
    if (n < len) {
        sodium_memzero(out, n);
        out[0] = '\0';
        return false;
    }
    out[n] = '\0';
    return true;
}

size_t token_code_normalise(const char *in, char *out, size_t out_size)
{
    size_t n = 0;
    if (out_size == 0)
        return 0;
    for (; *in && n + 1 < out_size; in++) {
        char c = *in;
        if (c >= 'a' && c <= 'z')
            out[n++] = (char)(c - 'a' + 'A');
        else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
            out[n++] = c;
    }
    out[n] = '\0';
    return n;
}

void token_hash(const uint8_t pepper[32], const char *secret, size_t len, char out[TOKEN_HASH_HEX])
{
    uint8_t h[32];
    crypto_generichash(h, sizeof(h), (const unsigned char *)secret, len, pepper, 32);
    str_hex(h, sizeof(h), out);
}

bool token_equal(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la != lb)
        return false; /* lengths are public (fixed-size tokens) */
    return sodium_memcmp(a, b, la) == 0;
}

/* HMAC-SHA256 (RFC 2104) over OpenSSL's SHA-256, which uses the CPU's SHA
 * instructions where there are some: about five times faster than
 * libsodium's portable SHA-256 for the CSRF token of every page. The same
 * function as crypto_auth_hmacsha256 (tests/unit/test_crypto.c compares).
 * token_mac_init hashes the key's padded blocks, inner (0x36) and outer
 * (0x5c); token_mac_hex goes on from copies of those two states. */
_Static_assert(sizeof(SHA256_CTX) <= TOKEN_MAC_STATE, "TOKEN_MAC_STATE");

static void keyed_state(unsigned char state[TOKEN_MAC_STATE], const uint8_t key[32], uint8_t fill)
{
    uint8_t pad[SHA256_CBLOCK];
    SHA256_CTX c;
    memset(pad, fill, sizeof pad);
    for (size_t i = 0; i < 32; i++)
        pad[i] ^= key[i];
    SHA256_Init(&c);
    SHA256_Update(&c, pad, sizeof pad);
    memcpy(state, &c, sizeof c);
    sodium_memzero(pad, sizeof pad);
    sodium_memzero(&c, sizeof c);
}

void token_mac_init(struct token_mac *m, const uint8_t key[32])
{
    memset(m, 0, sizeof *m);
    keyed_state(m->inner, key, 0x36);
    keyed_state(m->outer, key, 0x5c);
}

void token_mac_hex(const struct token_mac *m, const void *msg, size_t len, char out[65])
{
    uint8_t inner[SHA256_DIGEST_LENGTH], mac[SHA256_DIGEST_LENGTH];
    SHA256_CTX c;
    memcpy(&c, m->inner, sizeof c);
    SHA256_Update(&c, msg, len);
    SHA256_Final(inner, &c);
    memcpy(&c, m->outer, sizeof c);
    SHA256_Update(&c, inner, sizeof inner);
    SHA256_Final(mac, &c);
    sodium_memzero(&c, sizeof c);
    str_hex(mac, sizeof(mac), out);
}

void token_mac_wipe(struct token_mac *m)
{
    sodium_memzero(m, sizeof *m);
}

void token_hmac_hex(const uint8_t key[32], const void *msg, size_t len, char out[65])
{
    struct token_mac m;
    token_mac_init(&m, key);
    token_mac_hex(&m, msg, len, out);
    token_mac_wipe(&m);
}

void token_s256(const char *text, size_t len, char out[TOKEN_TEXT_LEN + 1])
{
    uint8_t h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)text, len);
    token_encode(h, out);
}

void token_sha256_hex(const void *data, size_t len, char out[65])
{
    uint8_t h[SHA256_DIGEST_LENGTH];
    SHA256_CTX c;
    SHA256_Init(&c);
    SHA256_Update(&c, data, len);
    SHA256_Final(h, &c);
    str_hex(h, sizeof(h), out);
}

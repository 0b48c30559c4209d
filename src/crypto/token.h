/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Secrets a person types or clicks (email links, activation codes, session
 * ids): encoding and keyed hashing. Randomness is NOT taken here: callers
 * pass random bytes in (core gets them from env). Thread-safe, no state. */
#ifndef VARCO_CRYPTO_TOKEN_H
#define VARCO_CRYPTO_TOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TOKEN_BYTES 32                             /* 256-bit tokens (DESIGN.md §5) */
#define TOKEN_TEXT_LEN 43                          /* base64url without padding of 32 bytes */
#define TOKEN_HASH_HEX 65                          /* 64 hex + NUL */
#define CODE_ALPHABET "ACDEFGHJKLMNPQRTUVWXY34679" /* no 0/O, 1/I/L, 2/Z, 5/S, 8/B */
#define CODE_ALPHABET_LEN 26

/* base64url (no padding) of TOKEN_BYTES random bytes into out[TOKEN_TEXT_LEN+1]. */
void token_encode(const uint8_t random[TOKEN_BYTES], char out[TOKEN_TEXT_LEN + 1]);

/* len characters from CODE_ALPHABET chosen by the random bytes (rnd_len >= 2*len;
 * rejection sampling so that every character is equally likely). out gets
 * len chars + NUL. Returns false if rnd ran out (caller passes more bytes). */
bool token_code(const uint8_t *rnd, size_t rnd_len, size_t len, char *out);

/* Normalises what a person typed for a short code: drops spaces and dashes,
 * upper-cases, maps look-alikes (O->0 is NOT in the alphabet, so only case).
 * Writes at most out_size-1 chars; returns the resulting length. */
size_t token_code_normalise(const char *in, char *out, size_t out_size);

/* Keyed BLAKE2b-256 of the secret with the server pepper, lower-case hex.
 * Stored instead of the secret; lookups are by this value. */
void token_hash(const uint8_t pepper[32], const char *secret, size_t len, char out[TOKEN_HASH_HEX]);

/* Constant-time equality of two NUL-terminated strings of the same length. */
bool token_equal(const char *a, const char *b);

/* HMAC-SHA256 of msg with key (the function of crypto_auth_hmacsha256),
 * hex into out[65]. */
void token_hmac_hex(const uint8_t key[32], const void *msg, size_t len, char out[65]);

/* The same MAC under a key that stays (the CSRF key of every page): the
 * key's two padded blocks hashed once by token_mac_init, so that each MAC
 * then hashes only the message. The states are secret like the key: wipe
 * them with token_mac_wipe. Read-only once made, so shared by threads. */
#define TOKEN_MAC_STATE 128 /* bytes for one SHA-256 state (token.c checks) */
struct token_mac {
    unsigned char inner[TOKEN_MAC_STATE]; /* SHA256_CTX, copied in and out */
    unsigned char outer[TOKEN_MAC_STATE];
};
void token_mac_init(struct token_mac *m, const uint8_t key[32]);
void token_mac_hex(const struct token_mac *m, const void *msg, size_t len, char out[65]);
void token_mac_wipe(struct token_mac *m);

/* base64url (no padding) of the SHA-256 of text: PKCE's S256 (RFC 7636). */
void token_s256(const char *text, size_t len, char out[TOKEN_TEXT_LEN + 1]);

/* SHA-256 hex of data (documents, audit chain). */
void token_sha256_hex(const void *data, size_t len, char out[65]);

#endif

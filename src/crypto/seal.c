/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Encryption at rest: XChaCha20-Poly1305 secretbox, random 24-byte nonce
 * stored in front of the ciphertext (random nonces are safe at this size).
 * Plaintext copies are wiped before their memory is freed. No state. */
#include "crypto/seal.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define SEAL_NONCE crypto_secretbox_xchacha20poly1305_NONCEBYTES
#define SEAL_MAC crypto_secretbox_xchacha20poly1305_MACBYTES

_Static_assert(SEAL_KEY_BYTES == crypto_secretbox_xchacha20poly1305_KEYBYTES, "key size");

enum vc_status seal_encrypt(const uint8_t key[SEAL_KEY_BYTES], const void *data, size_t len,
                            struct buf *out)
{
    if (len > SIZE_MAX - SEAL_NONCE - SEAL_MAC - 1)
        return VC_ERR_INVALID;
    size_t total = SEAL_NONCE + SEAL_MAC + len;
    unsigned char *tmp = xmalloc(total);
    randombytes_buf(tmp, SEAL_NONCE);
    if (crypto_secretbox_xchacha20poly1305_easy(tmp + SEAL_NONCE, data, len, tmp, key) != 0) {
        free(tmp);
        return VC_ERR_INTERNAL;
    }
    buf_append(out, tmp, total);
    free(tmp);
    return VC_OK;
}

enum vc_status seal_decrypt(const uint8_t key[SEAL_KEY_BYTES], const void *data, size_t len,
                            struct buf *out)
{
    if (len < SEAL_NONCE + SEAL_MAC)
        return VC_ERR_INVALID;
    const unsigned char *in = data;
    size_t plain_len = len - SEAL_NONCE - SEAL_MAC;
    unsigned char *tmp = xmalloc(plain_len + 1);
    enum vc_status st = VC_ERR_INVALID;
    if (crypto_secretbox_xchacha20poly1305_open_easy(tmp, in + SEAL_NONCE, len - SEAL_NONCE, in,
                                                     key) == 0) {
        buf_append(out, tmp, plain_len);
        st = VC_OK;
    }
    sodium_memzero(tmp, plain_len + 1);
    free(tmp);
    return st;
}

_Static_assert(SEAL_NONCE_BYTES == SEAL_NONCE && SEAL_MAC_BYTES == SEAL_MAC, "sizes");

void seal_small(const uint8_t key[SEAL_KEY_BYTES], const uint8_t nonce[SEAL_NONCE_BYTES],
                const uint8_t *in, size_t len, uint8_t *out)
{
    memcpy(out, nonce, SEAL_NONCE);
    crypto_secretbox_xchacha20poly1305_easy(out + SEAL_NONCE, in, len, nonce, key);
}

bool seal_small_open(const uint8_t key[SEAL_KEY_BYTES], const uint8_t *in, size_t len, uint8_t *out)
{
    if (len < SEAL_NONCE + SEAL_MAC)
        return false;
    return crypto_secretbox_xchacha20poly1305_open_easy(out, in + SEAL_NONCE, len - SEAL_NONCE, in,
                                                        key) == 0;
}

void seal_subkey(const uint8_t master[SEAL_KEY_BYTES], const char purpose[8],
                 uint8_t out[SEAL_KEY_BYTES])
{
    crypto_kdf_derive_from_key(out, SEAL_KEY_BYTES, 1, purpose, master);
}

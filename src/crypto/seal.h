/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Encryption at rest for uploaded identity documents (and any other blob):
 * XChaCha20-Poly1305 (libsodium secretbox) with a 32-byte data key from the
 * data folder's secrets. The nonce is taken from libsodium's generator and
 * stored in front of the ciphertext. Thread-safe, no state. */
#ifndef VARCO_CRYPTO_SEAL_H
#define VARCO_CRYPTO_SEAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/status.h"

#define SEAL_KEY_BYTES 32

/* Appends nonce || ciphertext of (data, len) to out. */
enum vc_status seal_encrypt(const uint8_t key[SEAL_KEY_BYTES], const void *data, size_t len,
                            struct buf *out);
/* Appends the plaintext to out; VC_ERR_INVALID if forged, truncated or the
 * wrong key. */
enum vc_status seal_decrypt(const uint8_t key[SEAL_KEY_BYTES], const void *data, size_t len,
                            struct buf *out);

/* Short secrets kept in a row (an operator's TOTP key): the same cipher on
 * fixed buffers, with the nonce given by the caller (core takes it from
 * env's randomness). out holds SEAL_NONCE_BYTES + SEAL_MAC_BYTES + len. */
#define SEAL_NONCE_BYTES 24
#define SEAL_MAC_BYTES 16
void seal_small(const uint8_t key[SEAL_KEY_BYTES], const uint8_t nonce[SEAL_NONCE_BYTES],
                const uint8_t *in, size_t len, uint8_t *out);
/* Opens what seal_small made: false if forged, truncated or the wrong key.
 * out holds len - SEAL_NONCE_BYTES - SEAL_MAC_BYTES bytes. */
bool seal_small_open(const uint8_t key[SEAL_KEY_BYTES], const uint8_t *in, size_t len,
                     uint8_t *out);
/* A key for one purpose ("totp") derived from a master key, so that one
 * secret of the data folder serves several uses without mixing them. */
void seal_subkey(const uint8_t master[SEAL_KEY_BYTES], const char purpose[8],
                 uint8_t out[SEAL_KEY_BYTES]);

#endif

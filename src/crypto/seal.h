/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Encryption at rest for uploaded identity documents (and any other blob):
 * XChaCha20-Poly1305 (libsodium secretbox) with a 32-byte data key from the
 * data folder's secrets. The nonce is taken from libsodium's generator and
 * stored in front of the ciphertext. Thread-safe, no state. */
#ifndef VARCO_CRYPTO_SEAL_H
#define VARCO_CRYPTO_SEAL_H

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

#endif

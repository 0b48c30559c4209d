/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The generator of rng.h: "fast key erasure" (D. J. Bernstein, 2017; the
 * construction of OpenBSD's arc4random). Each refill runs ChaCha20 under
 * the current key; the first 32 bytes of the output replace the key at once,
 * the rest is handed out once and wiped as it goes. Whoever reads the state
 * later learns nothing of what was handed out before. The key comes from the
 * OS (randombytes_buf: getrandom) at the first use on each thread and again
 * every RNG_RESEED refills, so that a state read at some point stops
 * predicting the output soon after. One state per thread: no lock; varco
 * never forks once threads run, so no state is ever shared by two processes. */
#include "crypto/rng.h"

#include <sodium.h>
#include <stdbool.h>
#include <string.h>

#define RNG_BLOCK 512 /* bytes of ChaCha20 per refill: a key and 15 CSRF cookies */
#define RNG_RESEED 64 /* refills between two keys from the OS (~30 KB of output) */

static _Thread_local struct {
    uint8_t key[crypto_stream_chacha20_KEYBYTES];
    uint8_t buf[RNG_BLOCK - crypto_stream_chacha20_KEYBYTES];
    size_t left; /* bytes not handed out yet, at the end of buf */
    unsigned refills;
} rng;

static void refill(void)
{
    if (rng.refills % RNG_RESEED == 0)
        randombytes_buf(rng.key, sizeof rng.key);
    /* each key is used for one block only, so a fixed nonce never repeats
     * under the same key */
    static const uint8_t nonce[crypto_stream_chacha20_NONCEBYTES] = {0};
    uint8_t block[RNG_BLOCK];
    crypto_stream_chacha20(block, sizeof block, nonce, rng.key);
    memcpy(rng.key, block, sizeof rng.key);
    memcpy(rng.buf, block + sizeof rng.key, sizeof rng.buf);
    sodium_memzero(block, sizeof block);
    rng.left = sizeof rng.buf;
    rng.refills++;
}

void rng_bytes(void *buf, size_t len)
{
    uint8_t *p = buf;
    while (len > 0) {
        if (rng.left == 0)
            refill();
        size_t n = len < rng.left ? len : rng.left;
        uint8_t *src = rng.buf + sizeof rng.buf - rng.left;
        memcpy(p, src, n);
        sodium_memzero(src, n);
        rng.left -= n;
        p += n;
        len -= n;
    }
}

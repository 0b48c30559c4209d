/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Random bytes for values drawn on every request (a fresh CSRF cookie),
 * without a system call each time: a ChaCha20 generator per thread, keyed
 * from the OS. Core's secrets (session ids, codes, links) keep coming from
 * env->random_bytes (libsodium's system generator). */
#ifndef VARCO_CRYPTO_RNG_H
#define VARCO_CRYPTO_RNG_H

#include <stddef.h>

/* Fills buf with len bytes of cryptographic quality. Thread-safe (the state
 * is per thread); aborts if the OS cannot seed it (libsodium's behaviour). */
void rng_bytes(void *buf, size_t len);

#endif

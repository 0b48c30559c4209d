/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* A per-thread count of password-hash computations (argon2id hashes and
 * verifications, the dummy one included, and legacy hash checks). crypto/
 * adds to it; http/ reads it around each request's work (on the request
 * thread and on the worker pool) to report, in dev mode, how many a request
 * cost: the tests check that every door does the same work whether or not
 * an account exists, where a timing would only measure the machine's load.
 * Thread-local, no locks. libc only. */
#ifndef VARCO_UTIL_WORKCOUNT_H
#define VARCO_UTIL_WORKCOUNT_H

#include <stdint.h>

/* One more password-hash computation on this thread. */
void workcount_add_hash(void);

/* How many this thread has done since it started (compare two readings). */
uint64_t workcount_hashes(void);

#endif

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The results of a connection's recent reads, each kept with the version of
 * the database it was read at (sqlite.c says what a version is and when a
 * result may be served). A fixed table of slots in sets of READCACHE_WAYS:
 * a key goes to its set, replacing the set's least recently used result;
 * bounded memory. Rows are copied bytes, so only flat structs (no
 * pointers) may be kept: every row struct of core/ is one. One per
 * connection, so one thread: no locks. */
#ifndef VARCO_STORE_SQLITE_READCACHE_H
#define VARCO_STORE_SQLITE_READCACHE_H
#include <stdbool.h>
#include <stddef.h>

#define READCACHE_SLOTS 128
#define READCACHE_WAYS 4
#define READCACHE_KEY_MAX 192     /* a longer query key is not kept */
#define READCACHE_VALUE_MAX 16384 /* nor a longer result */
#define READCACHE_VERSION_LEN 48

struct readcache;

/* NULL when out of memory (the connection then reads without a cache). */
struct readcache *readcache_new(void);
void readcache_free(struct readcache *rc); /* NULL is a no-op */

/* The result kept for key at version, copied into out (at most cap bytes):
 * true with *n_rows and the rows, false when there is none at that version. */
bool readcache_get(struct readcache *rc, const unsigned char *key, size_t key_len,
                   const unsigned char version[READCACHE_VERSION_LEN], void *out, size_t cap,
                   size_t *n_rows);

/* Keeps n_rows rows (len bytes at rows) as key's result at version. A key
 * or result over the bounds, or no memory, keeps nothing. */
void readcache_put(struct readcache *rc, const unsigned char *key, size_t key_len,
                   const unsigned char version[READCACHE_VERSION_LEN], const void *rows, size_t len,
                   size_t n_rows);

#endif

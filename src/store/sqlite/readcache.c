/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* A connection's recent read results by query key and database version
 * (readcache.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/readcache.h"

struct slot {
    uint64_t hash;
    size_t key_len; /* 0: empty */
    size_t len;
    size_t n_rows;
    size_t cap;
    unsigned char *rows;
    unsigned char version[READCACHE_VERSION_LEN];
    unsigned char key[READCACHE_KEY_MAX];
};

struct readcache {
    struct slot slots[READCACHE_SLOTS];
};

/* FNV-1a, 64 bits: the keys are ours (statement, reader, parameters), not
 * an attacker's choice of collisions worth more than a slot shared */
static uint64_t hash_of(const unsigned char *key, size_t len)
{
    uint64_t h = 14695981039346656037u;
    for (size_t i = 0; i < len; i++) {
        h ^= key[i];
        h *= 1099511628211u;
    }
    return h;
}

struct readcache *readcache_new(void)
{
    return calloc(1, sizeof(struct readcache));
}

void readcache_free(struct readcache *rc)
{
    if (rc == NULL)
        return;
    for (size_t i = 0; i < READCACHE_SLOTS; i++)
        free(rc->slots[i].rows);
    free(rc);
}

bool readcache_get(const struct readcache *rc, const unsigned char *key, size_t key_len,
                   const unsigned char version[READCACHE_VERSION_LEN], void *out, size_t cap,
                   size_t *n_rows)
{
    if (key_len == 0 || key_len > READCACHE_KEY_MAX)
        return false;
    uint64_t h = hash_of(key, key_len);
    const struct slot *s = &rc->slots[h % READCACHE_SLOTS];
    if (s->key_len != key_len || s->hash != h || s->len > cap ||
        memcmp(s->version, version, READCACHE_VERSION_LEN) != 0 ||
        memcmp(s->key, key, key_len) != 0)
        return false;
    if (s->len > 0)
        memcpy(out, s->rows, s->len);
    *n_rows = s->n_rows;
    return true;
}

void readcache_put(struct readcache *rc, const unsigned char *key, size_t key_len,
                   const unsigned char version[READCACHE_VERSION_LEN], const void *rows, size_t len,
                   size_t n_rows)
{
    if (key_len == 0 || key_len > READCACHE_KEY_MAX || len > READCACHE_VALUE_MAX)
        return;
    uint64_t h = hash_of(key, key_len);
    struct slot *s = &rc->slots[h % READCACHE_SLOTS];
    s->key_len = 0; /* empty until complete */
    if (len > s->cap) {
        unsigned char *p = realloc(s->rows, len);
        if (p == NULL)
            return;
        s->rows = p;
        s->cap = len;
    }
    if (len > 0)
        memcpy(s->rows, rows, len);
    s->len = len;
    s->n_rows = n_rows;
    s->hash = h;
    memcpy(s->version, version, READCACHE_VERSION_LEN);
    memcpy(s->key, key, key_len);
    s->key_len = key_len;
}

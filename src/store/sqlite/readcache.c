/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* A connection's recent read results by query key and database version
 * (readcache.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/readcache.h"
#include "util/str.h"

struct slot {
    uint64_t hash;
    uint64_t used;  /* the cache's clock when last read or written: the set's oldest goes */
    size_t key_len; /* 0: empty */
    size_t len;
    size_t n_rows;
    size_t cap;
    unsigned char *rows;
    unsigned char version[READCACHE_VERSION_LEN];
    unsigned char key[READCACHE_KEY_MAX];
};

/* Sets of READCACHE_WAYS slots: a key may sit in any slot of its set, so
 * that the dozen keys of one page do not evict each other for sharing a
 * slot (a direct-mapped table did, for some builds' addresses, every time). */
#define SETS (READCACHE_SLOTS / READCACHE_WAYS)

struct readcache {
    uint64_t clock;
    struct slot slots[READCACHE_SLOTS];
};

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

static bool holds(const struct slot *s, uint64_t h, const unsigned char *key, size_t key_len)
{
    return s->key_len == key_len && s->hash == h && memcmp(s->key, key, key_len) == 0;
}

bool readcache_get(struct readcache *rc, const unsigned char *key, size_t key_len,
                   const unsigned char version[READCACHE_VERSION_LEN], void *out, size_t cap,
                   size_t *n_rows)
{
    if (key_len == 0 || key_len > READCACHE_KEY_MAX)
        return false;
    uint64_t h = str_hash(key, key_len);
    struct slot *set = &rc->slots[(h % SETS) * READCACHE_WAYS];
    for (size_t w = 0; w < READCACHE_WAYS; w++) {
        struct slot *s = &set[w];
        if (!holds(s, h, key, key_len))
            continue;
        if (s->len > cap || memcmp(s->version, version, READCACHE_VERSION_LEN) != 0)
            return false;
        if (s->len > 0)
            memcpy(out, s->rows, s->len);
        *n_rows = s->n_rows;
        s->used = ++rc->clock;
        return true;
    }
    return false;
}

void readcache_put(struct readcache *rc, const unsigned char *key, size_t key_len,
                   const unsigned char version[READCACHE_VERSION_LEN], const void *rows, size_t len,
                   size_t n_rows)
{
    if (key_len == 0 || key_len > READCACHE_KEY_MAX || len > READCACHE_VALUE_MAX)
        return;
    uint64_t h = str_hash(key, key_len);
    struct slot *set = &rc->slots[(h % SETS) * READCACHE_WAYS];
    /* the key's own slot (an older version of its result), else the set's
     * least recently used */
    struct slot *s = &set[0];
    for (size_t w = 0; w < READCACHE_WAYS; w++) {
        if (holds(&set[w], h, key, key_len)) {
            s = &set[w];
            break;
        }
        if (set[w].used < s->used)
            s = &set[w];
    }
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
    s->used = ++rc->clock;
    memcpy(s->version, version, READCACHE_VERSION_LEN);
    memcpy(s->key, key, key_len);
    s->key_len = key_len;
}

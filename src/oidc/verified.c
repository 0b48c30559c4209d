/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The cache of verified access tokens (oidc/verified.h). */
#include "oidc/verified.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "util/str.h"

#define SLOTS 2048 /* about 140 KB, touched only as tokens come */
#define STRIPES 16

struct slot {
    uint8_t key[16]; /* all zero: empty */
    int64_t exp;
    char sid[OIDC_SID_LEN + 1];
};

static struct slot slots[SLOTS];
static pthread_mutex_t locks[STRIPES] = {
    PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
    PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
    PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
    PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
    PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
    PTHREAD_MUTEX_INITIALIZER};
static uint8_t secret[crypto_generichash_KEYBYTES];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void make_secret(void)
{
    randombytes_buf(secret, sizeof secret);
}

/* A keyed hash of the whole token: nobody can aim at a slot or forge a key. */
static size_t key_of(const char *token, uint8_t key[16])
{
    pthread_once(&once, make_secret);
    crypto_generichash(key, 16, (const unsigned char *)token, strlen(token), secret, sizeof secret);
    uint64_t h;
    memcpy(&h, key, sizeof h);
    return (size_t)(h % SLOTS);
}

bool verified_get(const char *token, int64_t now, char sid[OIDC_SID_LEN + 1])
{
    uint8_t key[16];
    size_t i = key_of(token, key);
    pthread_mutex_t *m = &locks[i % STRIPES];
    pthread_mutex_lock(m);
    bool hit = sodium_memcmp(slots[i].key, key, sizeof key) == 0 && now < slots[i].exp;
    if (hit)
        memcpy(sid, slots[i].sid, OIDC_SID_LEN + 1);
    pthread_mutex_unlock(m);
    return hit;
}

void verified_put(const char *token, int64_t exp, const char *sid)
{
    uint8_t key[16];
    size_t i = key_of(token, key);
    pthread_mutex_t *m = &locks[i % STRIPES];
    pthread_mutex_lock(m);
    memcpy(slots[i].key, key, sizeof key);
    slots[i].exp = exp;
    str_copy(slots[i].sid, sid, sizeof slots[i].sid);
    pthread_mutex_unlock(m);
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* varco's signing keys in memory (oidc/keys.h): loaded from the store,
 * reloaded when due, used under a read lock. */
#include "oidc/keys.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/oidc.h"
#include "core/repo.h"
#include "crypto/jws.h"
#include "crypto/seal.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/str.h"
#include "util/json_mem.h"

#define KEYS_MAX 16

struct entry {
    struct jws_key *key;
    int64_t retired_at; /* 0: it signs */
};

struct oidc_keys {
    pthread_rwlock_t lock; /* guards e, n, jwks */
    pthread_mutex_t reload_lock;
    uint8_t seal[SEAL_KEY_BYTES];
    struct entry e[KEYS_MAX];
    size_t n;
    char *jwks;
    int64_t loaded_at; /* 0: never */
    int64_t forced_at; /* the last reload for an unknown kid */
};

static void derive(const uint8_t seal_key[32], uint8_t out[SEAL_KEY_BYTES])
{
    seal_subkey(seal_key, "signkey", out);
}

enum vc_status oidc_keys_new(const uint8_t seal_key[32], struct oidc_keys **out)
{
    struct oidc_keys *k = calloc(1, sizeof *k);
    if (k == NULL)
        return VC_ERR_NOMEM;
    pthread_rwlock_init(&k->lock, NULL);
    pthread_mutex_init(&k->reload_lock, NULL);
    derive(seal_key, k->seal);
    *out = k;
    return VC_OK;
}

static void clear(struct entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++)
        jws_key_free(e[i].key);
}

void oidc_keys_free(struct oidc_keys *k)
{
    if (k == NULL)
        return;
    clear(k->e, k->n);
    free(k->jwks);
    sodium_memzero(k->seal, sizeof k->seal);
    pthread_rwlock_destroy(&k->lock);
    pthread_mutex_destroy(&k->reload_lock);
    free(k);
}

/* ---- sealing ---- */

static enum vc_status seal_pem(const uint8_t seal[SEAL_KEY_BYTES], const char *pem,
                               char out[SIGNING_KEY_SEALED_MAX])
{
    struct buf b = {0};
    enum vc_status st = seal_encrypt(seal, pem, strlen(pem), &b);
    if (st == VC_OK) {
        if (sodium_base64_encoded_len(b.len, sodium_base64_VARIANT_ORIGINAL) >
            SIGNING_KEY_SEALED_MAX)
            st = VC_ERR_INTERNAL;
        else
            sodium_bin2base64(out, SIGNING_KEY_SEALED_MAX, (const unsigned char *)b.data, b.len,
                              sodium_base64_VARIANT_ORIGINAL);
    }
    buf_fini(&b);
    return st;
}

static enum vc_status open_key(const uint8_t seal[SEAL_KEY_BYTES], const char *sealed,
                               struct jws_key **out)
{
    size_t cap = strlen(sealed), len = 0;
    unsigned char *bin = malloc(cap + 1);
    if (bin == NULL)
        return VC_ERR_NOMEM;
    enum vc_status st = VC_ERR_INVALID;
    struct buf pem = {0};
    if (sodium_base642bin(bin, cap, sealed, cap, NULL, &len, NULL,
                          sodium_base64_VARIANT_ORIGINAL) == 0 &&
        seal_decrypt(seal, bin, len, &pem) == VC_OK)
        st = jws_key_from_pem(pem.data, pem.len, out);
    if (pem.data != NULL)
        sodium_memzero(pem.data, pem.len);
    buf_fini(&pem);
    free(bin);
    return st;
}

/* ---- the table ---- */

enum vc_status oidc_keys_rotate(struct store *s, const uint8_t seal_key[32], int64_t now,
                                char kid_out[64])
{
    uint8_t seal[SEAL_KEY_BYTES];
    derive(seal_key, seal);
    struct signing_key *old = calloc(KEYS_MAX, sizeof *old);
    if (old == NULL)
        return VC_ERR_NOMEM;
    size_t n = 0;
    enum vc_status st = repo_signing_keys_list(s, old, KEYS_MAX, &n);
    for (size_t i = 0; st == VC_OK && i < n; i++)
        if (old[i].retired_at == 0) {
            old[i].retired_at = now;
            st = repo_signing_key_update(s, &old[i]);
        }
    static const enum jws_alg algs[] = {JWS_ES256, JWS_RS256};
    for (size_t i = 0; st == VC_OK && i < sizeof algs / sizeof algs[0]; i++) {
        char *pem = NULL;
        struct jws_key *key = NULL;
        struct signing_key row;
        memset(&row, 0, sizeof row);
        st = jws_key_generate(algs[i], &pem);
        if (st == VC_OK)
            st = jws_key_from_pem(pem, strlen(pem), &key);
        if (st == VC_OK)
            st = seal_pem(seal, pem, row.private_sealed);
        if (st == VC_OK) {
            str_copy(row.kid, jws_key_kid(key), sizeof row.kid);
            str_copy(row.alg, jws_alg_name(algs[i]), sizeof row.alg);
            row.created_at = now;
            st = repo_signing_key_insert(s, &row);
            if (st == VC_OK && kid_out != NULL && algs[i] == JWS_ES256)
                str_copy(kid_out, row.kid, 64);
        }
        if (pem != NULL) {
            sodium_memzero(pem, strlen(pem));
            free(pem);
        }
        jws_key_free(key);
    }
    free(old);
    sodium_memzero(seal, sizeof seal);
    return st;
}

enum vc_status oidc_keys_present(struct store *s, bool *out)
{
    struct signing_key *rows = calloc(KEYS_MAX, sizeof *rows);
    if (rows == NULL)
        return VC_ERR_NOMEM;
    size_t n = 0;
    enum vc_status st = repo_signing_keys_list(s, rows, KEYS_MAX, &n);
    *out = false;
    for (size_t i = 0; st == VC_OK && i < n; i++)
        if (rows[i].retired_at == 0)
            *out = true;
    free(rows);
    return st;
}

/* Reads the table into a new set and swaps it in. */
static enum vc_status reload(struct oidc_keys *k, struct store *s, int64_t now)
{
    struct signing_key *rows = calloc(KEYS_MAX, sizeof *rows);
    if (rows == NULL)
        return VC_ERR_NOMEM;
    size_t n = 0;
    struct entry fresh[KEYS_MAX];
    size_t m = 0;
    enum vc_status st = repo_signing_keys_list(s, rows, KEYS_MAX, &n);
    json_t *keys = json_array();
    for (size_t i = 0; st == VC_OK && i < n; i++) {
        if (rows[i].retired_at != 0 && now - rows[i].retired_at > OIDC_KEY_GRACE_SECONDS)
            continue; /* no token it signed is still alive */
        struct jws_key *key = NULL;
        if (open_key(k->seal, rows[i].private_sealed, &key) != VC_OK) {
            log_msg(LOG_ERROR, NULL,
                    "oidc: signing key %s cannot be opened with this data folder's"
                    " secret; skipped",
                    rows[i].kid);
            continue;
        }
        fresh[m].key = key;
        fresh[m].retired_at = rows[i].retired_at;
        json_array_append_new(keys, jws_key_public_jwk(key));
        m++;
    }
    free(rows);
    char *text = NULL;
    if (st == VC_OK) {
        json_t *doc = json_pack("{s:o}", "keys", keys);
        keys = NULL;
        text = doc ? json_text(doc, JSON_COMPACT) : NULL;
        json_decref(doc);
        if (text == NULL)
            st = VC_ERR_NOMEM;
    }
    json_decref(keys);
    if (st != VC_OK) {
        clear(fresh, m);
        free(text);
        return st;
    }
    pthread_rwlock_wrlock(&k->lock);
    clear(k->e, k->n);
    memcpy(k->e, fresh, m * sizeof fresh[0]);
    k->n = m;
    free(k->jwks);
    k->jwks = text;
    k->loaded_at = now;
    pthread_rwlock_unlock(&k->lock);
    return VC_OK;
}

/* Reloads when due (or when force and not in the last second); one thread
 * at a time, the others go on with the set they have. */
static void refresh(struct oidc_keys *k, struct store *s, int64_t now, bool force)
{
    pthread_rwlock_rdlock(&k->lock);
    bool due = k->loaded_at == 0 || now - k->loaded_at >= OIDC_KEYS_RELOAD_SECONDS ||
               (force && now != k->forced_at);
    pthread_rwlock_unlock(&k->lock);
    if (!due || s == NULL)
        return;
    if (pthread_mutex_trylock(&k->reload_lock) != 0)
        return;
    if (force)
        k->forced_at = now;
    if (reload(k, s, now) != VC_OK)
        log_msg(LOG_ERROR, NULL, "oidc: the signing keys could not be read");
    pthread_mutex_unlock(&k->reload_lock);
}

enum vc_status oidc_keys_sign(struct oidc_keys *k, struct store *s, int64_t now, const char *alg,
                              const char *typ, const json_t *claims, char **out)
{
    refresh(k, s, now, false);
    enum jws_alg a;
    if (!jws_alg_parse(alg, &a))
        return VC_ERR_INVALID;
    enum vc_status st = VC_ERR_NOT_FOUND;
    pthread_rwlock_rdlock(&k->lock);
    for (size_t i = 0; i < k->n; i++)
        if (k->e[i].retired_at == 0 && jws_key_alg(k->e[i].key) == a) {
            st = jws_sign(k->e[i].key, typ, claims, out);
            break;
        }
    pthread_rwlock_unlock(&k->lock);
    if (st == VC_ERR_NOT_FOUND)
        log_msg(LOG_ERROR, NULL, "oidc: no %s signing key: run `varco keys rotate`", alg);
    return st;
}

static enum vc_status verify_once(struct oidc_keys *k, const char *compact, json_t **claims,
                                  char typ[32])
{
    pthread_rwlock_rdlock(&k->lock);
    struct jws_key *keys[KEYS_MAX];
    for (size_t i = 0; i < k->n; i++)
        keys[i] = k->e[i].key;
    enum vc_status st = jws_verify(compact, keys, k->n, claims, typ);
    pthread_rwlock_unlock(&k->lock);
    return st;
}

enum vc_status oidc_keys_verify(struct oidc_keys *k, struct store *s, int64_t now,
                                const char *compact, json_t **claims, char typ[32])
{
    refresh(k, s, now, false);
    enum vc_status st = verify_once(k, compact, claims, typ);
    if (st == VC_ERR_INVALID) { /* perhaps a key rotated in by another process */
        refresh(k, s, now, true);
        st = verify_once(k, compact, claims, typ);
    }
    return st == VC_OK ? VC_OK : VC_ERR_INVALID;
}

enum vc_status oidc_keys_jwks(struct oidc_keys *k, struct store *s, int64_t now, char **out)
{
    refresh(k, s, now, false);
    pthread_rwlock_rdlock(&k->lock);
    *out = k->jwks ? strdup(k->jwks) : strdup("{\"keys\":[]}");
    pthread_rwlock_unlock(&k->lock);
    return *out ? VC_OK : VC_ERR_NOMEM;
}

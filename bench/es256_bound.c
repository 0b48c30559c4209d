/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The physical limit of ID token issuance on this machine: jws_sign with one
 * shared P-256 key over ID-token-sized claims (~600 bytes), one thread per
 * core (or argv[1] threads) for argv[2] seconds (default 3). Prints
 * "es256_signs_per_second N". A token endpoint can only be slower than this;
 * bench/run may report the ratio. Sharing one key across threads is what the
 * provider does, so lock contention inside OpenSSL is part of the figure. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "crypto/jws.h"

#define MAX_THREADS 256

static struct jws_key *key;
static json_t *claims;
static atomic_long done;
static atomic_bool stop;

static void *worker(void *arg)
{
    (void)arg;
    while (!atomic_load(&stop)) {
        char *tok = NULL;
        if (jws_sign(key, "JWT", claims, &tok) != VC_OK) {
            fprintf(stderr, "sign failed\n");
            exit(1);
        }
        free(tok);
        atomic_fetch_add(&done, 1);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    long threads = argc > 1 ? atol(argv[1]) : sysconf(_SC_NPROCESSORS_ONLN);
    int seconds = argc > 2 ? atoi(argv[2]) : 3;
    char *pem = NULL, *tok = NULL;
    if (threads <= 0 || threads > MAX_THREADS || seconds <= 0)
        return 1;
    if (jws_key_generate(JWS_ES256, &pem) != VC_OK ||
        jws_key_from_pem(pem, strlen(pem), &key) != VC_OK)
        return 1;
    free(pem);
    claims = json_pack(
        "{s:s, s:s, s:s, s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s, "
        "s:s}",
        "iss", "https://varco.example.org", "sub", "a3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "aud",
        "portale-iscritti", "iat", (json_int_t)1798761600, "exp", (json_int_t)1798761900,
        "auth_time", (json_int_t)1798761590, "nonce", "n-0S6_WzA2Mj-4b7d9e1f3a5c7e9b1d3f5a7c9",
        "acr", "https://www.spid.gov.it/SpidL2", "sid", "6c1e2b9f-3a4d-4e5f-8a7b-9c0d1e2f3a4b",
        "at_hash", "77QmUPtjPfzWtF2AnpK9RQ", "fiscal_number", "TINIT-RSSMRA85M01H501Q", "name",
        "Mario", "family_name", "Rossi", "email", "mario.rossi@example.org", "email_verified", 1,
        "preferred_username", "RSSMRA85M01H501Q", "locale", "it-IT", "level",
        "full+2fa-with-a-longer-label-for-the-relying-party-to-show-in-its-own-pages");
    /* One token first: the claims size is part of the figure's meaning. */
    if (claims == NULL || jws_sign(key, "JWT", claims, &tok) != VC_OK)
        return 1;
    char *dump = json_dumps(claims, JSON_COMPACT);
    fprintf(stderr, "claims %zu bytes, token %zu bytes, %ld threads, %d s\n",
            dump ? strlen(dump) : 0, strlen(tok), threads, seconds);
    free(dump);
    free(tok);

    pthread_t t[MAX_THREADS];
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (long i = 0; i < threads; i++)
        if (pthread_create(&t[i], NULL, worker, NULL) != 0)
            return 1;
    sleep((unsigned)seconds);
    atomic_store(&stop, true);
    for (long i = 0; i < threads; i++)
        pthread_join(t[i], NULL);
    clock_gettime(CLOCK_MONOTONIC, &b);
    double el = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    printf("es256_signs_per_second %.1f\n", (double)atomic_load(&done) / el);
    json_decref(claims);
    jws_key_free(key);
    return 0;
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The physical limit of password logins on this machine: argon2id verifies
 * with the parameters varco uses (libsodium's interactive ones), on every
 * core at once, for a given time. Prints verifies per second. A login can
 * only be slower than this; bench/run reports the ratio. The threads run at
 * the priority of varco's hashing workers (HTTP_POOL_NICE, src/http/daemon.h), so
 * that on a machine shared with other work both get the same share of it. */
#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "http/daemon.h"

static char hash[crypto_pwhash_STRBYTES];
static atomic_long done;
static atomic_bool stop;

static void *worker(void *arg)
{
    (void)arg;
    if (setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), HTTP_POOL_NICE) != 0)
        fprintf(stderr, "cannot lower the priority\n");
    while (!atomic_load(&stop)) {
        if (crypto_pwhash_str_verify(hash, "Segreta2024", 11) != 0) {
            fprintf(stderr, "verify failed\n");
            exit(1);
        }
        atomic_fetch_add(&done, 1);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    int seconds = argc > 1 ? atoi(argv[1]) : 10;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (sodium_init() < 0 || seconds <= 0 || cores <= 0 || cores > 256)
        return 1;
    if (crypto_pwhash_str_alg(hash, "Segreta2024", 11, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return 1;
    pthread_t t[256];
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (long i = 0; i < cores; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    sleep((unsigned)seconds);
    atomic_store(&stop, true);
    for (long i = 0; i < cores; i++)
        pthread_join(t[i], NULL);
    clock_gettime(CLOCK_MONOTONIC, &b);
    double el = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    printf("%.1f\n", (double)atomic_load(&done) / el);
    return 0;
}

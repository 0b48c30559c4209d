/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Request arena (h2o's pools): many small allocations freed in one place when
 * the response is queued. Long-lived objects never point into an arena.
 * Not thread-safe: one request, one thread. Aborts on out of memory. */
#ifndef VARCO_UTIL_ARENA_H
#define VARCO_UTIL_ARENA_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

struct arena *arena_new(void);
void arena_free(struct arena *a); /* NULL is a no-op */
/* Forgets every allocation but keeps one chunk, as large as the allocations
 * needed, large ones included (up to 64 KB), for the next user (a request's arena reused by the
 * next request of the same thread). */
void arena_reset(struct arena *a);
void *arena_alloc(struct arena *a, size_t n);     /* 16-byte aligned, zeroed */
void *arena_alloc_raw(struct arena *a, size_t n); /* the same, not zeroed */
/* True when p lies in memory a handed out (and has not forgotten). */
bool arena_owns(const struct arena *a, const void *p);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n); /* copies n bytes + NUL */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Request arena: a list of chunks with a bump pointer. Allocations are
 * 16-byte aligned (and zeroed, but for arena_alloc_raw); one larger than a
 * quarter chunk that does not fit the current chunk gets a chunk of its
 * own, so as not to waste the current one. A reset keeps one chunk, as
 * large as the request needed, its large allocations included (up to
 * ARENA_KEEP_MAX). Aborts on out of memory (xalloc). Not thread-safe. */
#include "util/arena.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define ARENA_ALIGN 16
#define ARENA_CHUNK 8192
#define ARENA_LARGE (ARENA_CHUNK / 4)
#define ARENA_KEEP_MAX (64 * 1024) /* the most a reset arena keeps */

struct arena_chunk {
    struct arena_chunk *next;
    size_t size; /* usable bytes in mem */
    size_t used;
    _Alignas(ARENA_ALIGN) unsigned char mem[];
};

struct arena {
    struct arena_chunk *head;  /* current chunk for small allocations */
    struct arena_chunk *large; /* chunks of single large allocations */
};

static struct arena_chunk *chunk_new(size_t size)
{
    if (size > SIZE_MAX - sizeof(struct arena_chunk)) {
        fprintf(stderr, "varco: arena allocation too large\n");
        abort();
    }
    struct arena_chunk *c = xmalloc(sizeof(*c) + size);
    c->next = NULL;
    c->size = size;
    c->used = 0;
    return c;
}

struct arena *arena_new(void)
{
    struct arena *a = xcalloc(1, sizeof(*a));
    return a;
}

static void chunks_free(struct arena_chunk *c)
{
    while (c != NULL) {
        struct arena_chunk *next = c->next;
        free(c);
        c = next;
    }
}

void arena_free(struct arena *a)
{
    if (a == NULL)
        return;
    chunks_free(a->head);
    chunks_free(a->large);
    free(a);
}

void arena_reset(struct arena *a)
{
#if defined(__SANITIZE_ADDRESS__)
    /* under AddressSanitizer every chunk goes back to the allocator, so
     * that a pointer kept past the request (util/json_mem.h) is caught at
     * its next use instead of reading the next request's data */
    chunks_free(a->large);
    a->large = NULL;
    chunks_free(a->head);
    a->head = NULL;
    return;
#endif
    size_t total = 0, chunks = 0;
    for (int list = 0; list < 2; list++)
        for (const struct arena_chunk *c = list == 0 ? a->head : a->large; c != NULL; c = c->next)
            total += c->size, chunks++;
    if (chunks > 1 || (chunks == 1 && a->head == NULL)) {
        /* the request took more than one chunk, or a large one: the next
         * one gets a single chunk of their size (up to ARENA_KEEP_MAX),
         * large allocations included, so that a thread's requests stop
         * allocating once they have seen their largest */
        chunks_free(a->head);
        chunks_free(a->large);
        a->large = NULL;
        a->head = chunk_new(total < ARENA_KEEP_MAX ? total : ARENA_KEEP_MAX);
    }
    if (a->head != NULL)
        a->head->used = 0;
}

void *arena_alloc(struct arena *a, size_t n)
{
    void *p = arena_alloc_raw(a, n);
    memset(p, 0, n == 0 ? 1 : n);
    return p;
}

bool arena_owns(const struct arena *a, const void *p)
{
    const unsigned char *b = p;
    for (int list = 0; list < 2; list++)
        for (const struct arena_chunk *c = list == 0 ? a->head : a->large; c != NULL; c = c->next)
            if (b >= c->mem && b < c->mem + c->size)
                return true;
    return false;
}

void *arena_alloc_raw(struct arena *a, size_t n)
{
    if (n == 0)
        n = 1;
    if (n > SIZE_MAX - ARENA_ALIGN) {
        fprintf(stderr, "varco: arena allocation too large\n");
        abort();
    }
    size_t rounded = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    struct arena_chunk *c = a->head;
    if (c == NULL || c->size - c->used < rounded) { /* what fits the current chunk goes there */
        if (rounded > ARENA_LARGE) {
            c = chunk_new(rounded);
            c->next = a->large;
            a->large = c;
            c->used = rounded;
            return c->mem;
        }
        c = chunk_new(ARENA_CHUNK);
        c->next = a->head;
        a->head = c;
    }
    void *p = c->mem + c->used;
    c->used += rounded;
    return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        fprintf(stderr, "varco: arena_printf: bad format\n");
        abort();
    }
    char *p = arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Where jansson's memory comes from. A page's context is a few hundred
 * small objects made, rendered and dropped within one request; taken from
 * the request's arena (util/arena.h) they cost a pointer bump each and are
 * given back all at once, instead of a malloc and a free each (and glibc's
 * consolidation of its fast bins behind them). Inside a scope (the HTTP
 * server opens one around each request's handlers) jansson allocates in
 * the scope's arena and its frees of that memory do nothing; outside any
 * scope (start-up, the workers) it uses malloc as usual, and a value made
 * outside is freed with free wherever it dies.
 *
 * The rule that comes with it: a json_t made inside a scope dies with the
 * request (never kept in a global, a cache or another thread's hands), and
 * text from jansson is taken with json_text (plain malloc'd memory, for
 * free), never json_dumps; and a value made outside a scope is never put
 * into one made inside (json_object_set, "O"): a page's context is dropped
 * with the arena, without a walk (app/page.c; debug builds check). Under AddressSanitizer the arena
 * gives every chunk back at the end of the request, so a value kept past it is caught by the
 * end-to-end suites. */
#ifndef VARCO_UTIL_JSON_MEM_H
#define VARCO_UTIL_JSON_MEM_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct arena;

/* Routes jansson's allocations through this module: once, before anything
 * else in the process uses jansson (main). Without it, scopes change
 * nothing. */
void json_mem_install(void);

/* Opens (arena) or closes (NULL) the calling thread's scope. */
void json_mem_scope(struct arena *a);

/* True when o was made in the calling thread's scope: the request's arena
 * frees it with the rest, so dropping it needs no walk. False outside a
 * scope. */
bool json_mem_scoped(const json_t *o);

/* The same for o and every value it holds, however deep: what dropping o
 * without a walk assumes (a value made outside and shared into it would
 * keep that reference for ever). A walk: for checks, not for every request. */
bool json_mem_scoped_all(const json_t *o);

/* json_dumps into memory from malloc (the caller frees it); NULL when out
 * of memory or o cannot be encoded. */
char *json_text(const json_t *o, size_t flags);

#endif

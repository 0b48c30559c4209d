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
 * free), never json_dumps. Under AddressSanitizer the arena gives every
 * chunk back at the end of the request, so a value kept past it is caught
 * by the end-to-end suites. */
#ifndef VARCO_UTIL_JSON_MEM_H
#define VARCO_UTIL_JSON_MEM_H

#include <jansson.h>
#include <stddef.h>

struct arena;

/* Routes jansson's allocations through this module: once, before anything
 * else in the process uses jansson (main). Without it, scopes change
 * nothing. */
void json_mem_install(void);

/* Opens (arena) or closes (NULL) the calling thread's scope. */
void json_mem_scope(struct arena *a);

/* json_dumps into memory from malloc (the caller frees it); NULL when out
 * of memory or o cannot be encoded. */
char *json_text(const json_t *o, size_t flags);

#endif

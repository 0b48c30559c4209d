/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The route table's index (http/router.h): exact paths in an open-addressed
 * table (str_hash, a power of two at most half full), each slot the first
 * route of its path, the routes of one path chained in table order; the
 * prefix routes in a list of their own, in table order. */
#include "http/router.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"
#include "util/xalloc.h"

#define NONE UINT32_MAX

struct router {
    const struct http_route *routes;
    size_t n;
    uint32_t *len;      /* strlen of each route's path */
    uint32_t *same;     /* the next route of the same exact path, NONE: none */
    uint32_t *slots;    /* the first route of an exact path, NONE: a free slot */
    size_t cap;         /* slots */
    uint32_t *prefixes; /* the prefix routes, in table order */
    size_t n_prefixes;
};

static bool is_prefix(const struct http_route *rt)
{
    return (rt->flags & ROUTE_PREFIX) != 0;
}

/* The slot of path: its own, or the free one where it would go. */
static size_t slot_of(const struct router *r, const char *path, size_t len)
{
    size_t i = (size_t)str_hash(path, len) & (r->cap - 1);
    while (r->slots[i] != NONE) {
        uint32_t k = r->slots[i];
        if (r->len[k] == len && memcmp(r->routes[k].path, path, len) == 0)
            break;
        i = (i + 1) & (r->cap - 1);
    }
    return i;
}

struct router *router_new(const struct http_route *routes, size_t n)
{
    struct router *r = xcalloc(1, sizeof *r);
    r->routes = routes;
    r->n = n;
    r->len = xcalloc(n + 1, sizeof *r->len);
    r->same = xcalloc(n + 1, sizeof *r->same);
    r->prefixes = xcalloc(n + 1, sizeof *r->prefixes);
    for (r->cap = 8; r->cap < 2 * n; r->cap *= 2)
        ;
    r->slots = xcalloc(r->cap, sizeof *r->slots);
    memset(r->slots, 0xff, r->cap * sizeof *r->slots); /* NONE */
    uint32_t *last = xcalloc(n + 1, sizeof *last);     /* the last route of each path so far */
    for (size_t i = 0; i < n; i++) {
        r->len[i] = (uint32_t)strlen(routes[i].path);
        r->same[i] = NONE;
        if (is_prefix(&routes[i])) {
            r->prefixes[r->n_prefixes++] = (uint32_t)i;
            continue;
        }
        size_t s = slot_of(r, routes[i].path, r->len[i]);
        if (r->slots[s] == NONE)
            r->slots[s] = (uint32_t)i;
        else
            r->same[last[r->slots[s]]] = (uint32_t)i;
        last[r->slots[s]] = (uint32_t)i;
    }
    free(last);
    return r;
}

void router_free(struct router *r)
{
    if (r == NULL)
        return;
    free(r->len);
    free(r->same);
    free(r->slots);
    free(r->prefixes);
    free(r);
}

static bool method_takes(const struct http_route *rt, const char *method, bool get)
{
    return (get && strcmp(rt->method, "GET") == 0) || strcmp(rt->method, method) == 0;
}

long router_find(const struct router *r, const char *method, const char *path, bool *path_seen)
{
    bool get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    size_t len = strlen(path);
    long found = -1;
    *path_seen = false;
    for (uint32_t i = r->slots[slot_of(r, path, len)]; i != NONE; i = r->same[i]) {
        *path_seen = true;
        if (method_takes(&r->routes[i], method, get)) {
            found = (long)i;
            break;
        }
    }
    /* a prefix route before it in the table comes first */
    for (size_t k = 0; k < r->n_prefixes; k++) {
        uint32_t i = r->prefixes[k];
        if (found >= 0 && (long)i > found)
            break;
        if (r->len[i] > len || memcmp(path, r->routes[i].path, r->len[i]) != 0)
            continue;
        *path_seen = true;
        if (method_takes(&r->routes[i], method, get))
            return (long)i;
    }
    return found;
}

const char *router_rest(const struct router *r, size_t i, const char *path)
{
    return is_prefix(&r->routes[i]) ? path + r->len[i] : "";
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Which route of the table takes a request. The rule is the table's order:
 * the first route whose path takes the request's path (exactly, or as a
 * prefix for a ROUTE_PREFIX route) and whose method is the request's (a GET
 * route also takes HEAD). Found without walking the table: exact paths are
 * hashed once (each to its routes, in table order), and only the few prefix
 * routes are tried one by one. Read-only after router_new: thread-safe. */
#ifndef VARCO_HTTP_ROUTER_H
#define VARCO_HTTP_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

#include "http/http.h"

struct router;

/* The router of routes[0..n) (kept by reference: they must outlive it). */
struct router *router_new(const struct http_route *routes, size_t n);
void router_free(struct router *r); /* NULL is a no-op */

/* The index of the route that takes method and path, or -1: then
 * *path_seen says whether some route takes the path with another method
 * (405) or none takes it at all (404). */
long router_find(const struct router *r, const char *method, const char *path, bool *path_seen);

/* What of path follows route i's path: the rest after a prefix route's
 * path, "" for an exact route. path must be one route i takes. */
const char *router_rest(const struct router *r, size_t i, const char *path);

#endif

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* http/router.h: the route a request gets is the first of the table's order
 * that takes its path and method, as a walk of the table would find it;
 * checked on a small table with every case of the rule, and against that
 * walk for every path and method of varco's own table. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "backoffice/backoffice.h"
#include "http/router.h"
#include "oidc/oidc.h"
#include "web/handlers.h"

/* The rule written as a walk of the table (what the router must agree with). */
static long walk(const struct http_route *t, size_t n, const char *method, const char *path,
                 bool *seen)
{
    bool get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    *seen = false;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(t[i].path);
        bool takes = (t[i].flags & ROUTE_PREFIX) != 0 ? strncmp(path, t[i].path, l) == 0
                                                      : strcmp(path, t[i].path) == 0;
        if (!takes)
            continue;
        *seen = true;
        if ((get && strcmp(t[i].method, "GET") == 0) || strcmp(t[i].method, method) == 0)
            return (long)i;
    }
    return -1;
}

static const struct http_route SMALL[] = {
    {"GET", "/a", NULL, NEED_NONE, 0, NULL, NULL},                 /* 0 */
    {"GET", "/files/", NULL, NEED_NONE, ROUTE_PREFIX, NULL, NULL}, /* 1 */
    {"POST", "/files/x", NULL, NEED_NONE, 0, NULL, NULL},          /* 2: after a prefix */
    {"GET", "/b", NULL, NEED_NONE, 0, NULL, NULL},                 /* 3 */
    {"POST", "/a", NULL, NEED_NONE, 0, NULL, NULL},                /* 4: /a again, apart */
    {"POST", "/b/", NULL, NEED_NONE, ROUTE_PREFIX, NULL, NULL},    /* 5 */
    {"POST", "/b/c", NULL, NEED_NONE, 0, NULL, NULL},              /* 6: a prefix before it */
    {"GET", "/b/c", NULL, NEED_NONE, 0, NULL, NULL},               /* 7 */
    {"POST", "/a", NULL, NEED_NONE, 0, NULL, NULL},                /* 8: never reached */
};

Test(router, the_first_route_of_the_table_wins)
{
    struct router *r = router_new(SMALL, sizeof SMALL / sizeof SMALL[0]);
    static const struct {
        const char *method, *path;
        long want;
        bool seen;
        const char *rest;
    } T[] = {
        {"GET", "/a", 0, true, ""},
        {"HEAD", "/a", 0, true, ""},          /* a GET route takes HEAD */
        {"POST", "/a", 4, true, ""},          /* the same path further on; 8 never */
        {"PUT", "/a", -1, true, NULL},        /* 405 */
        {"GET", "/nowhere", -1, false, NULL}, /* 404 */
        {"GET", "/files/x", 1, true, "x"},    /* the prefix route first */
        {"POST", "/files/x", 2, true, ""},    /* the prefix is GET only */
        {"GET", "/files/", 1, true, ""},
        {"GET", "/files", -1, false, NULL},
        {"POST", "/b/c", 5, true, "c"}, /* a prefix route before the exact one */
        {"GET", "/b/c", 7, true, ""},
        {"GET", "/b/d", -1, true, NULL}, /* the POST prefix takes the path: 405 */
        {"POST", "/b", -1, true, NULL},
        {"GET", "", -1, false, NULL},
    };
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
        bool seen = !T[i].seen;
        long got = router_find(r, T[i].method, T[i].path, &seen);
        cr_expect_eq(got, T[i].want, "%s %s: route %ld", T[i].method, T[i].path, got);
        cr_expect_eq(seen, T[i].seen, "%s %s: path seen", T[i].method, T[i].path);
        if (got >= 0)
            cr_expect_str_eq(router_rest(r, (size_t)got, T[i].path), T[i].rest, "%s %s",
                             T[i].method, T[i].path);
    }
    router_free(r);
    router_free(NULL);
}

/* varco's table as cli/serve.c joins it: every route's path (and a step
 * beside it) in every method answers as the walk does. */
Test(router, varco_s_table_answers_as_a_walk_of_it)
{
    size_t n = web_routes_n + backoffice_routes_n + oidc_routes_n;
    struct http_route *t = calloc(n, sizeof *t);
    cr_assert_not_null(t);
    memcpy(t, web_routes, web_routes_n * sizeof *t);
    memcpy(t + web_routes_n, backoffice_routes, backoffice_routes_n * sizeof *t);
    memcpy(t + web_routes_n + backoffice_routes_n, oidc_routes, oidc_routes_n * sizeof *t);
    struct router *r = router_new(t, n);
    static const char *const METHODS[] = {"GET", "HEAD", "POST", "PUT", "DELETE"};
    static const char *const MORE[] = {"x", "/", "/x", "?"};
    size_t asked = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t v = 0; v <= sizeof MORE / sizeof MORE[0]; v++) {
            char path[256];
            snprintf(path, sizeof path, "%s%s", t[i].path, v == 0 ? "" : MORE[v - 1]);
            for (size_t m = 0; m < sizeof METHODS / sizeof METHODS[0]; m++) {
                bool seen_walk, seen = false;
                long want = walk(t, n, METHODS[m], path, &seen_walk);
                long got = router_find(r, METHODS[m], path, &seen);
                cr_expect_eq(got, want, "%s %s: %ld, the walk %ld", METHODS[m], path, got, want);
                cr_expect_eq(seen, seen_walk, "%s %s", METHODS[m], path);
                asked++;
            }
        }
    }
    cr_expect_gt(asked, 500);
    router_free(r);
    free(t);
}

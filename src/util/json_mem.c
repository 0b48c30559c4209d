/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* jansson's memory from the request's arena inside a scope, from malloc
 * outside (util/json_mem.h). */
#include "util/json_mem.h"

#include <stdlib.h>

#include "util/arena.h"

static _Thread_local struct arena *scope;

static void *json_mem_alloc(size_t n)
{
    return scope != NULL ? arena_alloc_raw(scope, n) : malloc(n);
}

static void json_mem_release(void *p)
{
    if (p != NULL && (scope == NULL || !arena_owns(scope, p)))
        free(p);
}

void json_mem_install(void)
{
    json_set_alloc_funcs(json_mem_alloc, json_mem_release);
}

void json_mem_scope(struct arena *a)
{
    scope = a;
}

bool json_mem_scoped(const json_t *o)
{
    return o != NULL && scope != NULL && arena_owns(scope, o);
}

bool json_mem_scoped_all(const json_t *o)
{
    if (json_is_boolean(o) || json_is_null(o)) /* jansson's constants: never freed */
        return true;
    if (!json_mem_scoped(o))
        return false;
    const char *key;
    const json_t *v;
    size_t i;
    if (json_is_object(o)) {
        json_object_foreach((json_t *)o, key, v)
        {
            if (!json_mem_scoped_all(v))
                return false;
        }
    } else if (json_is_array(o)) {
        json_array_foreach(o, i, v)
        {
            if (!json_mem_scoped_all(v))
                return false;
        }
    }
    return true;
}

char *json_text(const json_t *o, size_t flags)
{
    if (o == NULL)
        return NULL;
    /* one pass when the text fits the first guess (an answer to a program
     * mostly does); jansson says how long it is either way */
    size_t cap = 1024;
    char *s = malloc(cap);
    if (s == NULL)
        return NULL;
    size_t n = json_dumpb(o, s, cap - 1, flags);
    if (n == 0) {
        free(s);
        return NULL;
    }
    if (n > cap - 1) {
        char *t = realloc(s, n + 1);
        if (t == NULL || json_dumpb(o, t, n, flags) != n) {
            free(t != NULL ? t : s);
            return NULL;
        }
        s = t;
    }
    s[n] = '\0';
    return s;
}

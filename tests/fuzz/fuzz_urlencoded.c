/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* libFuzzer driver: http_parse_urlencoded (form bodies and query strings).
 * Checks the contract of http/parse.h: at most max fields, every name and
 * value non-NULL and NUL-terminated at len with no NUL inside. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/parse.h"
#include "util/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > HTTP_FORM_BODY_MAX)
        return 0;
    struct arena *a = arena_new();
    struct http_param params[HTTP_FIELDS_MAX];
    size_t n = 0;
    enum vc_status st =
        http_parse_urlencoded(a, (const char *)data, size, params, HTTP_FIELDS_MAX, &n);
    if (n > HTTP_FIELDS_MAX)
        abort();
    if (st == VC_OK) {
        for (size_t i = 0; i < n; i++) {
            if (params[i].name == NULL || params[i].value == NULL)
                abort();
            if (strlen(params[i].value) != params[i].len || params[i].len > HTTP_FIELD_VALUE_MAX)
                abort();
            if (params[i].invalid && params[i].len != 0)
                abort();
            (void)strlen(params[i].name);
        }
    }
    /* a second parse appends after what is there */
    size_t before = n;
    if (st == VC_OK && n < HTTP_FIELDS_MAX) {
        http_parse_urlencoded(a, (const char *)data, size, params, HTTP_FIELDS_MAX, &n);
        if (n < before || n > HTTP_FIELDS_MAX)
            abort();
    }
    arena_free(a);
    return 0;
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* libFuzzer driver: http_parse_cookies on a NUL-terminated copy of the input
 * (the header as libmicrohttpd hands it over). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/parse.h"
#include "util/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > HTTP_COOKIE_HEADER_MAX)
        return 0;
    char *header = malloc(size + 1);
    if (header == NULL)
        return 0;
    memcpy(header, data, size);
    header[size] = '\0';
    struct arena *a = arena_new();
    struct http_param out[HTTP_COOKIES_MAX];
    size_t n = http_parse_cookies(a, header, out, HTTP_COOKIES_MAX);
    if (n > HTTP_COOKIES_MAX)
        abort();
    for (size_t i = 0; i < n; i++) {
        if (out[i].name == NULL || out[i].value == NULL)
            abort();
        if (strlen(out[i].value) != out[i].len)
            abort();
        (void)strlen(out[i].name);
    }
    /* a small max must be honoured too */
    if (http_parse_cookies(a, header, out, 1) > 1)
        abort();
    arena_free(a);
    free(header);
    return 0;
}

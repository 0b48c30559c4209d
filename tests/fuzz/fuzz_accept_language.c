/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* libFuzzer driver: http_negotiate_lang always answers "it" or "en". */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const char *lang)
{
    if (lang == NULL || (strcmp(lang, "it") != 0 && strcmp(lang, "en") != 0))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 8192)
        return 0;
    char *header = malloc(size + 1);
    if (header == NULL)
        return 0;
    memcpy(header, data, size);
    header[size] = '\0';
    check(http_negotiate_lang(header));
    check(http_negotiate_lang(NULL));
    free(header);
    return 0;
}

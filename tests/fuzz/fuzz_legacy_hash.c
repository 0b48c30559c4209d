/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* libFuzzer driver: legacy_hash_format over bytes from an import file. An
 * accepted hash is a bounded string with its format's prefix, the same bytes
 * always decide the same way, and the cheap formats never accept an empty
 * password (verify runs only on them, so the fuzzer explores the parser,
 * not bcrypt). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/legacy_hash.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1024)
        return 0;
    char *s = malloc(size + 1);
    if (s == NULL)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    const char *f = legacy_hash_format(s);
    if (f != NULL) {
        size_t n = strlen(s);
        bool prefixed = strncmp(s, "$2", 2) == 0 || strncmp(s, "$1$", 3) == 0 ||
                        strncmp(s, "$5$", 3) == 0 || strncmp(s, "$6$", 3) == 0 ||
                        strncmp(s, "pbkdf2_sha256$", 14) == 0 || strncmp(s, "$argon2id$", 10) == 0;
        if (n > LEGACY_HASH_MAX || !prefixed)
            abort();
        if (strcmp(f, "md5-crypt") == 0 && legacy_hash_verify(s, "", 0))
            abort();
    }
    if (legacy_hash_format(s) != f)
        abort();
    free(s);
    return 0;
}

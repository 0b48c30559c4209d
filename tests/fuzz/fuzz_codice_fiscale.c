/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* libFuzzer driver: cf_validate, then cf_normalise of what validated.
 * Properties: the upper-case form and the normalised form validate again,
 * normalising is idempotent, and every result has a message (or none for OK). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/codice_fiscale.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char out[CF_LEN + 1];
    memset(out, 'x', sizeof out);
    enum cf_result r = cf_validate((const char *)data, size, out);
    const char *msg = cf_result_msg(r);
    if ((r == CF_OK) != (msg == NULL))
        abort();
    if (r != CF_OK)
        return 0;
    if (strlen(out) != CF_LEN)
        abort();
    char again[CF_LEN + 1];
    if (cf_validate(out, CF_LEN, again) != CF_OK || memcmp(out, again, sizeof out) != 0)
        abort();
    if (cf_check_char(out) != out[CF_LEN - 1])
        abort();
    char norm[CF_LEN + 1], norm2[CF_LEN + 1], check[CF_LEN + 1];
    cf_normalise(out, norm);
    if (strlen(norm) != CF_LEN || cf_validate(norm, CF_LEN, check) != CF_OK)
        abort();
    cf_normalise(norm, norm2);
    if (memcmp(norm, norm2, sizeof norm) != 0)
        abort();
    return 0;
}

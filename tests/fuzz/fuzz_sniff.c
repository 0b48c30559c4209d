/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* libFuzzer driver: sniff_document and sniff_extension. A sniffed type always
 * has an extension; empty input is never a document. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/sniff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024)
        return 0;
    const char *mime = sniff_document(data, size);
    if (size == 0 && mime != NULL)
        abort();
    if (mime != NULL && sniff_extension(mime) == NULL)
        abort();
    if (mime != NULL && strcmp(mime, "application/pdf") != 0 && strcmp(mime, "image/jpeg") != 0 &&
        strcmp(mime, "image/png") != 0)
        abort();
    if (sniff_extension(NULL) != NULL)
        abort();
    /* the same bytes decide the same way */
    if (sniff_document(data, size) != mime)
        abort();
    return 0;
}

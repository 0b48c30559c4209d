/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Upload type sniffing by magic bytes only: the declared type and file name
 * come from the person and are never trusted. libc only; fuzzed. */
#include "util/sniff.h"

#include <string.h>

const char *sniff_document(const uint8_t *data, size_t len)
{
    static const uint8_t png[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (data == NULL)
        return NULL;
    if (len >= 5 && memcmp(data, "%PDF-", 5) == 0)
        return "application/pdf";
    if (len >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
        return "image/jpeg";
    if (len >= sizeof(png) && memcmp(data, png, sizeof(png)) == 0)
        return "image/png";
    return NULL;
}

const char *sniff_extension(const char *mime)
{
    if (mime == NULL)
        return NULL;
    if (strcmp(mime, "application/pdf") == 0)
        return "pdf";
    if (strcmp(mime, "image/jpeg") == 0)
        return "jpg";
    if (strcmp(mime, "image/png") == 0)
        return "png";
    return NULL;
}

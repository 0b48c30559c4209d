/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Upload type sniffing by content (never by name or declared type): PDF
 * ("%PDF-"), JPEG (FF D8 FF), PNG (the 8-byte signature). libc only; fuzzed. */
#ifndef VARCO_UTIL_SNIFF_H
#define VARCO_UTIL_SNIFF_H

#include <stddef.h>
#include <stdint.h>

/* "application/pdf", "image/jpeg", "image/png", or NULL for anything else
 * (including empty input). */
const char *sniff_document(const uint8_t *data, size_t len);

/* File extension for a sniffed type: "pdf", "jpg", "png"; NULL otherwise. */
const char *sniff_extension(const char *mime);

#endif

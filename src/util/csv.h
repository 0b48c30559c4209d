/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* RFC 4180 CSV reader for imports: one record at a time from a memory
 * buffer, quoted fields with "" escapes, CRLF or LF, bounded field count and
 * record size. libc only; fuzzed. */
#ifndef VARCO_UTIL_CSV_H
#define VARCO_UTIL_CSV_H

#include <stddef.h>

#include "util/status.h"

#define CSV_FIELDS_MAX 32
#define CSV_RECORD_MAX 8192

struct csv_record {
    size_t n;                          /* fields in this record */
    const char *field[CSV_FIELDS_MAX]; /* NUL-terminated, point into storage */
    size_t len[CSV_FIELDS_MAX];
    char storage[CSV_RECORD_MAX];
};

/* Reads the record starting at *pos in data[0..len); advances *pos past its
 * line end. VC_OK with rec filled; VC_ERR_NOT_FOUND at end of data;
 * VC_ERR_INVALID for an unterminated quote, too many fields or too long a
 * record (*pos still advances to the next line so the import can go on). */
enum vc_status csv_next(const char *data, size_t len, size_t *pos, struct csv_record *rec);

#endif

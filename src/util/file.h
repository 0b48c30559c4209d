/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Whole small files into memory, bounded (data files read at start-up such as
 * data/places.tsv). libc only. */
#ifndef VARCO_UTIL_FILE_H
#define VARCO_UTIL_FILE_H

#include <stddef.h>

#include "util/status.h"

/* Reads the file at path into a new buffer (NUL-terminated after its len
 * bytes, freed with free()).
 *   max: files longer than this are refused with VC_ERR_LIMIT
 *   out, out_len: OUT, written only on VC_OK
 * Returns VC_OK, VC_ERR_NOT_FOUND (no such file), VC_ERR_LIMIT or VC_ERR_IO. */
enum vc_status file_read_all(const char *path, size_t max, char **out, size_t *out_len);

#endif

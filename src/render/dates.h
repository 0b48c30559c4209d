/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Dates as people read them, one rule for pages, mail and PDFs (issue 9):
 * Italian pages write dd/mm/yyyy ("01/01/1980"); English pages use the
 * British form of the same, dd/mm/yyyy, so that a date reads alike in both
 * languages and the times of "I miei accessi" keep one shape
 * (docs/pages.md). The store keeps ISO dates; they never reach a person as
 * they are. No clock, no files: thread-safe. */
#ifndef VARCO_RENDER_DATES_H
#define VARCO_RENDER_DATES_H

#include <stddef.h>

#define DATES_TEXT_MAX 16 /* "01/01/1980" and its NUL, with room */

/* "YYYY-MM-DD" -> "DD/MM/YYYY" for lang ("it" or "en") into out (size
 * bytes). Anything that is not an ISO date is copied as it is (truncated
 * to size), so that a bad registry value stays visible rather than blank. */
void dates_format_iso(const char *lang, const char *iso, char *out, size_t size);

#endif

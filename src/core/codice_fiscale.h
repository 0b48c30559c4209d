/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The Italian codice fiscale of a person: format, check character and
 * omocodia normalisation (DESIGN.md §5 "Domain facts"). Pure functions. */
#ifndef VARCO_CORE_CODICE_FISCALE_H
#define VARCO_CORE_CODICE_FISCALE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/types.h"

enum cf_result {
    CF_OK,
    CF_BAD_LENGTH, /* not 16 characters after trimming */
    CF_BAD_FORMAT, /* a letter where a digit belongs or vice versa, bad month letter, day */
    CF_BAD_CHECK,  /* the 16th character does not match */
};

/* Validates in (len bytes, spaces around are ignored, case-insensitive). On
 * CF_OK writes the upper-case form to out (CF_LEN+1). */
enum cf_result cf_validate(const char *in, size_t len, char out[CF_LEN + 1]);

/* The check character of the first 15 characters (upper case, valid format). */
char cf_check_char(const char *cf15);

/* Writes the omocodia-normalised form of a valid upper-case cf: the letters
 * LMNPQRSTUV in positions 7, 8, 10, 11, 13, 14, 15 (1-based) become digits
 * 0-9 and the check character is recomputed. Every omocode of one person
 * normalises to the same string. */
void cf_normalise(const char *cf, char out[CF_LEN + 1]);

/* Catalogue key for a result ("error.cf.length" ...), NULL for CF_OK. */
const char *cf_result_msg(enum cf_result r);

#endif

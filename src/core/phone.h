/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Mobile numbers (issue 13 §1): what people type ("333 123 4567",
 * "+39 333-1234567", "0039 3331234567", "(333) 1234567") into E.164
 * ("+393331234567", +39 when no country code is given), checked, and masked
 * for display ("+39 333 ***4567"). The one place that knows the rules:
 * registration, the person's contacts and the registry all go through it.
 * Pure: no I/O, no allocation, reentrant. */
#ifndef VARCO_CORE_PHONE_H
#define VARCO_CORE_PHONE_H

#include <stdbool.h>

#define PHONE_E164_SIZE 17   /* '+', at most 15 digits (ITU-T E.164 §6), NUL */
#define PHONE_MASKED_SIZE 24 /* "+39 333 ***4567", "+49 ***6789" */
#define PHONE_INPUT_MAX 40   /* longer input is refused, not cut: nobody types more */

/* Normalises a typed mobile number into out as E.164. Accepted: digits with
 * spaces, '-', '.', '/', '(' and ')' between them; a leading '+' or "00"
 * for the international prefix; without one, an Italian mobile (+39).
 * Checks: an Italian number (+39) must be a mobile, 3 then 9 or 10 digits
 * in all; other country codes 8 to 15 digits in all, not starting with 0.
 * Returns false (out untouched) for anything else, "" and NULL included. */
bool phone_normalise(const char *in, char out[PHONE_E164_SIZE]);

/* True when e164 is already what phone_normalise writes (a stored number). */
bool phone_is_e164(const char *e164);

/* The number for display with its middle hidden: the country code, for an
 * Italian mobile the operator's prefix, then "***" and the last four digits
 * ("+39 333 ***4567", "+49 ***6789"). Input that phone_normalise refuses
 * gives "***" (nothing of it shown); "" gives "". */
void phone_mask(const char *number, char out[PHONE_MASKED_SIZE]);

#endif

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Tax identifiers of companies and firms (issue 15): a company's codice
 * fiscale is its 11-digit partita IVA, whose last digit is a check digit
 * (the Luhn rule over the first ten); a professional working alone may be
 * known by their own 16-character codice fiscale (core/codice_fiscale.h).
 * Pure functions, no state. */
#ifndef VARCO_CORE_TAX_ID_H
#define VARCO_CORE_TAX_ID_H

#include <stdbool.h>
#include <stddef.h>

#include "core/types.h"

/* Whether s (len bytes) is 11 digits, not all zero, with a right check digit. */
bool partita_iva_valid(const char *s, size_t len);

enum tax_id_kind {
    TAX_ID_INVALID,
    TAX_ID_COMPANY, /* 11 digits: codice fiscale / partita IVA of a company or firm */
    TAX_ID_PERSON,  /* 16 characters: a person's codice fiscale */
};

/* The tax id typed (spaces ignored, "IT" before a partita IVA allowed, any
 * case) in its stored form: the 11 digits, or the codice fiscale upper case
 * with omocodia undone. *out_msg gets the catalogue key of what is wrong
 * when TAX_ID_INVALID ("error.tax_id.missing", "error.tax_id.format",
 * "error.tax_id.check_digit", or the codice fiscale's own). */
enum tax_id_kind tax_id_normalise(const char *typed, size_t len, char out[TAX_ID_MAX + 1],
                                  const char **out_msg);

#endif

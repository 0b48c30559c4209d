/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The member registry imported from the institution: validation of one row
 * (CSV import, demo data). Pure. */
#ifndef VARCO_CORE_MEMBER_H
#define VARCO_CORE_MEMBER_H

#include <stddef.h>

#include "core/form.h"
#include "core/types.h"
#include "util/status.h"

/* The CSV header varco reads and writes, in order:
 * matricola,codice_fiscale,category,given_name,family_name,birth_date,
 * birth_place,address,postcode,city,province,mobile,company_name,partita_iva */
#define MEMBER_CSV_FIELDS 14
extern const char *const MEMBER_CSV_HEADER[MEMBER_CSV_FIELDS];

/* Fills m from the fields (trimmed, validated: matricola 1-16 alnum, valid
 * codice fiscale, known category, ISO date, CAP of 5 digits, province of 2
 * letters, names non-empty; a partita IVA, when given, with its check digit
 * (core/tax_id.h); a company -- principal firm, capital-company agent --
 * with its name). VC_ERR_INVALID with errs (field = header name). */
enum vc_status member_from_fields(const char *const fields[MEMBER_CSV_FIELDS],
                                  const size_t lens[MEMBER_CSV_FIELDS], struct member *m,
                                  struct form_errors *errs);

#endif

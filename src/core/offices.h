/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The directory of recognition offices (issue 12 §1): validation of one row
 * of an offices file (`varco offices import`, demo data) into a struct
 * office (core/types.h), and the search people make in it (the chooser). */
#ifndef VARCO_CORE_OFFICES_H
#define VARCO_CORE_OFFICES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/env.h"
#include "core/form.h"
#include "core/types.h"
#include "util/status.h"

/* The columns of an offices file; its header names them, in any order:
 * code,network,name,address,postcode,city,province,latitude,longitude,
 * phone,email,hours. The ones OFFICE_CSV_REQUIRED says false of may be left
 * out of the header (their values are then empty). */
#define OFFICE_CSV_FIELDS 12
extern const char *const OFFICE_CSV_HEADER[OFFICE_CSV_FIELDS];
extern const bool OFFICE_CSV_REQUIRED[OFFICE_CSV_FIELDS];

/* Fills o from the fields of one row, indexed as OFFICE_CSV_HEADER (a NULL
 * field: the column is absent, as if empty; lens[i] bytes each, a NUL among
 * them is refused). Every field is trimmed of ASCII white space, then:
 * - code: 3-24 letters, digits and hyphens, not at either end nor two in a
 *   row; upper-cased ("cna-rm-001" is the office "CNA-RM-001");
 * - network, name, address, city: required, bounded, one line of UTF-8;
 * - postcode: 5 digits; province: 2 letters, upper-cased;
 * - latitude and longitude: both or neither (an office without them is
 *   listed but not on the map); decimal degrees with a full stop, at most
 *   10 decimals, -90..90 and -180..180;
 * - phone: optional; digits and spaces, '+' only first, 6-15 digits;
 * - email: required (the office is told by mail who chose it), lower-cased;
 * - hours: optional free text, one line, at most OFFICE_HOURS_MAX bytes.
 * updated_at is left 0 for the caller. VC_OK, or VC_ERR_INVALID with every
 * refused field in errs (field = column name, msg = "error.office.*" key). */
enum vc_status office_from_fields(const char *const fields[OFFICE_CSV_FIELDS],
                                  const size_t lens[OFFICE_CSV_FIELDS], struct office *o,
                                  struct form_errors *errs);

/* The chooser's search, as people type it: networks (none ticked: every
 * one; unknown ones match nothing), a province (two letters, any case;
 * "" any) and a city (trimmed, any case; "" any). At most max offices, in
 * the directory's order. VC_ERR_INVALID (errs: "provincia") for a province
 * that is not two letters; more networks than a filter holds are refused
 * the same way (errs: "rete"). */
struct office_search {
    const char *networks[OFFICE_FILTER_NETWORKS_MAX + 1];
    size_t n_networks;
    const char *province;
    const char *city;
};
enum vc_status offices_search(const struct vc_env *env, const struct office_search *q,
                              struct office *out, size_t max, size_t *out_n,
                              struct form_errors *errs);

/* The networks that have offices, for the chooser's switches. */
enum vc_status offices_networks(const struct vc_env *env, char (*out)[OFFICE_NETWORK_MAX + 1],
                                size_t max, size_t *out_n);

#endif

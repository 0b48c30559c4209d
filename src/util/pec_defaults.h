/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The configuration's default list of PEC domains (util/pec_defaults.c);
 * core/pec.c matches addresses against whatever list the configuration
 * holds. */
#ifndef VARCO_UTIL_PEC_DEFAULTS_H
#define VARCO_UTIL_PEC_DEFAULTS_H

#include <stddef.h>

extern const char *const PEC_DEFAULT_DOMAINS[];
extern const size_t PEC_DEFAULT_DOMAINS_N;

#endif

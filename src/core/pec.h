/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Email address checks: syntax (bounded, pragmatic) and PEC detection. No
 * official list of PEC domains exists, so a configurable list of domains and
 * patterns decides (DESIGN.md §5): "pec.it" matches the domain and its
 * subdomains; "*.pec.*" matches any domain with a "pec" label in the middle. */
#ifndef VARCO_CORE_PEC_H
#define VARCO_CORE_PEC_H

#include <stdbool.h>
#include <stddef.h>

#include "core/types.h"

/* Validates an email address (trimmed, at most EMAIL_MAX bytes, one '@',
 * non-empty local part, domain with a dot, no spaces or control chars) and
 * writes its lower-case form to out. Returns NULL if fine, else a catalogue
 * key ("error.email.invalid"). */
const char *email_normalise(const char *in, size_t len, char out[EMAIL_MAX + 1]);

/* True if the (normalised) address belongs to a PEC domain in the list. */
bool pec_is_pec(const char *email, const char (*domains)[64], size_t n_domains);

#endif

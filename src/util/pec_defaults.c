/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The built-in list of PEC domains and patterns, the default of [pec] domains.
 * No official registry of PEC providers exists (DESIGN.md §5), so this is a
 * best-effort list of the large accredited providers; operators extend it in
 * the configuration. Data only: matching lives in core/pec.c. */
#include "util/pec_defaults.h"

const char *const PEC_DEFAULT_DOMAINS[] = {
    "pec.it", /* Aruba (also covers pec.aruba.it-style subdomains) */
    "arubapec.it",
    "pec.aruba.it",
    "legalmail.it", /* InfoCert (covers cert.legalmail.it and others) */
    "cert.legalmail.it",
    "postacert.it", /* Poste Italiane */
    "postecert.it",
    "pecmail.it",
    "gigapec.it",
    "registerpec.it",
    "sicurezzapostale.it",
    "pec.libero.it",
    "ticertifica.it",
    "actaliscertymail.it",
    "casellapec.com",
    "mypec.eu",
    "*.pec.*", /* e.g. studio.pec.example.it */
    "pec.*",   /* e.g. pec.comune.example.it */
};

const size_t PEC_DEFAULT_DOMAINS_N = sizeof(PEC_DEFAULT_DOMAINS) / sizeof(PEC_DEFAULT_DOMAINS[0]);

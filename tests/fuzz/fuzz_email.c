/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* libFuzzer driver: email_normalise, then pec_is_pec on what validated, with
 * the built-in domain list plus patterns. Normalising is idempotent. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pec.h"
#include "util/pec_defaults.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define DOMAINS_MAX 72

static char domains[DOMAINS_MAX][64];
static size_t n_domains;

static void load_domains(void)
{
    if (n_domains > 0)
        return;
    static const char *const extra[] = {"*.pec.*", "pec.example.it", "*.legal.*"};
    for (size_t i = 0; i < PEC_DEFAULT_DOMAINS_N && n_domains < DOMAINS_MAX - 3; i++)
        snprintf(domains[n_domains++], sizeof domains[0], "%s", PEC_DEFAULT_DOMAINS[i]);
    for (size_t i = 0; i < 3; i++)
        snprintf(domains[n_domains++], sizeof domains[0], "%s", extra[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    load_domains();
    char out[EMAIL_MAX + 1];
    memset(out, 'x', sizeof out);
    const char *msg = email_normalise((const char *)data, size, out);
    if (msg != NULL)
        return 0;
    size_t len = strnlen(out, sizeof out);
    if (len == 0 || len > EMAIL_MAX)
        abort();
    char again[EMAIL_MAX + 1];
    if (email_normalise(out, len, again) != NULL || strcmp(out, again) != 0)
        abort();
    bool pec = pec_is_pec(out, (const char(*)[64])domains, n_domains);
    bool pec_none = pec_is_pec(out, (const char(*)[64])domains, 0);
    if (pec_none)
        abort(); /* an empty list matches nothing */
    (void)pec;
    return 0;
}

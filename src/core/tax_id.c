/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Partite IVA and firms' tax ids (core/tax_id.h). */
#include <ctype.h>
#include <string.h>

#include "core/codice_fiscale.h"
#include "core/tax_id.h"

bool partita_iva_valid(const char *s, size_t len)
{
    if (len != 11)
        return false;
    int sum = 0;
    bool zero = true;
    for (size_t i = 0; i < 11; i++) {
        if (!isdigit((unsigned char)s[i]))
            return false;
        int d = s[i] - '0';
        zero = zero && d == 0;
        if (i == 10)
            break;
        if (i % 2 == 1) { /* the 2nd, 4th ... digit counts twice, its digits summed */
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
    }
    return !zero && (10 - sum % 10) % 10 == s[10] - '0';
}

enum tax_id_kind tax_id_normalise(const char *typed, size_t len, char out[TAX_ID_MAX + 1],
                                  const char **out_msg)
{
    char compact[TAX_ID_MAX + 3];
    size_t n = 0;
    *out_msg = NULL;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)typed[i];
        if (c == ' ' || c == '\t' || c == '.' || c == '-')
            continue;
        if (n == sizeof compact - 1) {
            *out_msg = "error.tax_id.format";
            return TAX_ID_INVALID;
        }
        compact[n++] = (char)toupper(c);
    }
    compact[n] = '\0';
    if (n == 0) {
        *out_msg = "error.tax_id.missing";
        return TAX_ID_INVALID;
    }
    const char *p = compact;
    if (n == 13 && p[0] == 'I' && p[1] == 'T') { /* the VAT number as written in the EU */
        p += 2;
        n -= 2;
    }
    bool digits = true;
    for (size_t i = 0; i < n; i++)
        digits = digits && isdigit((unsigned char)p[i]);
    if (digits && n == 11) {
        if (!partita_iva_valid(p, n)) {
            *out_msg = "error.tax_id.check_digit";
            return TAX_ID_INVALID;
        }
        memcpy(out, p, 12);
        return TAX_ID_COMPANY;
    }
    if (n == CF_LEN) {
        char cf[CF_LEN + 1];
        enum cf_result r = cf_validate(p, n, cf);
        if (r != CF_OK) {
            *out_msg = cf_result_msg(r);
            return TAX_ID_INVALID;
        }
        cf_normalise(cf, out);
        return TAX_ID_PERSON;
    }
    *out_msg = "error.tax_id.format";
    return TAX_ID_INVALID;
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Codice fiscale (DM 23/12/1976): 6 letters of surname and name, 2 digits of
 * year, a month letter, 2 digits of day (+40 for women), 4 characters of the
 * birthplace code (a letter and 3 digits), the check character. Omocodia:
 * the Revenue Agency replaces digits, from the right, with LMNPQRSTUV. */
#include <ctype.h>
#include <string.h>

#include "core/codice_fiscale.h"

static const char OMOCODE_LETTERS[] = "LMNPQRSTUV"; /* stand for 0..9 */
static const char MONTHS[] = "ABCDEHLMPRST";
/* 0-based positions that hold digits (or their omocode letters). */
static const int DIGIT_POS[] = {6, 7, 9, 10, 12, 13, 14};

static bool is_digit_pos(int i)
{
    for (size_t k = 0; k < sizeof DIGIT_POS / sizeof DIGIT_POS[0]; k++) {
        if (DIGIT_POS[k] == i)
            return true;
    }
    return false;
}

static int omocode_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    const char *p = strchr(OMOCODE_LETTERS, c);
    return p != NULL && c != '\0' ? (int)(p - OMOCODE_LETTERS) : -1;
}

char cf_check_char(const char *cf15)
{
    static const int ODD[36] = {1,  0, 5, 7,  9,  13, 15, 17, 19, 21, 1,  0,
                                5,  7, 9, 13, 15, 17, 19, 21, 2,  4,  18, 20,
                                11, 3, 6, 8,  12, 14, 16, 10, 22, 25, 24, 23};
    int sum = 0;
    for (int i = 0; i < 15; i++) {
        char c = cf15[i];
        int idx = isdigit((unsigned char)c) ? c - '0' : 10 + (c - 'A'); /* digits and letters */
        int v;
        if (i % 2 == 0) /* odd positions, 1-based */
            v = ODD[idx];
        else
            v = idx < 10 ? idx : idx - 10;
        sum += v;
    }
    return (char)('A' + sum % 26);
}

enum cf_result cf_validate(const char *in, size_t len, char out[CF_LEN + 1])
{
    while (len > 0 && isspace((unsigned char)*in))
        in++, len--;
    while (len > 0 && isspace((unsigned char)in[len - 1]))
        len--;
    if (len != CF_LEN)
        return CF_BAD_LENGTH;
    char cf[CF_LEN + 1];
    for (int i = 0; i < CF_LEN; i++) {
        unsigned char c = (unsigned char)in[i];
        if (!isalnum(c))
            return CF_BAD_FORMAT;
        cf[i] = (char)toupper(c);
    }
    cf[CF_LEN] = '\0';
    for (int i = 0; i < 15; i++) {
        char c = cf[i];
        if (is_digit_pos(i)) {
            if (omocode_value(c) < 0)
                return CF_BAD_FORMAT;
        } else if (!isupper((unsigned char)c)) {
            return CF_BAD_FORMAT;
        }
    }
    if (strchr(MONTHS, cf[8]) == NULL)
        return CF_BAD_FORMAT;
    int day = omocode_value(cf[9]) * 10 + omocode_value(cf[10]);
    if (!((day >= 1 && day <= 31) || (day >= 41 && day <= 71)))
        return CF_BAD_FORMAT;
    if (!isupper((unsigned char)cf[15]))
        return CF_BAD_FORMAT;
    if (cf_check_char(cf) != cf[15])
        return CF_BAD_CHECK;
    memcpy(out, cf, CF_LEN + 1);
    return CF_OK;
}

void cf_normalise(const char *cf, char out[CF_LEN + 1])
{
    memcpy(out, cf, CF_LEN);
    out[CF_LEN] = '\0';
    for (size_t k = 0; k < sizeof DIGIT_POS / sizeof DIGIT_POS[0]; k++) {
        int v = omocode_value(out[DIGIT_POS[k]]);
        if (v >= 0)
            out[DIGIT_POS[k]] = (char)('0' + v);
    }
    out[15] = cf_check_char(out);
}

const char *cf_result_msg(enum cf_result r)
{
    switch (r) {
    case CF_OK:
        return NULL;
    case CF_BAD_LENGTH:
        return "error.cf.length";
    case CF_BAD_FORMAT:
        return "error.cf.format";
    case CF_BAD_CHECK:
        return "error.cf.check";
    }
    return "error.cf.format";
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Mobile numbers (core/phone.h): normalising to E.164, the checks, the
 * masked form. No I/O. */
#include "core/phone.h"

#include <string.h>

#define PHONE_DIGITS_MAX 15 /* E.164: country code + national number */

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* An Italian number (country code 39) is accepted only as a mobile: SMS go
 * to it. Mobile prefixes are 3xx, the numbers 9 or 10 digits long
 * (AGCOM's national numbering plan, delibera 8/15/CIR). */
static bool italian_mobile_ok(const char *national, size_t len)
{
    return national[0] == '3' && len >= 9 && len <= 10;
}

bool phone_normalise(const char *in, char out[PHONE_E164_SIZE])
{
    if (in == NULL || strlen(in) > PHONE_INPUT_MAX)
        return false;
    char d[PHONE_DIGITS_MAX + 3]; /* room for a "00" prefix */
    size_t n = 0;
    bool plus = false, seen = false;
    for (const char *s = in; *s; s++) {
        if (*s == '+' && !seen && !plus) {
            plus = true;
        } else if (is_digit(*s)) {
            if (n == sizeof d - 1)
                return false;
            d[n++] = *s;
            seen = true;
        } else if (*s == ' ' || *s == '-' || *s == '.' || *s == '/' || *s == '(' || *s == ')') {
            continue;
        } else {
            return false;
        }
    }
    d[n] = '\0';
    const char *digits = d;
    if (!plus && n > 2 && d[0] == '0' && d[1] == '0') { /* 0039 ...: the international prefix */
        digits += 2;
        n -= 2;
        plus = true;
    }
    if (!plus) { /* no country code: an Italian mobile */
        if (n == 0 || !italian_mobile_ok(digits, n))
            return false;
        memcpy(out, "+39", 3);
        memcpy(out + 3, digits, n + 1); /* n <= 10 */
        return true;
    }
    if (n < 8 || n > PHONE_DIGITS_MAX || digits[0] == '0')
        return false;
    if (digits[0] == '3' && digits[1] == '9' && !italian_mobile_ok(digits + 2, n - 2))
        return false;
    out[0] = '+';
    memcpy(out + 1, digits, n + 1); /* n <= 15 */
    return true;
}

bool phone_is_e164(const char *e164)
{
    char norm[PHONE_E164_SIZE];
    return e164 != NULL && e164[0] == '+' && phone_normalise(e164, norm) && strcmp(norm, e164) == 0;
}

/* How many digits the country code of an E.164 number has (ITU-T E.164
 * assigned codes: 1 and 7 are one digit; the two-digit ones below; every
 * other code has three). */
static size_t country_code_len(const char *digits)
{
    static const char TWO[][2] = {"20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41",
                                  "43", "44", "45", "46", "47", "48", "49", "51", "52", "53", "54",
                                  "55", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66",
                                  "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98"};
    if (digits[0] == '1' || digits[0] == '7')
        return 1;
    for (size_t i = 0; i < sizeof TWO / sizeof TWO[0]; i++)
        if (TWO[i][0] == digits[0] && TWO[i][1] == digits[1])
            return 2;
    return 3;
}

static char *put(char *o, const char *s, size_t n)
{
    memcpy(o, s, n);
    return o + n;
}

/* Written by hand, not by snprintf: the area shows it at every visit. */
void phone_mask(const char *number, char out[PHONE_MASKED_SIZE])
{
    char e[PHONE_E164_SIZE];
    if (number == NULL || number[0] == '\0') {
        out[0] = '\0';
        return;
    }
    if (!phone_normalise(number, e)) {
        memcpy(out, "***", 4);
        return;
    }
    const char *digits = e + 1; /* at least 8 (phone_normalise) */
    char *o = out;
    *o++ = '+';
    if (digits[0] == '3' && digits[1] == '9') { /* the operator's prefix says little: shown */
        o = put(o, "39 ", 3);
        o = put(o, digits + 2, 3); /* an Italian mobile has 9 or 10 digits after 39 */
    } else {
        o = put(o, digits, country_code_len(digits));
    }
    o = put(o, " ***", 4);
    o = put(o, digits + strlen(digits) - 4, 4);
    *o = '\0'; /* at most "+39 " 3 " ***" 4: 16 bytes */
}

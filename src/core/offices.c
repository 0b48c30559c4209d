/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* One row of the offices directory checked and normalised (core/offices.h).
 * The refusals are catalogue keys, so that whoever fixes the file reads
 * what is wrong in words (po/<lang>/offices.po). No I/O here. */
#include <ctype.h>
#include <string.h>

#include "core/offices.h"
#include "core/pec.h"
#include "core/repo.h"
#include "util/str.h"

const char *const OFFICE_CSV_HEADER[OFFICE_CSV_FIELDS] = {
    "code",     "network",  "name",      "address", "postcode", "city",
    "province", "latitude", "longitude", "phone",   "email",    "hours",
};

/* Coordinates, phone and hours may be missing from a file: an office can be
 * listed without a map position, a phone or opening hours. The email cannot:
 * the office is told by mail who chose it (issue 12 §1). */
const bool OFFICE_CSV_REQUIRED[OFFICE_CSV_FIELDS] = {
    true, true, true, true, true, true, true, false, false, false, true, false,
};

enum {
    F_CODE,
    F_NETWORK,
    F_NAME,
    F_ADDRESS,
    F_POSTCODE,
    F_CITY,
    F_PROVINCE,
    F_LATITUDE,
    F_LONGITUDE,
    F_PHONE,
    F_EMAIL,
    F_HOURS
};

#define CODE_MIN 3
#define PHONE_DIGITS_MIN 6  /* the shortest Italian landline with its prefix */
#define PHONE_DIGITS_MAX 15 /* ITU-T E.164 */
#define DEGREE_DECIMALS_MAX 10

enum text { TEXT_OK, TEXT_UNREADABLE, TEXT_TOO_LONG };

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_letter(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* The field trimmed into dst: one line of valid UTF-8 without control
 * characters (a tab or line break inside a name would break the list and
 * the mail that carries it), at most size-1 bytes. An absent column reads
 * as "". */
static enum text text(const char *f, size_t len, char *dst, size_t size)
{
    dst[0] = '\0';
    if (f == NULL)
        return TEXT_OK;
    while (len > 0 && is_blank(f[0])) {
        f++;
        len--;
    }
    while (len > 0 && is_blank(f[len - 1]))
        len--;
    if (!str_is_clean_utf8(f, len) || memchr(f, '\t', len) != NULL ||
        memchr(f, '\n', len) != NULL || memchr(f, '\r', len) != NULL)
        return TEXT_UNREADABLE;
    if (len >= size)
        return TEXT_TOO_LONG;
    memcpy(dst, f, len);
    dst[len] = '\0';
    return TEXT_OK;
}

/* A required text field: missing, unreadable and too long are three
 * different things to fix, so they are three different messages. */
static void required(struct form_errors *errs, const char *const f[], const size_t l[], int i,
                     char *dst, size_t size, const char *too_long)
{
    switch (text(f[i], l[i], dst, size)) {
    case TEXT_OK:
        if (dst[0] == '\0')
            form_errors_add(errs, OFFICE_CSV_HEADER[i], "error.office.missing");
        break;
    case TEXT_UNREADABLE:
        form_errors_add(errs, OFFICE_CSV_HEADER[i], "error.office.unreadable");
        break;
    case TEXT_TOO_LONG:
        form_errors_add(errs, OFFICE_CSV_HEADER[i], too_long);
        break;
    }
}

/* The office's key: upper-case letters, digits and single inner hyphens,
 * so that a code survives being typed, printed and put in a URL. */
static bool code_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < CODE_MIN || n > OFFICE_CODE_MAX || s[0] == '-' || s[n - 1] == '-')
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '-' ? s[i + 1] == '-' : !(is_digit(c) || (c >= 'A' && c <= 'Z')))
            return false;
    }
    return true;
}

static bool all(const char *s, bool (*pred)(char), size_t n)
{
    if (strlen(s) != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (!pred(s[i]))
            return false;
    }
    return true;
}

/* Decimal degrees as written in a spreadsheet or read off a map: an
 * optional sign, 1-3 integer digits, optionally a full stop and 1-10
 * decimals (10 decimals are a hundredth of a millimetre: more is noise).
 * No exponent, no decimal comma, no locale: the same text gives the same
 * number on every machine. The value is (digits as one integer) / 10^k,
 * both exact in a double, so the division rounds once, as strtod would. */
static bool degrees(const char *s, double min, double max, double *out)
{
    const char *p = s;
    bool neg = *p == '-';
    if (*p == '-' || *p == '+')
        p++;
    int64_t digits = 0, scale = 1;
    size_t whole = 0, decimals = 0;
    for (; is_digit(*p); p++) {
        if (++whole > 3)
            return false;
        digits = digits * 10 + (*p - '0');
    }
    if (*p == '.') {
        for (p++; is_digit(*p); p++) {
            if (++decimals > DEGREE_DECIMALS_MAX)
                return false;
            digits = digits * 10 + (*p - '0');
            scale *= 10;
        }
        if (decimals == 0)
            return false;
    }
    if (*p != '\0' || whole == 0)
        return false;
    double v = (double)digits / (double)scale;
    if (neg)
        v = -v;
    if (v < min || v > max)
        return false;
    *out = v;
    return true;
}

static void position(struct form_errors *errs, const char *const f[], const size_t l[],
                     struct office *o)
{
    char lat[32], lon[32];
    enum text tl = text(f[F_LATITUDE], l[F_LATITUDE], lat, sizeof lat);
    enum text tn = text(f[F_LONGITUDE], l[F_LONGITUDE], lon, sizeof lon);
    bool lat_ok = tl == TEXT_OK && (lat[0] == '\0' || degrees(lat, -90, 90, &o->latitude));
    bool lon_ok = tn == TEXT_OK && (lon[0] == '\0' || degrees(lon, -180, 180, &o->longitude));
    if (!lat_ok)
        form_errors_add(errs, "latitude", "error.office.latitude");
    if (!lon_ok)
        form_errors_add(errs, "longitude", "error.office.longitude");
    if (lat_ok && lon_ok && (lat[0] == '\0') != (lon[0] == '\0'))
        form_errors_add(errs, lat[0] == '\0' ? "latitude" : "longitude",
                        "error.office.position_half");
    o->has_position = lat_ok && lon_ok && lat[0] != '\0' && lon[0] != '\0';
    if (!o->has_position)
        o->latitude = o->longitude = 0;
}

/* "+39 06 0000 0000", "06 00000000": what a person dials, nothing else. */
static bool phone_ok(const char *s)
{
    size_t digits = 0;
    for (size_t i = 0; s[i] != '\0'; i++) {
        if (is_digit(s[i]))
            digits++;
        else if (!(s[i] == ' ' || (s[i] == '+' && i == 0)))
            return false;
    }
    return digits >= PHONE_DIGITS_MIN && digits <= PHONE_DIGITS_MAX;
}

enum vc_status office_from_fields(const char *const f[OFFICE_CSV_FIELDS],
                                  const size_t l[OFFICE_CSV_FIELDS], struct office *o,
                                  struct form_errors *errs)
{
    memset(o, 0, sizeof *o);
    form_errors_init(errs);

    enum text t = text(f[F_CODE], l[F_CODE], o->code, sizeof o->code);
    str_ascii_upper(o->code);
    if (t == TEXT_OK && o->code[0] == '\0')
        form_errors_add(errs, "code", "error.office.missing");
    else if (t != TEXT_OK || !code_ok(o->code))
        form_errors_add(errs, "code", "error.office.code");

    required(errs, f, l, F_NETWORK, o->network, sizeof o->network, "error.office.network");
    required(errs, f, l, F_NAME, o->name, sizeof o->name, "error.office.name");
    required(errs, f, l, F_ADDRESS, o->address, sizeof o->address, "error.office.address");
    required(errs, f, l, F_CITY, o->city, sizeof o->city, "error.office.city");

    if (text(f[F_POSTCODE], l[F_POSTCODE], o->postcode, sizeof o->postcode) != TEXT_OK ||
        !all(o->postcode, is_digit, 5))
        form_errors_add(errs, "postcode", "error.office.postcode");
    if (text(f[F_PROVINCE], l[F_PROVINCE], o->province, sizeof o->province) != TEXT_OK ||
        !all(o->province, is_letter, 2))
        form_errors_add(errs, "province", "error.office.province");
    str_ascii_upper(o->province);

    position(errs, f, l, o);

    if (text(f[F_PHONE], l[F_PHONE], o->phone, sizeof o->phone) != TEXT_OK ||
        (o->phone[0] != '\0' && !phone_ok(o->phone)))
        form_errors_add(errs, "phone", "error.office.phone");

    char email[EMAIL_MAX + 2];
    t = text(f[F_EMAIL], l[F_EMAIL], email, sizeof email);
    if (t == TEXT_OK && email[0] == '\0')
        form_errors_add(errs, "email", "error.office.email.missing");
    else if (t != TEXT_OK || email_normalise(email, strlen(email), o->email) != NULL)
        form_errors_add(errs, "email", "error.office.email");

    t = text(f[F_HOURS], l[F_HOURS], o->hours, sizeof o->hours);
    if (t != TEXT_OK)
        form_errors_add(errs, "hours",
                        t == TEXT_TOO_LONG ? "error.office.hours" : "error.office.unreadable");
    return form_errors_any(errs) ? VC_ERR_INVALID : VC_OK;
}

/* Copies s without the ASCII white space at its ends; false if it does not fit. */
static bool trimmed(const char *s, char *out, size_t size)
{
    s = s != NULL ? s : "";
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n >= size)
        return false;
    memcpy(out, s, n);
    out[n] = '\0';
    return true;
}

enum vc_status offices_search(const struct vc_env *env, const struct office_search *q,
                              struct office *out, size_t max, size_t *out_n,
                              struct form_errors *errs)
{
    form_errors_init(errs);
    *out_n = 0;
    struct office_filter f;
    memset(&f, 0, sizeof f);
    if (q->n_networks > OFFICE_FILTER_NETWORKS_MAX)
        form_errors_add(errs, "rete", "error.office.search_networks");
    for (size_t i = 0; i < q->n_networks && i < OFFICE_FILTER_NETWORKS_MAX; i++) {
        if (trimmed(q->networks[i], f.networks[f.n_networks], sizeof f.networks[0]) &&
            f.networks[f.n_networks][0] != '\0')
            f.n_networks++;
    }
    if (!trimmed(q->province, f.province, sizeof f.province) ||
        (f.province[0] != '\0' &&
         !(isalpha((unsigned char)f.province[0]) && isalpha((unsigned char)f.province[1]))))
        form_errors_add(errs, "provincia", "error.office.search_province");
    if (!trimmed(q->city, f.city, sizeof f.city))
        form_errors_add(errs, "comune", "error.office.search_city");
    if (errs->n > 0)
        return VC_ERR_INVALID;
    if (q->n_networks > 0 && f.n_networks == 0)
        return VC_OK; /* only networks that cannot exist: nothing matches */
    for (char *p = f.province; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    return repo_offices_list(env->store, &f, out, max, out_n);
}

enum vc_status offices_networks(const struct vc_env *env, char (*out)[OFFICE_NETWORK_MAX + 1],
                                size_t max, size_t *out_n)
{
    return repo_office_networks(env->store, out, max, out_n);
}

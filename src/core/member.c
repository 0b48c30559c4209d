/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include <ctype.h>
#include <string.h>

#include "core/codice_fiscale.h"
#include "core/member.h"
#include "core/tax_id.h"
#include "util/str.h"

const char *const MEMBER_CSV_HEADER[MEMBER_CSV_FIELDS] = {
    "matricola",  "codice_fiscale", "category",     "given_name",  "family_name",
    "birth_date", "birth_place",    "address",      "postcode",    "city",
    "province",   "mobile",         "company_name", "partita_iva",
};

enum {
    F_MATRICOLA,
    F_CF,
    F_CATEGORY,
    F_GIVEN,
    F_FAMILY,
    F_BIRTH_DATE,
    F_BIRTH_PLACE,
    F_ADDRESS,
    F_POSTCODE,
    F_CITY,
    F_PROVINCE,
    F_MOBILE,
    F_COMPANY,
    F_PIVA
};

/* Trimmed copy of a field; false if it does not fit or is not clean UTF-8. */
static bool field(const char *const f[], const size_t l[], int i, char *dst, size_t size)
{
    if (f[i] == NULL || !str_is_clean_utf8(f[i], l[i]) || memchr(f[i], '\n', l[i]) != NULL) {
        dst[0] = '\0';
        return f[i] == NULL;
    }
    char tmp[512];
    size_t n = l[i] < sizeof tmp - 1 ? l[i] : sizeof tmp - 1;
    memcpy(tmp, f[i], n);
    tmp[n] = '\0';
    return str_copy_trim(dst, tmp, size) < size && l[i] < sizeof tmp;
}

static bool all(const char *s, int (*pred)(int), size_t min, size_t max)
{
    size_t n = strlen(s);
    if (n < min || n > max)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (!pred((unsigned char)s[i]))
            return false;
    }
    return true;
}

static bool iso_date(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++) {
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
            return false;
    }
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

enum vc_status member_from_fields(const char *const f[MEMBER_CSV_FIELDS],
                                  const size_t l[MEMBER_CSV_FIELDS], struct member *m,
                                  struct form_errors *errs)
{
    char cf[64], cat[32];
    memset(m, 0, sizeof *m);
    form_errors_init(errs);
    if (!field(f, l, F_MATRICOLA, m->matricola, sizeof m->matricola) ||
        !all(m->matricola, isalnum, 1, MATRICOLA_MAX))
        form_errors_add(errs, "matricola", "error.member.matricola");
    if (!field(f, l, F_CF, cf, sizeof cf))
        form_errors_add(errs, "codice_fiscale", "error.member.cf");
    else if (cf[0] == '\0')
        form_errors_add(errs, "codice_fiscale", "error.member.cf.missing");
    else
        switch (cf_validate(cf, strlen(cf), m->codice_fiscale)) {
        case CF_OK:
            break;
        case CF_BAD_LENGTH: /* what is wrong, for whoever fixes the registry file */
            form_errors_add(errs, "codice_fiscale", "error.member.cf.length");
            break;
        case CF_BAD_CHECK:
            form_errors_add(errs, "codice_fiscale", "error.member.cf.check");
            break;
        default:
            form_errors_add(errs, "codice_fiscale", "error.member.cf.format");
            break;
        }
    if (!field(f, l, F_CATEGORY, cat, sizeof cat) || !member_category_parse(cat, &m->category))
        form_errors_add(errs, "category", "error.member.category");
    if (!field(f, l, F_GIVEN, m->given_name, sizeof m->given_name) || m->given_name[0] == '\0')
        form_errors_add(errs, "given_name", "error.member.name");
    if (!field(f, l, F_FAMILY, m->family_name, sizeof m->family_name) || !m->family_name[0])
        form_errors_add(errs, "family_name", "error.member.name");
    if (!field(f, l, F_BIRTH_DATE, m->birth_date, sizeof m->birth_date) || !iso_date(m->birth_date))
        form_errors_add(errs, "birth_date", "error.member.date");
    if (!field(f, l, F_BIRTH_PLACE, m->birth_place, sizeof m->birth_place))
        form_errors_add(errs, "birth_place", "error.member.too_long");
    if (!field(f, l, F_ADDRESS, m->address, sizeof m->address) || m->address[0] == '\0')
        form_errors_add(errs, "address", "error.member.address");
    if (!field(f, l, F_POSTCODE, m->postcode, sizeof m->postcode) ||
        !all(m->postcode, isdigit, 5, 5))
        form_errors_add(errs, "postcode", "error.member.postcode");
    if (!field(f, l, F_CITY, m->city, sizeof m->city) || m->city[0] == '\0')
        form_errors_add(errs, "city", "error.member.city");
    if (!field(f, l, F_PROVINCE, m->province, sizeof m->province) ||
        !all(m->province, isalpha, 2, 2))
        form_errors_add(errs, "province", "error.member.province");
    str_ascii_upper(m->province);
    if (!field(f, l, F_MOBILE, m->mobile, sizeof m->mobile))
        form_errors_add(errs, "mobile", "error.member.too_long");
    if (!field(f, l, F_COMPANY, m->company_name, sizeof m->company_name))
        form_errors_add(errs, "company_name", "error.member.too_long");
    if (!field(f, l, F_PIVA, m->partita_iva, sizeof m->partita_iva) ||
        (m->partita_iva[0] && !all(m->partita_iva, isdigit, 11, 11)))
        form_errors_add(errs, "partita_iva", "error.member.piva");
    else if (m->partita_iva[0] && !partita_iva_valid(m->partita_iva, strlen(m->partita_iva)))
        form_errors_add(errs, "partita_iva", "error.member.piva.check"); /* a typo, not a company */
    /* a company (core/delegation.h) is known by its name: its delegations,
     * the firm's mails and the operator's banner all say it */
    if ((m->category == MEMBER_PRINCIPAL_FIRM || m->category == MEMBER_AGENT_COMPANY) &&
        m->company_name[0] == '\0')
        form_errors_add(errs, "company_name", "error.member.company_name");
    return form_errors_any(errs) ? VC_ERR_INVALID : VC_OK;
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* A registry row (core/member.c) as `varco members import` reads it: the
 * companies of the delegation service need their name and a partita IVA
 * whose check digit is right (core/tax_id.h). */
#include <criterion/criterion.h>
#include <string.h>

#include "core/member.h"

/* A principal firm's row with the given company name and partita IVA. */
static enum vc_status parse(const char *category, const char *company, const char *piva,
                            struct form_errors *fe)
{
    const char *f[MEMBER_CSV_FIELDS] = {"100016",   "GRDRRT66C21F205E",
                                        category,   "Roberto",
                                        "Giordano", "1966-03-21",
                                        "Milano",   "Via Tortona 9",
                                        "20144",    "Milano",
                                        "MI",       "",
                                        company,    piva};
    size_t l[MEMBER_CSV_FIELDS];
    for (int i = 0; i < MEMBER_CSV_FIELDS; i++)
        l[i] = strlen(f[i]);
    struct member m;
    form_errors_init(fe);
    return member_from_fields(f, l, &m, fe);
}

static bool has(const struct form_errors *fe, const char *field, const char *msg)
{
    for (size_t i = 0; i < fe->n; i++) {
        if (strcmp(fe->e[i].field, field) == 0 && strcmp(fe->e[i].msg, msg) == 0)
            return true;
    }
    return false;
}

Test(member, company_with_name_and_valid_partita_iva)
{
    struct form_errors fe;
    cr_expect_eq(parse("principal_firm", "Alfa Forniture SpA", "11223344554", &fe), VC_OK);
    cr_expect_eq(parse("agent_company", "Verdi Rappresentanze Srl", "01234567897", &fe), VC_OK);
}

Test(member, company_without_a_name_is_refused)
{
    struct form_errors fe;
    cr_expect_eq(parse("principal_firm", "", "11223344554", &fe), VC_ERR_INVALID);
    cr_expect(has(&fe, "company_name", "error.member.company_name"));
    cr_expect_eq(parse("agent_company", "", "01234567897", &fe), VC_ERR_INVALID);
    cr_expect(has(&fe, "company_name", "error.member.company_name"));
}

Test(member, bad_check_digit_is_refused)
{
    struct form_errors fe;
    cr_expect_eq(parse("principal_firm", "Alfa Forniture SpA", "11223344556", &fe), VC_ERR_INVALID);
    cr_expect(has(&fe, "partita_iva", "error.member.piva.check"));
    cr_expect_eq(parse("agent_company", "Verdi Rappresentanze Srl", "01234567890", &fe),
                 VC_ERR_INVALID);
    cr_expect(has(&fe, "partita_iva", "error.member.piva.check"));
    /* not 11 digits: the format's message, not the check digit's */
    cr_expect_eq(parse("principal_firm", "Alfa Forniture SpA", "1122334455", &fe), VC_ERR_INVALID);
    cr_expect(has(&fe, "partita_iva", "error.member.piva"));
    cr_expect(!has(&fe, "partita_iva", "error.member.piva.check"));
}

Test(member, an_individual_needs_no_company)
{
    struct form_errors fe;
    cr_expect_eq(parse("agent_individual", "", "", &fe), VC_OK);
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Pure rules of core: codice fiscale, PEC, password policy, profiles. */
#include <criterion/criterion.h>
#include <string.h>

#include "core/codice_fiscale.h"
#include "core/password_policy.h"
#include "core/pec.h"
#include "core/profile.h"

Test(codice_fiscale, valid_is_upper_cased_and_trimmed)
{
    char out[CF_LEN + 1];
    cr_assert_eq(cf_validate(" rssmra80a41f205b ", 18, out), CF_OK);
    cr_assert_str_eq(out, "RSSMRA80A41F205B");
}

Test(codice_fiscale, wrong_check_letter)
{
    char out[CF_LEN + 1];
    cr_assert_eq(cf_validate("RSSMRA80A41F205C", 16, out), CF_BAD_CHECK);
    cr_assert_eq(cf_validate("BNCGPP75C12H501X", 16, out), CF_BAD_CHECK);
}

Test(codice_fiscale, bad_length_and_format)
{
    char out[CF_LEN + 1];
    cr_assert_eq(cf_validate("RSSMRA80A41F205", 15, out), CF_BAD_LENGTH);
    cr_assert_eq(cf_validate("RSSMRA80Z41F205B", 16, out), CF_BAD_FORMAT); /* month Z */
    cr_assert_eq(cf_validate("RSS1RA80A41F205B", 16, out), CF_BAD_FORMAT);
    cr_assert_eq(cf_validate("RSSMRA80A99F205B", 16, out), CF_BAD_FORMAT); /* day 99 */
    cr_assert_not_null(cf_result_msg(CF_BAD_CHECK));
    cr_assert_null(cf_result_msg(CF_OK));
}

Test(codice_fiscale, omocodes_normalise_to_one_person)
{
    char a[CF_LEN + 1], b[CF_LEN + 1], na[CF_LEN + 1], nb[CF_LEN + 1];
    cr_assert_eq(cf_validate("CCCFBA85D03L219P", 16, a), CF_OK);
    cr_assert_eq(cf_validate("CCCFBAURDLPLNMVU", 16, b), CF_OK); /* every digit replaced */
    cf_normalise(a, na);
    cf_normalise(b, nb);
    cr_assert_str_eq(na, nb);
    cr_assert_str_eq(na, "CCCFBA85D03L219P");
    /* a different person does not normalise to the same */
    char c[CF_LEN + 1], nc[CF_LEN + 1];
    cr_assert_eq(cf_validate("RSSMRA80A41F205B", 16, c), CF_OK);
    cf_normalise(c, nc);
    cr_assert_str_neq(na, nc);
}

Test(pec, syntax)
{
    char out[EMAIL_MAX + 1];
    cr_assert_null(email_normalise(" Maria.Rossi@Example.ORG ", 25, out));
    cr_assert_str_eq(out, "maria.rossi@example.org");
    cr_assert_not_null(email_normalise("", 0, out));
    cr_assert_not_null(email_normalise("no-at.example.org", 17, out));
    cr_assert_not_null(email_normalise("a@b@c.it", 8, out));
    cr_assert_not_null(email_normalise("a@nodot", 7, out));
    cr_assert_not_null(email_normalise("a b@c.it", 8, out));
}

Test(pec, detection)
{
    char d[4][64] = {"pec.it", "legalmail.it", "*.pec.*", "pec.*"};
    cr_assert(pec_is_pec("g.bianchi@pec.it", d, 4));
    cr_assert(pec_is_pec("x@studio.pec.it", d, 4));
    cr_assert(pec_is_pec("x@legalmail.it", d, 4));
    cr_assert(pec_is_pec("x@ordine.pec.avvocati.it", d, 4));
    cr_assert(pec_is_pec("x@pec.comune.roma.it", d, 4));
    cr_assert_not(pec_is_pec("x@example.org", d, 4));
    cr_assert_not(pec_is_pec("x@specchio.it", d, 4));
    cr_assert_not(pec_is_pec("x@notlegalmail.it", d, 4));
}

Test(password_policy, enasarco_bounds_7_8_20_21)
{
    const struct profile *p = profile_find("enasarco");
    cr_assert_not_null(p);
    cr_assert_str_eq(password_policy_check(p, "abcdefg", 7), "error.password.short");
    cr_assert_null(password_policy_check(p, "abcdefgh", 8));
    cr_assert_null(password_policy_check(p, "abcdefghijabcdefghij", 20));
    cr_assert_str_eq(password_policy_check(p, "abcdefghijabcdefghijk", 21), "error.password.long");
    /* code points, not bytes: 8 accented letters are 16 bytes */
    cr_assert_null(password_policy_check(p, "àèìòùàèì", strlen("àèìòùàèì")));
    cr_assert_str_eq(password_policy_check(p, "abc\x01defgh", 9), "error.password.invalid");
    cr_assert_str_eq(password_policy_check(p, "", 0), "error.password.missing");
}

Test(profile, enasarco_steps_in_order)
{
    const struct profile *p = profile_find("enasarco");
    cr_assert_str_eq(profile_next_step(p, "register"), "confirm_email");
    cr_assert_str_eq(profile_next_step(p, "confirm_email"), "id_form");
    cr_assert_str_eq(profile_next_step(p, "id_form"), "postal_code");
    cr_assert_null(profile_next_step(p, "postal_code"));
    cr_assert_null(profile_find("nope"));
}

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

#define CHECK(p, pw, words) password_policy_check(p, pw, strlen(pw), words)

/* The enasarco profile's own rule (seed 000). */
static const struct password_rules *enasarco_rules(void)
{
    static struct password_rules r;
    const struct profile *p = profile_find("enasarco");
    cr_assert_not_null(p);
    r.min = p->password_min;
    r.max = p->password_max;
    return &r;
}

Test(password_policy, enasarco_bounds_7_8_20_21)
{
    const struct password_rules *p = enasarco_rules();
    cr_assert_str_eq(CHECK(p, "xK9#mP2", NULL), "error.password.short");
    cr_assert_null(CHECK(p, "xK9#mP2q", NULL));
    cr_assert_null(CHECK(p, "Tramonto-sul-Lago-42", NULL));
    cr_assert_str_eq(CHECK(p, "Tramonto-sul-Lago-421", NULL), "error.password.long");
    /* code points, not bytes: 8 accented letters are 16 bytes */
    cr_assert_null(CHECK(p, "àèìòùàèì", NULL));
    cr_assert_str_eq(CHECK(p, "abc\x01defgh", NULL), "error.password.invalid");
    cr_assert_str_eq(password_policy_check(p, "", 0, NULL), "error.password.missing");
    cr_assert_str_eq(password_policy_check(p, "\xff\xfeabcdefgh", 10, NULL),
                     "error.password.invalid");
}

Test(password_policy, other_profiles_take_12_to_128)
{
    struct password_rules q = {12, 128};
    cr_assert_str_eq(CHECK(&q, "Girasole!74", NULL), "error.password.short");
    cr_assert_null(CHECK(&q, "Girasole!74x", NULL));
    char longest[130];
    memset(longest, 0, sizeof longest);
    for (int i = 0; i < 128; i++)
        longest[i] = "correct horse battery staple "[i % 29];
    cr_assert_null(CHECK(&q, longest, NULL));
    longest[128] = 'x';
    cr_assert_str_eq(CHECK(&q, longest, NULL), "error.password.long");
}

Test(password_policy, guessable_passwords_are_refused_with_the_reason)
{
    const struct password_rules *p = enasarco_rules();
    cr_assert_str_eq(CHECK(p, "Password1", NULL), "error.password.common");
    cr_assert_str_eq(CHECK(p, "juventus1", NULL), "error.password.common");
    cr_assert_str_eq(CHECK(p, "zxcvbnm,./", NULL), "error.password.keyboard");
    cr_assert_str_eq(CHECK(p, "abcdefghijkl", NULL), "error.password.sequence");
    cr_assert_str_eq(CHECK(p, "zzzzzzzzzz", NULL), "error.password.repeat");
    cr_assert_str_eq(CHECK(p, "01011980", NULL), "error.password.date");
    const char *mine[] = {"maria.rossi@example.org", "RSSMRA80A41F205B", "100001", NULL};
    cr_assert_str_eq(CHECK(p, "Rossi2024!", mine), "error.password.personal");
    /* reasonable passwords of people pass */
    cr_assert_null(CHECK(p, "Segreta2024", mine));
    cr_assert_null(CHECK(p, "Girasole!74", mine));
    int score = -1;
    password_strength("xK9#mP2q-Tramonto", NULL, &score, NULL);
    cr_assert_eq(score, 4);
    password_strength("password", NULL, &score, NULL);
    cr_assert_eq(score, 0);
}

Test(password_policy, operators_take_12_code_points)
{
    cr_assert_str_eq(CHECK(&PASSWORD_RULES_OPERATOR, "Girasole!74", NULL), "error.password.short");
    /* 12 code points in 24 bytes are 12, not 24 */
    cr_assert_str_eq(CHECK(&PASSWORD_RULES_OPERATOR, "àèìòùàèìòùà", NULL), "error.password.short");
    cr_assert_null(CHECK(&PASSWORD_RULES_OPERATOR, "Lampione-verde-91", NULL));
}

Test(profile, enasarco_steps_in_order)
{
    const struct profile *p = profile_find("enasarco");
    const struct journey_def *j = profile_journey(p, "");
    cr_assert_str_eq(j->name, "member");
    cr_assert_str_eq(journey_next(j, "register")->id, "confirm_email");
    cr_assert_str_eq(journey_next(j, "confirm_email")->id, "id_form");
    cr_assert_str_eq(journey_next(j, "id_form")->id, "postal_code");
    cr_assert_eq(journey_step(j, "postal_code")->grants, LEVEL_FULL);
    cr_assert_null(journey_next(j, "postal_code"));
    cr_assert_not_null(journey_field(j, REG_MATRICOLA));
    cr_assert_null(journey_field(j, REG_BIRTH_DATE));
    cr_assert_null(profile_find("nope"));
}

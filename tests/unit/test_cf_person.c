/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* core/cf_person.c: does a codice fiscale agree with the personal data?
 * Real-looking (fictitious) people with accents, apostrophes, short names,
 * omocodes, foreign births and comuni since merged, checked against the real
 * places list (data/places.tsv). The expected codes were computed with an
 * independent implementation (and, where there is no accent, agree with the
 * npm package codice-fiscale-js, which drops accented vowels). */
#include <criterion/criterion.h>
#include <string.h>

#include "core/cf_person.h"
#include "render/i18n.h"
#include "tests/support/places_file.h"

struct person_case {
    const char *family, *given, *date, *sex, *place, *cf;
};

/* Everyone here agrees with their codice fiscale. */
static const struct person_case AGREE[] = {
    {"Rossi", "Mario", "1980-01-01", "M", "H501", "RSSMRA80A01H501U"},
    /* accented vowels are vowels: Alì -> L A I, Noè -> N O E */
    {"Alì", "Noè", "1975-03-12", "F", "D704", "LAINOE75C52D704N"},
    {"ALÌ", "NOÈ", "1975-03-12", "F", "D704", "LAINOE75C52D704N"},
    /* apostrophes (straight or typographic) and spaces are ignored */
    {"D'Angelo", "Maria Grazia", "1969-11-30", "F", "H223", "DNGMGR69S70H223O"},
    {"D’Angelo", "Maria  Grazia", "1969-11-30", "F", "H223", "DNGMGR69S70H223O"},
    {"Dell'Acqua", "Gianfranco", "1958-07-07", "M", "F839", "DLLGFR58L07F839S"},
    {"De Luca", "Francesca", "1984-02-29", "F", "A662", "DLCFNC84B69A662W"},
    /* short surnames and names padded with X */
    {"Fo", "Dario", "1966-03-24", "M", "I452", "FOXDRA66C24I452X"},
    {"Bo", "Ia", "1999-06-01", "F", "L219", "BOXIAX99H41L219E"},
    /* born abroad: the foreign state's Z code */
    {"Xu", "Li", "1990-09-05", "F", "Z210", "XUXLIX90P45Z210O"},
    {"Smith", "John", "1976-07-04", "M", "Z404", "SMTJHN76L04Z404A"},
    {"Müller", "Jürgen", "1970-12-31", "M", "Z112", "MLLJGN70T31Z112F"},
    {"Weiß", "Anna", "1988-08-08", "F", "Z112", "WSSNNA88M48Z112C"},
    /* a state since dissolved, on a date it existed */
    {"Petrović", "Ivana", "1985-10-10", "F", "Z118", "PTRVNI85R50Z118G"},
    /* born in Bazzano in 1980: its own code, though merged into Valsamoggia in 2014 */
    {"Bianchi", "Luca", "1980-05-15", "M", "A726", "BNCLCU80E15A726A"},
    /* born in Valsamoggia after the merger: the new code */
    {"Bianchi", "Luca", "2015-05-15", "M", "M320", "BNCLCU15E15M320A"},
    /* omocodes: digits replaced from the right by L M N P Q R S T U V */
    {"Rossi", "Mario", "1980-01-01", "M", "H501", "RSSMRA80A01H50MM"},
    {"Rossi", "Mario", "1980-01-01", "M", "H501", "RSSMRA80A01H5LMX"},
    {"Rossi", "Mario", "1980-01-01", "M", "H501", "RSSMRAULALMHRLMD"},
    {"Alì", "Noè", "1975-03-12", "F", "D704", "LAINOETRCRNDTLQC"},
    {"Xu", "Li", "1990-09-05", "F", "Z210", "XUXLIX90P45ZNMLR"},
    /* typed in lower case with spaces around */
    {"Rossi", "Mario", "1980-01-01", "m", "h501", "  rssmra80a01h501u "},
};

static struct person_case with(struct person_case c, const char *field, const char *value)
{
    if (strcmp(field, "family") == 0)
        c.family = value;
    else if (strcmp(field, "given") == 0)
        c.given = value;
    else if (strcmp(field, "date") == 0)
        c.date = value;
    else if (strcmp(field, "sex") == 0)
        c.sex = value;
    else if (strcmp(field, "place") == 0)
        c.place = value;
    else
        c.cf = value;
    return c;
}

static enum vc_status check(const struct places *p, const struct person_case *c,
                            struct form_errors *fe)
{
    struct cf_person person = {
        .family_name = c->family,
        .given_name = c->given,
        .birth_date = c->date,
        .sex = c->sex,
        .birth_place_code = c->place,
    };
    form_errors_init(fe);
    return cf_person_check(p, &person, c->cf, strlen(c->cf), fe);
}

/* Expects exactly one error, on field, with message msg. */
static void one_error(const struct places *p, struct person_case c, const char *field,
                      const char *msg)
{
    struct form_errors fe;
    cr_assert_eq(check(p, &c, &fe), VC_ERR_INVALID, "%s %s %s accepted", c.family, c.given, c.cf);
    cr_assert_eq(fe.n, 1, "%zu errors for %s %s %s, first %s=%s", fe.n, c.family, c.given, c.cf,
                 fe.e[0].field, fe.e[0].msg);
    cr_assert_str_eq(fe.e[0].field, field);
    cr_assert_str_eq(fe.e[0].msg, msg);
}

Test(cf_person, real_names_agree)
{
    struct places *p = test_places_load();
    for (size_t i = 0; i < sizeof AGREE / sizeof AGREE[0]; i++) {
        struct form_errors fe;
        enum vc_status st = check(p, &AGREE[i], &fe);
        cr_expect_eq(st, VC_OK, "%s %s %s: %s=%s", AGREE[i].family, AGREE[i].given, AGREE[i].cf,
                     fe.n ? fe.e[0].field : "", fe.n ? fe.e[0].msg : "");
        cr_expect_eq(fe.n, 0);
    }
    places_free(p);
}

Test(cf_person, compute_gives_the_plain_code)
{
    for (size_t i = 0; i < sizeof AGREE / sizeof AGREE[0]; i++) {
        const struct person_case *c = &AGREE[i];
        struct cf_person person = {c->family, c->given, c->date, c->sex, c->place};
        char out[CF_LEN + 1];
        if (strcmp(c->place, "h501") == 0)
            continue; /* compute takes the code as given */
        cr_assert_eq(cf_person_compute(&person, out), VC_OK, "%s", c->family);
        if (strchr("LMNPQRSTUV", c->cf[14]) == NULL && c->cf[0] != ' ')
            cr_expect_str_eq(out, c->cf, "%s %s", c->family, c->given);
    }
    struct cf_person bad = {"Rossi", "Mario", "1980-02-30", "M", "H501"};
    char out[CF_LEN + 1] = "unchanged";
    cr_assert_eq(cf_person_compute(&bad, out), VC_ERR_INVALID);
    cr_assert_str_eq(out, "unchanged");
}

Test(cf_person, name_codes)
{
    static const struct {
        const char *name;
        bool given;
        const char *code;
    } T[] = {
        {"Fo", false, "FOX"},        {"Xu", false, "XUX"},
        {"Alì", false, "LAI"},       {"D'Angelo", false, "DNG"},
        {"De Luca", false, "DLC"},   {"Dell'Acqua", false, "DLL"},
        {"O'Neill", false, "NLL"},   {"Lo Cascio", false, "LCS"},
        {"Müller", false, "MLL"},    {"Weiß", false, "WSS"},
        {"Ia", true, "IAX"},         {"Noè", true, "NOE"},
        {"Zoè", true, "ZOE"},        {"Luca", true, "LCU"},
        {"Gianfranco", true, "GFR"}, {"Maria Grazia", true, "MGR"},
        {"Jürgen", true, "JGN"},     {"Anna-Lisa", true, "NLS"},
        {"Ève", true, "VEE"},        {"Ö", false, "OXX"},
        {"Y", false, "YXX"}, /* Y is a consonant in these rules */
    };
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
        char out[4];
        bool ok = T[i].given ? cf_person_given_code(T[i].name, strlen(T[i].name), out)
                             : cf_person_family_code(T[i].name, strlen(T[i].name), out);
        cr_assert(ok, "%s", T[i].name);
        cr_expect_str_eq(out, T[i].code, "%s", T[i].name);
    }
    char out[4];
    cr_assert_not(cf_person_family_code("", 0, out));
    cr_assert_not(cf_person_family_code("' -", 3, out));
    cr_assert_not(cf_person_family_code("R2D2", 4, out));
    cr_assert_not(cf_person_family_code("Σωκράτης", strlen("Σωκράτης"), out));
    cr_assert_not(cf_person_family_code("Ros\xc3", 4, out)); /* truncated UTF-8 */
}

Test(cf_person, accented_vowels_are_not_dropped)
{
    /* the code that a calculator dropping accented letters would print */
    struct places *p = test_places_load();
    struct person_case c = {"Alì", "Noè", "1975-03-12", "F", "D704", "LAXNOX75C52D704M"};
    struct form_errors fe;
    cr_assert_eq(check(p, &c, &fe), VC_ERR_INVALID);
    cr_assert_eq(fe.n, 2);
    cr_assert_str_eq(form_errors_get(&fe, "family_name"), "error.person.cf_family_name");
    cr_assert_str_eq(form_errors_get(&fe, "given_name"), "error.person.cf_given_name");
    places_free(p);
}

Test(cf_person, each_field_that_disagrees_is_named)
{
    struct places *p = test_places_load();
    const struct person_case rossi = AGREE[0];
    one_error(p, with(rossi, "family", "Ricci"), "family_name", "error.person.cf_family_name");
    one_error(p, with(rossi, "given", "Marco"), "given_name", "error.person.cf_given_name");
    one_error(p, with(rossi, "date", "1980-01-02"), "birth_date", "error.person.cf_birth_date");
    one_error(p, with(rossi, "date", "1981-01-01"), "birth_date", "error.person.cf_birth_date");
    one_error(p, with(rossi, "date", "1980-02-01"), "birth_date", "error.person.cf_birth_date");
    /* the code holds two digits of the year: 1880 and 1980 look alike (only the
     * places list, by date, may tell them apart) */
    /* Maria and Mario share MRA: only the day's +40 tells them apart */
    one_error(p, with(with(rossi, "given", "Maria"), "sex", "F"), "sex", "error.person.cf_sex");
    one_error(p, with(rossi, "place", "F205"), "birth_place", "error.person.cf_birth_place");
    /* a bad check character hides everything else */
    one_error(p, with(rossi, "cf", "RSSMRA80A01H501X"), "codice_fiscale", "error.cf.check");
    one_error(p, with(with(rossi, "cf", "RSSMRA80A01H50"), "family", "X"), "codice_fiscale",
              "error.cf.length");
    one_error(p, with(rossi, "cf", "RSSMRA80Z01H501U"), "codice_fiscale", "error.cf.format");
    /* an omocode letter that stands for another digit is another place */
    one_error(p, with(rossi, "cf", "RSSMRA80A01H50NO"), "birth_place",
              "error.person.cf_birth_place");
    places_free(p);
}

Test(cf_person, several_errors_at_once)
{
    struct places *p = test_places_load();
    struct person_case c = {"Ricci", "Marco", "1981-01-01", "M", "F205", "RSSMRA80A01H501U"};
    struct form_errors fe;
    cr_assert_eq(check(p, &c, &fe), VC_ERR_INVALID);
    cr_assert_eq(fe.n, 4);
    cr_assert_not_null(form_errors_get(&fe, "family_name"));
    cr_assert_not_null(form_errors_get(&fe, "given_name"));
    cr_assert_not_null(form_errors_get(&fe, "birth_date"));
    cr_assert_not_null(form_errors_get(&fe, "birth_place"));
    /* an error the caller had already is kept, and the result is still invalid */
    form_errors_init(&fe);
    form_errors_add(&fe, "family_name", "error.register.required");
    struct cf_person person = {"Ricci", "Mario", "1980-01-01", "M", "H501"};
    cr_assert_eq(cf_person_check(p, &person, "RSSMRA80A01H501U", 16, &fe), VC_ERR_INVALID);
    cr_assert_eq(fe.n, 1);
    cr_assert_str_eq(fe.e[0].msg, "error.register.required");
    places_free(p);
}

Test(cf_person, bad_personal_data)
{
    struct places *p = test_places_load();
    const struct person_case rossi = AGREE[0];
    one_error(p, with(rossi, "family", "R0ssi"), "family_name", "error.person.name_chars");
    one_error(p, with(rossi, "family", "'"), "family_name", "error.person.name_letters");
    one_error(p, with(rossi, "given", "Марио"), "given_name", "error.person.name_chars");
    one_error(p, with(rossi, "date", "1980-02-30"), "birth_date", "error.person.birth_date");
    one_error(p, with(rossi, "date", "01/01/1980"), "birth_date", "error.person.birth_date");
    one_error(p, with(rossi, "sex", "X"), "sex", "error.person.sex");
    one_error(p, with(rossi, "sex", ""), "sex", "error.person.sex");
    one_error(p, with(rossi, "place", "Q999"), "birth_place", "error.person.birth_place_unknown");
    one_error(p, with(rossi, "place", "Roma"), "birth_place", "error.person.birth_place_unknown");
    struct cf_person nothing = {NULL, NULL, NULL, NULL, NULL};
    struct form_errors fe;
    form_errors_init(&fe);
    cr_assert_eq(cf_person_check(p, &nothing, "RSSMRA80A01H501U", 16, &fe), VC_ERR_INVALID);
    cr_assert_eq(fe.n, 5);
    places_free(p);
}

Test(cf_person, merged_comune_old_code_by_birth_date)
{
    struct places *p = test_places_load();
    /* Bazzano merged into Valsamoggia (M320) on 1 January 2014 */
    const struct person_case born_1980 = {"Bianchi", "Luca", "1980-05-15",
                                          "M",       "A726", "BNCLCU80E15A726A"};
    /* a code computed with today's comune is not the person's: refused */
    one_error(p, with(born_1980, "cf", "BNCLCU80E15M320O"), "birth_place",
              "error.person.cf_birth_place");
    /* nor can the form say Valsamoggia for a birth in 1980 */
    one_error(p, with(with(born_1980, "cf", "BNCLCU80E15M320O"), "place", "M320"), "birth_place",
              "error.person.birth_place_date");
    /* and after the merger the old code is no longer given */
    const struct person_case born_2015 = {"Bianchi", "Luca", "2015-05-15",
                                          "M",       "M320", "BNCLCU15E15M320A"};
    one_error(p, with(born_2015, "cf", "BNCLCU15E15A726M"), "birth_place",
              "error.person.cf_birth_place");
    one_error(p, with(with(born_2015, "cf", "BNCLCU15E15A726M"), "place", "A726"), "birth_place",
              "error.person.birth_place_date");
    places_free(p);
}

Test(cf_person, foreign_state_valid_on_the_birth_date)
{
    struct places *p = test_places_load();
    /* Yugoslavia's code ended in 2004 */
    const struct person_case c = {"Petrović", "Ivana", "2010-10-10",
                                  "F",        "Z118",  "PTRVNI10R50Z118I"};
    one_error(p, c, "birth_place", "error.person.birth_place_date");
    places_free(p);
}

Test(cf_person, every_message_has_italian_and_english_text)
{
    static const char *const KEYS[] = {
        "error.person.name_letters",
        "error.person.name_chars",
        "error.person.cf_family_name",
        "error.person.cf_given_name",
        "error.person.birth_date",
        "error.person.cf_birth_date",
        "error.person.sex",
        "error.person.cf_sex",
        "error.person.birth_place_unknown",
        "error.person.birth_place_date",
        "error.person.cf_birth_place",
        "error.cf.length",
        "error.cf.format",
        "error.cf.check",
    };
    struct i18n *t = NULL;
    char err[256];
    cr_assert_eq(i18n_load("po", &t, err, sizeof err), VC_OK, "%s", err);
    for (size_t i = 0; i < sizeof KEYS / sizeof KEYS[0]; i++) {
        const char *it = i18n_get(t, "it", KEYS[i]), *en = i18n_get(t, "en", KEYS[i]);
        cr_expect_str_neq(it, KEYS[i], "no Italian text for %s", KEYS[i]);
        cr_expect_str_neq(en, KEYS[i], "no English text for %s", KEYS[i]);
        cr_expect_str_neq(it, en, "English text of %s is the Italian one", KEYS[i]);
    }
    i18n_free(t);
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The codice fiscale computed from personal data and compared, part by part,
 * with the one typed (see cf_person.h for the rules). The typed code is first
 * validated and de-omocoded (core/codice_fiscale.h), so every omocode of a
 * person compares like the plain code. Each part that disagrees names its own
 * field, because the person has to know which one to correct: a surname typo
 * and a wrong birth place need different fixes. */
#include <string.h>

#include "core/cf_person.h"
#include "core/codice_fiscale.h"
#include "core/name_fold.h"

static const char MONTHS[] = "ABCDEHLMPRST"; /* January .. December */

/* Letters kept of each kind: the rules read at most four consonants and
 * three vowels; the rest of a long name is only checked for bad characters. */
#define LETTERS_MAX 8

/* Splits a name into its consonants and vowels (folded, upper case).
 * Returns false on a character no name holds, or no letter at all. */
static bool split_name(const char *name, size_t len, char *cons, size_t *nc, char *vows, size_t *nv,
                       bool *bad_chars)
{
    size_t pos = 0;
    *nc = *nv = 0;
    *bad_chars = false;
    while (pos < len) {
        char letters[3];
        enum name_fold_kind k = name_fold_next(name, len, &pos, letters);
        if (k == NAME_FOLD_SEPARATOR)
            continue;
        if (k != NAME_FOLD_LETTER) {
            *bad_chars = true;
            return false;
        }
        for (const char *l = letters; *l != '\0'; l++) {
            if (name_fold_is_vowel(*l)) {
                if (*nv < LETTERS_MAX)
                    vows[(*nv)++] = *l;
            } else if (*nc < LETTERS_MAX) {
                cons[(*nc)++] = *l;
            }
        }
    }
    return *nc + *nv > 0;
}

/* Consonants, then vowels, then X, first three. */
static void take_three(const char *cons, size_t nc, const char *vows, size_t nv, char out[4])
{
    size_t n = 0;
    for (size_t i = 0; i < nc && n < 3; i++)
        out[n++] = cons[i];
    for (size_t i = 0; i < nv && n < 3; i++)
        out[n++] = vows[i];
    while (n < 3)
        out[n++] = 'X';
    out[3] = '\0';
}

static bool name_code(const char *name, size_t len, bool given, char out[4], bool *bad_chars)
{
    char cons[LETTERS_MAX], vows[LETTERS_MAX];
    size_t nc, nv;
    if (!split_name(name, len, cons, &nc, vows, &nv, bad_chars))
        return false;
    if (given && nc >= 4) { /* 1st, 3rd and 4th consonant */
        out[0] = cons[0];
        out[1] = cons[2];
        out[2] = cons[3];
        out[3] = '\0';
        return true;
    }
    take_three(cons, nc, vows, nv, out);
    return true;
}

bool cf_person_family_code(const char *name, size_t len, char out[4])
{
    bool bad;
    return name_code(name, len, false, out, &bad);
}

bool cf_person_given_code(const char *name, size_t len, char out[4])
{
    bool bad;
    return name_code(name, len, true, out, &bad);
}

static bool sex_parse(const char *s, bool *female)
{
    if (s == NULL || s[0] == '\0' || s[1] != '\0')
        return false;
    if (s[0] == 'M' || s[0] == 'm')
        *female = false;
    else if (s[0] == 'F' || s[0] == 'f')
        *female = true;
    else
        return false;
    return true;
}

static bool code_ok(const char *c)
{
    return c != NULL && strlen(c) == 4 && c[0] >= 'A' && c[0] <= 'Z' && c[1] >= '0' &&
           c[1] <= '9' && c[2] >= '0' && c[2] <= '9' && c[3] >= '0' && c[3] <= '9';
}

/* Year digits, month letter and day (+40) of a valid date: out[0..4]. */
static void date_part(int ymd, bool female, char out[5])
{
    int y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100 + (female ? 40 : 0);
    out[0] = (char)('0' + y / 10 % 10);
    out[1] = (char)('0' + y % 10);
    out[2] = MONTHS[m - 1];
    out[3] = (char)('0' + d / 10);
    out[4] = (char)('0' + d % 10);
}

enum vc_status cf_person_compute(const struct cf_person *person, char out[CF_LEN + 1])
{
    char fam[4], giv[4], cf[CF_LEN + 1];
    bool female, bad;
    int ymd;
    const char *date = person->birth_date, *code = person->birth_place_code;
    if (person->family_name == NULL || person->given_name == NULL || date == NULL ||
        !name_code(person->family_name, strlen(person->family_name), false, fam, &bad) ||
        !name_code(person->given_name, strlen(person->given_name), true, giv, &bad) ||
        !places_date_parse(date, strlen(date), &ymd) || !sex_parse(person->sex, &female) ||
        !code_ok(code))
        return VC_ERR_INVALID;
    memcpy(cf, fam, 3);
    memcpy(cf + 3, giv, 3);
    date_part(ymd, female, cf + 6);
    memcpy(cf + 11, code, 4);
    cf[15] = cf_check_char(cf);
    cf[16] = '\0';
    memcpy(out, cf, sizeof cf);
    return VC_OK;
}

/* Adds an error and remembers that there was one (form_errors_add keeps only
 * a field's first error, so the count alone cannot tell). */
static void add(struct form_errors *fe, const char *field, const char *msg, bool *wrong)
{
    form_errors_add(fe, field, msg);
    *wrong = true;
}

/* Checks one name field and compares its code with cf[at..at+2]. */
static void check_name(const char *name, bool given, const char *cf, int at, const char *field,
                       const char *mismatch, struct form_errors *fe, bool *wrong)
{
    char code[4];
    bool bad = false;
    if (name == NULL || !name_code(name, strlen(name), given, code, &bad)) {
        add(fe, field, bad ? "error.person.name_chars" : "error.person.name_letters", wrong);
        return;
    }
    if (memcmp(code, cf + at, 3) != 0)
        add(fe, field, mismatch, wrong);
}

enum vc_status cf_person_check(const struct places *places, const struct cf_person *person,
                               const char *cf, size_t cf_len, struct form_errors *fe)
{
    bool wrong = false;
    char typed[CF_LEN + 1], norm[CF_LEN + 1];
    enum cf_result r = cf_validate(cf, cf_len, typed);
    if (r != CF_OK) {
        /* a code that is not internally consistent says nothing reliable
         * about the other fields: the person must retype it first */
        form_errors_add(fe, CF_PERSON_FIELD_CF, cf_result_msg(r));
        return VC_ERR_INVALID;
    }
    cf_normalise(typed, norm);

    check_name(person->family_name, false, norm, 0, CF_PERSON_FIELD_FAMILY_NAME,
               "error.person.cf_family_name", fe, &wrong);
    check_name(person->given_name, true, norm, 3, CF_PERSON_FIELD_GIVEN_NAME,
               "error.person.cf_given_name", fe, &wrong);

    int ymd = 0;
    bool female = false;
    bool date_ok = person->birth_date != NULL &&
                   places_date_parse(person->birth_date, strlen(person->birth_date), &ymd);
    bool sex_ok = sex_parse(person->sex, &female);
    if (!date_ok)
        add(fe, CF_PERSON_FIELD_BIRTH_DATE, "error.person.birth_date", &wrong);
    if (!sex_ok)
        add(fe, CF_PERSON_FIELD_SEX, "error.person.sex", &wrong);
    if (date_ok) {
        char want[5];
        date_part(ymd, sex_ok && female, want);
        int cf_day = (norm[9] - '0') * 10 + (norm[10] - '0'); /* 1..31 or 41..71 (cf_validate) */
        int plain_day = cf_day > 40 ? cf_day - 40 : cf_day;
        if (memcmp(want, norm + 6, 3) != 0 || plain_day != ymd % 100) {
            add(fe, CF_PERSON_FIELD_BIRTH_DATE, "error.person.cf_birth_date", &wrong);
        } else if (sex_ok && (cf_day > 40) != female) {
            /* the right day with the other sex's offset */
            add(fe, CF_PERSON_FIELD_SEX, "error.person.cf_sex", &wrong);
        }
    }

    char code[5] = "", cf_code[5];
    if (person->birth_place_code != NULL && strlen(person->birth_place_code) == 4) {
        for (int i = 0; i < 4; i++) {
            char c = person->birth_place_code[i];
            code[i] = (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
        }
        code[4] = '\0';
    }
    memcpy(cf_code, norm + 11, 4);
    cf_code[4] = '\0';
    if (!code_ok(code) || places_find_code(places, code, NULL) == NULL) {
        add(fe, CF_PERSON_FIELD_BIRTH_PLACE, "error.person.birth_place_unknown", &wrong);
    } else if (date_ok && places_find_code(places, code, person->birth_date) == NULL) {
        add(fe, CF_PERSON_FIELD_BIRTH_PLACE, "error.person.birth_place_date", &wrong);
    } else if (strcmp(code, cf_code) != 0) {
        add(fe, CF_PERSON_FIELD_BIRTH_PLACE, "error.person.cf_birth_place", &wrong);
    }
    return wrong ? VC_ERR_INVALID : VC_OK;
}

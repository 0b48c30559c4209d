/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Does a codice fiscale agree with the personal data typed beside it? The
 * rules of DM 23/12/1976 as the Agenzia delle Entrate applies them:
 *   1-3   surname: its consonants in order, then its vowels, then X, first three
 *   4-6   given name: with four or more consonants the 1st, 3rd and 4th;
 *         otherwise as the surname
 *   7-8   last two digits of the birth year
 *   9     month letter A B C D E H L M P R S T
 *   10-11 day of birth, plus 40 for women
 *   12-15 cadastral code of the birth place valid on the birth date (a comune,
 *         or Z... for a foreign state)
 *   16    check character
 * Letters with accents count as their base letter, so À È É Ì Ò Ù are vowels;
 * spaces, apostrophes, hyphens and full stops are ignored (D'Angelo, De Luca,
 * Dell'Acqua). Omocodes (digits in positions 7, 8, 10, 11, 13, 14, 15 replaced
 * by L M N P Q R S T U V) are accepted.
 * Pure: no I/O; the places list comes from the caller (core/places.h). */
#ifndef VARCO_CORE_CF_PERSON_H
#define VARCO_CORE_CF_PERSON_H

#include <stdbool.h>
#include <stddef.h>

#include "core/form.h"
#include "core/places.h"
#include "core/types.h"
#include "util/status.h"

/* The personal data to check, as typed on a form (all UTF-8, NUL-terminated,
 * borrowed for the call). */
struct cf_person {
    const char *family_name;      /* "D'Angelo", "De Luca", "Alì" */
    const char *given_name;       /* "Maria Grazia" */
    const char *birth_date;       /* YYYY-MM-DD */
    const char *sex;              /* "M" or "F" */
    const char *birth_place_code; /* cadastral code of the place chosen on the form
                                     ("A726", "Z110"), e.g. a struct place's code */
};

/* Form field names used in the errors (the registration form's names). */
#define CF_PERSON_FIELD_FAMILY_NAME "family_name"
#define CF_PERSON_FIELD_GIVEN_NAME "given_name"
#define CF_PERSON_FIELD_BIRTH_DATE "birth_date"
#define CF_PERSON_FIELD_SEX "sex"
#define CF_PERSON_FIELD_BIRTH_PLACE "birth_place"
#define CF_PERSON_FIELD_CF "codice_fiscale"

/* Checks that the codice fiscale cf (cf_len bytes, spaces around and case
 * ignored) agrees with the person, as the tax agency computes it.
 *   places: the list of comuni and foreign states (places_parse)
 *   fe:     OUT, one error per field that is wrong, with a catalogue key
 *           (po/<lang>/person.po):
 *     codice_fiscale  error.cf.length | error.cf.format | error.cf.check
 *                     (a bad length or check character: nothing else is compared)
 *     family_name     error.person.name_letters (no Latin letter in it),
 *                     error.person.name_chars (a character no name has),
 *                     error.person.cf_family_name (letters 1-3 disagree)
 *     given_name      the same with error.person.cf_given_name (letters 4-6)
 *     birth_date      error.person.birth_date (not a real YYYY-MM-DD day),
 *                     error.person.cf_birth_date (year, month or day disagree)
 *     sex             error.person.sex (neither M nor F),
 *                     error.person.cf_sex (the day says the other sex)
 *     birth_place     error.person.birth_place_unknown (no such code in the list),
 *                     error.person.birth_place_date (the place's code was not
 *                     valid on the birth date: the comune did not exist yet, or
 *                     had merged into another),
 *                     error.person.cf_birth_place (letters 12-15 are another
 *                     place's code, or the code of a place that did not exist
 *                     on the birth date)
 * Returns VC_OK when everything agrees, VC_ERR_INVALID with fe filled
 * otherwise (fe is not cleared first: the caller's other errors stay).
 * Thread-safe. */
enum vc_status cf_person_check(const struct places *places, const struct cf_person *person,
                               const char *cf, size_t cf_len, struct form_errors *fe);

/* The three letters of a surname (out: 3 letters + NUL); false if the name
 * has no Latin letter or holds a character other than letters, spaces,
 * apostrophes, hyphens and full stops. */
bool cf_person_family_code(const char *name, size_t len, char out[4]);

/* The three letters of a given name (four or more consonants: 1st, 3rd, 4th). */
bool cf_person_given_code(const char *name, size_t len, char out[4]);

/* The codice fiscale of the person with no omocodia (upper case, with its
 * check character) into out; VC_ERR_INVALID if a field cannot be coded (no
 * Latin letters, bad date or sex, code not a letter and three digits). The
 * birth place code is used as given, without the places list. */
enum vc_status cf_person_compute(const struct cf_person *person, char out[CF_LEN + 1]);

#endif

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Latin letters of personal and place names folded to upper-case ASCII, one
 * character at a time: what the codice fiscale rules (core/cf_person.h) and
 * the name lookups of core/places.h count as a letter, a vowel or a
 * separator. Pure functions over bounded UTF-8; no locale, no allocation. */
#ifndef VARCO_CORE_NAME_FOLD_H
#define VARCO_CORE_NAME_FOLD_H

#include <stdbool.h>
#include <stddef.h>

enum name_fold_kind {
    NAME_FOLD_LETTER, /* a Latin letter, with or without diacritics: out holds 1 or 2 letters */
    NAME_FOLD_SEPARATOR, /* space, no-break space, apostrophes (' ’ ‘ ` ´ ʼ), hyphens, full stop */
    NAME_FOLD_OTHER,   /* any other valid character (digits, '/', '(', Greek, Cyrillic ...) */
    NAME_FOLD_INVALID, /* not UTF-8 (overlong, surrogate, truncated), or a NUL byte */
};

/* Reads the character at s[*pos] (s has len bytes; a NUL is not a terminator)
 * and advances *pos past it (by one byte for NAME_FOLD_INVALID, so a loop
 * always progresses). For NAME_FOLD_LETTER writes the upper-case ASCII
 * letter(s) to out: "È" -> "E", "ß" -> "SS", "Æ" -> "AE"; otherwise out is
 * "". Call only while *pos < len. Thread-safe. */
enum name_fold_kind name_fold_next(const char *s, size_t len, size_t *pos, char out[3]);

/* True for the vowels of the codice fiscale rules: A E I O U (after folding,
 * so À, È, É, Ì, Ò, Ù count). Y is a consonant there. */
bool name_fold_is_vowel(char c);

#endif

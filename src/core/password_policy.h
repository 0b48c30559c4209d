/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Password rules per profile (DESIGN.md §5, OWASP ASVS 4.0.3 V2.1, NIST
 * 800-63B 5.1.1.2): length in code points between the profile's bounds
 * (enasarco 8-20, seed 000; others 12-128), valid UTF-8, no control
 * characters, no composition rules -- and no password that is easy to
 * guess: common words and passwords, keyboard walks, sequences, repeats,
 * dates, or the person's own data. Guessability is zxcvbn's estimate
 * (libzxcvbn, its dictionaries built in): below PASSWORD_MIN_BITS bits,
 * about a million guesses, a password falls to an online attack that gets
 * past the throttles, so it is refused with the reason zxcvbn found.
 * Pure (zxcvbn is computation only). */
#ifndef VARCO_CORE_PASSWORD_POLICY_H
#define VARCO_CORE_PASSWORD_POLICY_H

#include <stddef.h>

#include "core/profile.h"

#define PASSWORD_MIN_BITS 20.0 /* ~10^6 guesses: zxcvbn's score 2 begins here */

/* Length bounds in code points (DESIGN.md §5): a profile's default or the
 * configuration's ([security] password_min_length / _max_length). */
struct password_rules {
    size_t min;
    size_t max;
};
/* Operators: at least 12 code points (ASVS 2.1.1), at most 128. */
extern const struct password_rules PASSWORD_RULES_OPERATOR;

/* NULL if pw is acceptable, else a catalogue key: "error.password.missing",
 * ".short", ".long", ".invalid", ".common" (a known word or password),
 * ".personal" (the person's own data: user_words), ".sequence", ".repeat",
 * ".keyboard", ".date", ".weak" (guessable for another reason).
 * user_words: NULL-terminated list of what the person typed elsewhere
 * (email, names, codice fiscale, matricola); may be NULL. */
const char *password_policy_check(const struct password_rules *r, const char *pw, size_t len,
                                  const char *const *user_words);

/* zxcvbn's estimate in bits and a 0-4 score for a meter (0: refused
 * outright ... 4: strong); *out_reason as above or NULL. */
double password_strength(const char *pw, const char *const *user_words, int *out_score,
                         const char **out_reason);

#endif

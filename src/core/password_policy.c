/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include <string.h>
#include <zxcvbn.h>

#include "core/password_policy.h"
#include "util/str.h"

/* The reason a guessable password is guessable: the kind of the longest
 * part zxcvbn recognised. */
static const char *reason_of(const ZxcMatch_t *info)
{
    const ZxcMatch_t *best = NULL;
    for (const ZxcMatch_t *m = info; m != NULL; m = m->Next) {
        if (((int)m->Type & ~MULTIPLE_MATCH) != BRUTE_MATCH &&
            (best == NULL || m->Length > best->Length))
            best = m;
    }
    if (best == NULL)
        return "error.password.weak";
    switch ((int)best->Type & ~MULTIPLE_MATCH) {
    case DICTIONARY_MATCH:
    case DICT_LEET_MATCH:
        return "error.password.common";
    case USER_MATCH:
    case USER_LEET_MATCH:
        return "error.password.personal";
    case REPEATS_MATCH:
        return "error.password.repeat";
    case SEQUENCE_MATCH:
        return "error.password.sequence";
    case SPATIAL_MATCH:
        return "error.password.keyboard";
    case DATE_MATCH:
    case YEAR_MATCH:
        return "error.password.date";
    default:
        return "error.password.weak";
    }
}

/* Copies word (lower-cased) into buf at *used and lists it, if it fits
 * and is long enough to matter. */
static void add_word(const char *w, size_t len, char *buf, size_t size, size_t *used,
                     const char **out, size_t *n, size_t max)
{
    if (len < 3 || *n >= max || *used + len + 1 > size)
        return;
    char *dst = buf + *used;
    memcpy(dst, w, len);
    dst[len] = '\0';
    str_ascii_lower(dst);
    *used += len + 1;
    out[(*n)++] = dst;
}

double password_strength(const char *pw, const char *const *user_words, int *out_score,
                         const char **out_reason)
{
    /* Each user word whole and in its parts ("maria.rossi@example.org" also
     * gives "maria", "rossi", "example"), so that a name inside an email
     * counts as personal. */
    enum { MAX_WORDS = 40 };
    char buf[1024];
    const char *words[MAX_WORDS + 1];
    size_t n = 0, used = 0;
    for (size_t i = 0; user_words != NULL && user_words[i] != NULL; i++) {
        const char *w = user_words[i];
        add_word(w, strlen(w), buf, sizeof buf, &used, words, &n, MAX_WORDS);
        for (const char *p = w; *p != '\0';) {
            size_t part = strcspn(p, "@.-_ ");
            if (part < strlen(w))
                add_word(p, part, buf, sizeof buf, &used, words, &n, MAX_WORDS);
            p += part;
            p += *p != '\0';
        }
    }
    words[n] = NULL;
    ZxcMatch_t *info = NULL;
    double bits = ZxcvbnMatch(pw, words, &info);
    /* Score bands as zxcvbn's guesses: <10^3, <10^6, <10^8, <10^10, more. */
    int score = bits < 10.0                ? 0
                : bits < PASSWORD_MIN_BITS ? 1
                : bits < 26.6              ? 2
                : bits < 33.2              ? 3
                                           : 4;
    if (out_reason != NULL)
        *out_reason = bits < PASSWORD_MIN_BITS ? reason_of(info) : NULL;
    ZxcvbnFreeInfo(info);
    if (out_score != NULL)
        *out_score = score;
    return bits;
}

const struct password_rules PASSWORD_RULES_OPERATOR = {12, 128};

const char *password_policy_check(const struct password_rules *p, const char *pw, size_t len,
                                  const char *const *user_words)
{
    if (len == 0)
        return "error.password.missing";
    if (len > 4 * p->max || !str_is_clean_utf8(pw, len))
        return len > 4 * p->max ? "error.password.long" : "error.password.invalid";
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)pw[i] < 0x20 || pw[i] == 0x7f)
            return "error.password.invalid";
    }
    size_t n = str_utf8_len(pw);
    if (n < p->min)
        return "error.password.short";
    if (n > p->max)
        return "error.password.long";
    const char *reason = NULL;
    password_strength(pw, user_words, NULL, &reason);
    return reason;
}

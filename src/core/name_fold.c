/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Folding of Latin letters to ASCII (see name_fold.h). The table covers
 * Latin-1 Supplement and Latin Extended-A (U+00C0..U+017F), which hold every
 * letter of Italian names and of the European names that Italian registries
 * write; each letter maps to its base letter (Unicode canonical decomposition)
 * or, for the ligatures and letters without one, to the usual transliteration
 * (Æ AE, Œ OE, ß SS, Þ TH, Ø O, Ł L, Đ D). */
#include <stdint.h>
#include <string.h>

#include "core/name_fold.h"

/* U+00C0 .. U+017F; "" for U+00D7 (×) and U+00F7 (÷), which are not letters. */
static const char LATIN_FOLD[192][3] = {
    "A", "A", "A",  "A",  "A", "A", "AE", "C",  /* U+00C0 */
    "E", "E", "E",  "E",  "I", "I", "I",  "I",  /* U+00C8 */
    "D", "N", "O",  "O",  "O", "O", "O",  "",   /* U+00D0 */
    "O", "U", "U",  "U",  "U", "Y", "TH", "SS", /* U+00D8 */
    "A", "A", "A",  "A",  "A", "A", "AE", "C",  /* U+00E0 */
    "E", "E", "E",  "E",  "I", "I", "I",  "I",  /* U+00E8 */
    "D", "N", "O",  "O",  "O", "O", "O",  "",   /* U+00F0 */
    "O", "U", "U",  "U",  "U", "Y", "TH", "Y",  /* U+00F8 */
    "A", "A", "A",  "A",  "A", "A", "C",  "C",  /* U+0100 */
    "C", "C", "C",  "C",  "C", "C", "D",  "D",  /* U+0108 */
    "D", "D", "E",  "E",  "E", "E", "E",  "E",  /* U+0110 */
    "E", "E", "E",  "E",  "G", "G", "G",  "G",  /* U+0118 */
    "G", "G", "G",  "G",  "H", "H", "H",  "H",  /* U+0120 */
    "I", "I", "I",  "I",  "I", "I", "I",  "I",  /* U+0128 */
    "I", "I", "IJ", "IJ", "J", "J", "K",  "K",  /* U+0130 */
    "K", "L", "L",  "L",  "L", "L", "L",  "L",  /* U+0138 */
    "L", "L", "L",  "N",  "N", "N", "N",  "N",  /* U+0140 */
    "N", "N", "N",  "N",  "O", "O", "O",  "O",  /* U+0148 */
    "O", "O", "OE", "OE", "R", "R", "R",  "R",  /* U+0150 */
    "R", "R", "S",  "S",  "S", "S", "S",  "S",  /* U+0158 */
    "S", "S", "T",  "T",  "T", "T", "T",  "T",  /* U+0160 */
    "U", "U", "U",  "U",  "U", "U", "U",  "U",  /* U+0168 */
    "U", "U", "U",  "U",  "W", "W", "Y",  "Y",  /* U+0170 */
    "Y", "Z", "Z",  "Z",  "Z", "Z", "Z",  "S",  /* U+0178 */
};

/* Decodes one UTF-8 sequence; 0 if invalid (overlong, surrogate, > U+10FFFF,
 * truncated). */
static size_t utf8_decode(const unsigned char *p, size_t len, uint32_t *cp)
{
    unsigned char c = p[0];
    size_t n;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xe0) == 0xc0) {
        n = 2, v = c & 0x1f, min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
        n = 3, v = c & 0x0f, min = 0x800;
    } else if ((c & 0xf8) == 0xf0) {
        n = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n > len)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        v = (v << 6) | (p[i] & 0x3f);
    }
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
        return 0;
    *cp = v;
    return n;
}

static bool is_separator(uint32_t cp)
{
    switch (cp) {
    case ' ':
    case '\'':
    case '`':
    case '-':
    case '.':
    case 0x00a0: /* no-break space */
    case 0x00b4: /* acute accent typed as an apostrophe */
    case 0x02bc: /* modifier letter apostrophe */
    case 0x2010: /* hyphen */
    case 0x2011: /* non-breaking hyphen */
    case 0x2018: /* left single quotation mark */
    case 0x2019: /* right single quotation mark: the typographic apostrophe */
        return true;
    default:
        return false;
    }
}

enum name_fold_kind name_fold_next(const char *s, size_t len, size_t *pos, char out[3])
{
    out[0] = '\0';
    const unsigned char *p = (const unsigned char *)s + *pos;
    uint32_t cp;
    size_t n = utf8_decode(p, len - *pos, &cp);
    if (n == 0 || cp == 0) {
        *pos += 1;
        return NAME_FOLD_INVALID;
    }
    *pos += n;
    if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z')) {
        out[0] = (char)(cp >= 'a' ? cp - 'a' + 'A' : cp);
        out[1] = '\0';
        return NAME_FOLD_LETTER;
    }
    if (cp >= 0xc0 && cp <= 0x17f && LATIN_FOLD[cp - 0xc0][0] != '\0') {
        memcpy(out, LATIN_FOLD[cp - 0xc0], 3);
        return NAME_FOLD_LETTER;
    }
    return is_separator(cp) ? NAME_FOLD_SEPARATOR : NAME_FOLD_OTHER;
}

bool name_fold_is_vowel(char c)
{
    return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U';
}

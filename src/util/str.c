/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Small string helpers on bounded input. libc only; no allocation, no
 * locale (ASCII case rules only, so results do not depend on LC_CTYPE). */
#include "util/str.h"

#include <string.h>

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static char to_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static char to_upper(char c)
{
    return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

static size_t copy_n(char *dst, const char *src, size_t n, size_t dst_size)
{
    if (dst_size > 0) {
        size_t k = n < dst_size - 1 ? n : dst_size - 1;
        memcpy(dst, src, k);
        dst[k] = '\0';
    }
    return n;
}

size_t str_copy(char *dst, const char *src, size_t dst_size)
{
    return copy_n(dst, src, strlen(src), dst_size);
}

size_t str_copy_trim(char *dst, const char *src, size_t dst_size)
{
    while (is_space(*src))
        src++;
    size_t n = strlen(src);
    while (n > 0 && is_space(src[n - 1]))
        n--;
    return copy_n(dst, src, n, dst_size);
}

void str_ascii_lower(char *s)
{
    for (; *s; s++)
        *s = to_lower(*s);
}

void str_ascii_upper(char *s)
{
    for (; *s; s++)
        *s = to_upper(*s);
}

bool str_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return m <= n && memcmp(s + n - m, suffix, m) == 0;
}

bool str_starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool str_eq_ci(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (to_lower(*a) != to_lower(*b))
            return false;
    return *a == *b;
}

void str_hex(const uint8_t *in, size_t len, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 0x0f];
    }
    out[2 * len] = '\0';
}

int str_hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool str_unhex(const char *hex, uint8_t *out, size_t out_len)
{
    /* strnlen so that a short string is never read past its NUL. */
    if (strnlen(hex, 2 * out_len + 1) != 2 * out_len)
        return false;
    for (size_t i = 0; i < out_len; i++) {
        int hi = str_hex_value(hex[2 * i]), lo = str_hex_value(hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

/* Decodes one code point at s[0..len); returns its byte length, 0 if the
 * sequence is invalid (overlong, surrogate, beyond U+10FFFF, truncated). */
static size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    unsigned char c = s[0];
    size_t n;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xc2 && c <= 0xdf) {
        n = 2, v = c & 0x1f, min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3, v = c & 0x0f, min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (len < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        v = v << 6 | (s[i] & 0x3f);
    }
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
        return 0;
    *cp = v;
    return n;
}

/* Exactly len bytes are checked: a NUL inside them is a control character
 * and fails, so an embedded NUL cannot cut a value short further on. */
bool str_is_clean_utf8(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = utf8_decode(p + i, len - i, &cp);
        if (n == 0)
            return false;
        if ((cp < 0x20 && cp != '\t' && cp != '\r' && cp != '\n') || cp == 0x7f ||
            (cp >= 0x80 && cp <= 0x9f))
            return false;
        i += n;
    }
    return true;
}

size_t str_utf8_len(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xc0) != 0x80)
            n++;
    return n;
}

size_t str_url_encode(char *out, size_t out_size, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        bool keep = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == '_' || *p == '~';
        char enc[3] = {(char)*p, 0, 0};
        size_t k = 1;
        if (!keep) {
            enc[0] = '%';
            enc[1] = hex[*p >> 4];
            enc[2] = hex[*p & 15];
            k = 3;
        }
        for (size_t i = 0; i < k; i++, n++)
            if (n + 1 < out_size)
                out[n] = enc[i];
    }
    if (out_size > 0)
        out[n < out_size ? n : out_size - 1] = '\0';
    return n;
}

/* The length first, then eight bytes a multiply (the last few
 * zero-padded), then MurmurHash3's 64-bit finish so that every input bit
 * moves the slot bits: the read cache hashes a key of some hundred bytes per query,
 * a dozen queries a page. */
uint64_t str_hash(const void *p, size_t n)
{
    const unsigned char *b = p;
    uint64_t h = 0x9e3779b97f4a7c15u ^ (uint64_t)n, w;
    for (; n >= 8; b += 8, n -= 8) {
        memcpy(&w, b, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdu;
        h ^= h >> 29;
    }
    w = 0;
    memcpy(&w, b, n);
    h = (h ^ w) * 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53u;
    h ^= h >> 33;
    return h;
}

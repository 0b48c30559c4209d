/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Small string helpers on bounded input. libc only. */
#ifndef VARCO_UTIL_STR_H
#define VARCO_UTIL_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Copies at most dst_size-1 bytes and NUL-terminates; returns strlen(src)
 * (so a result >= dst_size means truncation), like OpenBSD strlcpy. */
size_t str_copy(char *dst, const char *src, size_t dst_size);
/* Copies src trimmed of ASCII white space at both ends; same return rule. */
size_t str_copy_trim(char *dst, const char *src, size_t dst_size);
/* Percent-encodes s for a URL's query (RFC 3986: unreserved characters
 * kept) into out, at most out_size-1 chars + NUL; returns the length the
 * whole encoding needs (>= out_size: truncated). */
size_t str_url_encode(char *out, size_t out_size, const char *s);
void str_ascii_lower(char *s);
void str_ascii_upper(char *s);
bool str_ends_with(const char *s, const char *suffix);
bool str_starts_with(const char *s, const char *prefix);
bool str_eq_ci(const char *a, const char *b); /* ASCII case-insensitive */
/* A 64-bit hash of n bytes (not cryptographic): for our own tables' slots
 * (keys an attacker may choose only land in a bounded table's slot, never
 * a chain). */
uint64_t str_hash(const void *p, size_t n);
/* Lower-case hex of len bytes into out (2*len+1 bytes). */
void str_hex(const uint8_t *in, size_t len, char *out);
/* The value of one hex digit (either case), or -1. */
int str_hex_value(char c);
/* Parses exactly 2*out_len hex digits; false on any other input. */
bool str_unhex(const char *hex, uint8_t *out, size_t out_len);
/* True if s is valid UTF-8 of at most len bytes with no control characters
 * other than tab, CR and LF. */
bool str_is_clean_utf8(const char *s, size_t len);
/* Number of Unicode code points in valid UTF-8. */
size_t str_utf8_len(const char *s);

#endif

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* TOTP (RFC 6238: HMAC-SHA-1, 30-second steps, 6 digits) through liboath
 * for operators' second factor. The clock comes in as an argument; replay
 * is refused by remembering the last accepted step (RFC 6238 §5.2). */
#include "crypto/totp.h"

#include <oath.h>
#include <sodium.h>
#include <string.h>

#define TOTP_STEP 30
#define TOTP_DIGITS 6

enum vc_status totp_init(void)
{
    return oath_init() == OATH_OK ? VC_OK : VC_ERR_INTERNAL;
}

void totp_done(void)
{
    oath_done();
}

void totp_secret_base32(const uint8_t secret[TOTP_SECRET_BYTES], char out[TOTP_SECRET_B32])
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    size_t n = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < TOTP_SECRET_BYTES; i++) {
        acc = (acc << 8) | secret[i];
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            out[n++] = alphabet[(acc >> bits) & 31];
        }
    }
    if (bits > 0) /* not reached for 20 bytes (160 bits = 32 chars) */
        out[n++] = alphabet[(acc << (5 - bits)) & 31];
    out[n] = '\0';
}

/* Appends s percent-encoded (RFC 3986 unreserved kept) to out at *n. */
static bool put_encoded(char *out, size_t out_len, size_t *n, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        bool plain = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
                     (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == '_' || *p == '~';
        size_t need = plain ? 1 : 3;
        if (*n + need >= out_len)
            return false;
        if (plain) {
            out[(*n)++] = (char)*p;
        } else {
            out[(*n)++] = '%';
            out[(*n)++] = hex[*p >> 4];
            out[(*n)++] = hex[*p & 15];
        }
    }
    return true;
}

static bool put_raw(char *out, size_t out_len, size_t *n, const char *s)
{
    size_t len = strlen(s);
    if (*n + len >= out_len)
        return false;
    memcpy(out + *n, s, len);
    *n += len;
    return true;
}

enum vc_status totp_uri(const char *issuer, const char *account,
                        const uint8_t secret[TOTP_SECRET_BYTES], char *out, size_t out_len)
{
    char b32[TOTP_SECRET_B32];
    size_t n = 0;
    if (out == NULL || out_len == 0)
        return VC_ERR_INVALID;
    totp_secret_base32(secret, b32);
    bool ok = put_raw(out, out_len, &n, "otpauth://totp/") &&
              put_encoded(out, out_len, &n, issuer) && put_raw(out, out_len, &n, ":") &&
              put_encoded(out, out_len, &n, account) && put_raw(out, out_len, &n, "?secret=") &&
              put_raw(out, out_len, &n, b32) && put_raw(out, out_len, &n, "&issuer=") &&
              put_encoded(out, out_len, &n, issuer);
    sodium_memzero(b32, sizeof(b32));
    if (!ok) {
        sodium_memzero(out, out_len);
        out[0] = '\0';
        return VC_ERR_INVALID;
    }
    out[n] = '\0';
    return VC_OK;
}

enum vc_status totp_generate(const uint8_t secret[TOTP_SECRET_BYTES], int64_t now, char out[7])
{
    if (now < 0)
        return VC_ERR_INVALID;
    if (oath_totp_generate2((const char *)secret, TOTP_SECRET_BYTES, (time_t)now, TOTP_STEP, 0,
                            TOTP_DIGITS, 0, out) != OATH_OK)
        return VC_ERR_INTERNAL;
    return VC_OK;
}

bool totp_verify(const uint8_t secret[TOTP_SECRET_BYTES], const char *code, int64_t now,
                 int64_t *last_step)
{
    if (code == NULL || now < 0 || strlen(code) != TOTP_DIGITS)
        return false;
    for (size_t i = 0; i < TOTP_DIGITS; i++)
        if (code[i] < '0' || code[i] > '9')
            return false;
    /* Try every step of the window (no early exit on the code's value), and
     * keep the latest match: that is the step a replay check must remember. */
    int64_t matched = -1;
    for (int d = -1; d <= 1; d++) {
        int64_t t = now + (int64_t)d * TOTP_STEP;
        if (t < 0)
            continue;
        char expect[TOTP_DIGITS + 1];
        if (totp_generate(secret, t, expect) != VC_OK)
            continue;
        if (sodium_memcmp(expect, code, TOTP_DIGITS) == 0)
            matched = t / TOTP_STEP;
        sodium_memzero(expect, sizeof(expect));
    }
    if (matched < 0)
        return false;
    if (last_step != NULL) {
        if (matched <= *last_step)
            return false;
        *last_step = matched;
    }
    return true;
}

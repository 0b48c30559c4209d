/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* TOTP (RFC 6238, SHA-1, 30 s, 6 digits) through liboath, for operators'
 * second factor. The time comes in as an argument. Thread-safe after
 * totp_init (oath_init once, before threads start). */
#ifndef VARCO_CRYPTO_TOTP_H
#define VARCO_CRYPTO_TOTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

#define TOTP_SECRET_BYTES 20
#define TOTP_SECRET_B32 33 /* 32 base32 chars + NUL */

enum vc_status totp_init(void);
void totp_done(void);

/* Base32 (RFC 4648, no padding) of the raw secret, for the QR code URI. */
void totp_secret_base32(const uint8_t secret[TOTP_SECRET_BYTES], char out[TOTP_SECRET_B32]);

/* otpauth://totp/<issuer>:<account>?secret=...&issuer=... into out. */
enum vc_status totp_uri(const char *issuer, const char *account,
                        const uint8_t secret[TOTP_SECRET_BYTES], char *out, size_t out_len);

/* True if code (6 digits) is valid at now within +-1 step. If last_step is
 * not NULL, a step <= *last_step is refused (no replay) and *last_step is
 * updated on success. */
bool totp_verify(const uint8_t secret[TOTP_SECRET_BYTES], const char *code, int64_t now,
                 int64_t *last_step);

/* The code for now (tests and the enrolment page's self-check). out[7]. */
enum vc_status totp_generate(const uint8_t secret[TOTP_SECRET_BYTES], int64_t now, char out[7]);

#endif

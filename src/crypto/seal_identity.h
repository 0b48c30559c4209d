/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* varco's sealing identity (issue 13 §2): a private key and its X.509
 * certificate (plus an optional chain up to the institution's CA) that seal
 * PDF documents. `varco init` makes a self-signed one (EC P-256, 10 years);
 * an institution replaces it with its own. The key never leaves this module:
 * callers get a CMS signature over bytes they hand in, so signing could move
 * to a separate process without touching them (STYLE.md §2 "Privilege").
 * OpenSSL 3. No file is written here. Thread-safe once loaded (read-only). */
#ifndef VARCO_CRYPTO_SEAL_IDENTITY_H
#define VARCO_CRYPTO_SEAL_IDENTITY_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/status.h"

struct seal_identity;

#define SEAL_IDENTITY_YEARS 10
#define SEAL_IDENTITY_FILE_MAX (256 * 1024) /* a key, a certificate or a chain file */
#define SEAL_IDENTITY_CHAIN_MAX 8           /* certificates in the chain file */

/* A new EC P-256 key (PKCS#8 PEM, unencrypted) and a self-signed certificate
 * (PEM) for it: subject and issuer CN = O = subject (the institution's
 * name, at most 64 bytes of UTF-8), valid from now for SEAL_IDENTITY_YEARS,
 * keyUsage digitalSignature + nonRepudiation (critical), basicConstraints
 * CA:FALSE, a random 128-bit serial. Appends to key_pem and cert_pem; the
 * caller wipes key_pem after use. VC_ERR_INVALID for an empty or too long
 * subject, VC_ERR_INTERNAL if OpenSSL fails (err says which step). */
enum vc_status seal_identity_generate(const char *subject, int64_t now, struct buf *key_pem,
                                      struct buf *cert_pem, char *err, size_t err_len);

/* Parses an identity from PEM texts (pointer + length; no NUL needed): the
 * key (unencrypted PKCS#8 or traditional), its certificate, and chain_pem
 * (NULL or empty: none) with up to SEAL_IDENTITY_CHAIN_MAX certificates.
 * Refused with VC_ERR_INVALID and a line in err: unreadable PEM, a key that
 * is not the certificate's, a certificate not valid at now, or one whose
 * keyUsage allows neither digitalSignature nor nonRepudiation.
 *   out: OUT, a new identity on VC_OK (seal_identity_free) */
enum vc_status seal_identity_parse(const char *key_pem, size_t key_len, const char *cert_pem,
                                   size_t cert_len, const char *chain_pem, size_t chain_len,
                                   int64_t now, struct seal_identity **out, char *err,
                                   size_t err_len);

/* Reads the files (each at most SEAL_IDENTITY_FILE_MAX; chain_file NULL or
 * "" for none) and parses them as above. err names the file at fault.
 * VC_ERR_NOT_FOUND if the key or certificate file does not exist, VC_ERR_IO
 * if one cannot be read. */
enum vc_status seal_identity_load(const char *key_file, const char *cert_file,
                                  const char *chain_file, int64_t now, struct seal_identity **out,
                                  char *err, size_t err_len);

void seal_identity_free(struct seal_identity *id);

/* The certificate's subject, one line ("CN=Ente demo, O=Ente demo"), and its
 * expiry (seconds since the epoch). */
void seal_identity_describe(const struct seal_identity *id, char *subject, size_t subject_len,
                            int64_t *out_not_after);

/* The largest CMS signature seal_identity_sign can make for this identity,
 * in bytes: the room a PDF reserves for it before it is signed. */
size_t seal_identity_cms_max(const struct seal_identity *id);

/* A detached CMS SignedData (DER) over the bytes a[0, a_len) followed by
 * b[0, b_len): SHA-256, the signer's certificate and the chain included,
 * signed attributes contentType, messageDigest, signingTime (signing_time,
 * seconds since the epoch) and ESS signing-certificate-v2 (RFC 5035, as
 * CAdES requires). Appends to out. VC_ERR_INTERNAL if OpenSSL fails. */
enum vc_status seal_identity_sign(const struct seal_identity *id, const uint8_t *a, size_t a_len,
                                  const uint8_t *b, size_t b_len, int64_t signing_time,
                                  struct buf *out);

#endif

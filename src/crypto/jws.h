/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* JSON Web Signatures (RFC 7515, compact form) and their keys (RFC 7517,
 * RFC 7638 thumbprints) on OpenSSL 3, for the OpenID Connect provider: ES256
 * and RS256 only, never "none" or HMAC. Signs and verifies; does NOT look at
 * claims (exp, aud, nonce are the caller's). No files, no clock, no state
 * besides the keys the caller holds. Thread-safe where stated. */
#ifndef VARCO_CRYPTO_JWS_H
#define VARCO_CRYPTO_JWS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

/* Longest compact JWS jws_verify reads (and jws_sign writes): an ID token or
 * a client assertion is well under 2 KiB; 16 KiB bounds the work a hostile
 * request can ask for. */
#define JWS_MAX_LEN 16384
/* Longest "kid" a JWK may carry (ours are 43-character thumbprints). */
#define JWS_KID_MAX 128
/* Longest "typ" (header) jws_sign writes and jws_verify reports, NUL included. */
#define JWS_TYP_SIZE 32
/* RSA moduli accepted, in bits: 2048 (RFC 7518 §3.3's minimum) to 8192 (a
 * bound on the cost of one verify for a key a client registers). */
#define JWS_RSA_MIN_BITS 2048
#define JWS_RSA_MAX_BITS 8192

enum jws_alg { JWS_ES256, JWS_RS256 };

/* "ES256" / "RS256". Never NULL. */
const char *jws_alg_name(enum jws_alg a);
/* true and *out for "ES256"/"RS256" exactly; false for anything else
 * ("none", "HS256", "es256", NULL). */
bool jws_alg_parse(const char *name, enum jws_alg *out);

/* base64url without padding (RFC 7515 §2). */
/* Length of the text for bin_len bytes, without the NUL. */
size_t jws_b64url_len(size_t bin_len);
/* Encodes len bytes; out gets the text + NUL (out_size >= jws_b64url_len(len)+1,
 * else out gets "" if it has room and 0 is returned). Returns the text length. */
size_t jws_b64url_encode(const void *bin, size_t len, char *out, size_t out_size);
/* Decodes text_len characters (no NUL needed) into out[out_size]. false on any
 * character outside [A-Za-z0-9_-] ('=' '+' '/' whitespace NUL included), on a
 * length of 1 mod 4, on non-zero unused bits (non-canonical text) and when out
 * is too small; *out_len is written only on success. "" decodes to 0 bytes. */
bool jws_b64url_decode(const char *text, size_t text_len, uint8_t *out, size_t out_size,
                       size_t *out_len);

/* A key: an EVP_PKEY with its alg and kid; private or public only. Immutable
 * once made, so one key may be used by many threads at once. */
struct jws_key;

/* A new private key: ES256 = P-256, RS256 = RSA 2048 (e = 65537).
 * OUT: *pem, PKCS#8 PEM ("BEGIN PRIVATE KEY"), malloc'd and NUL-terminated;
 * the caller wipes (sodium_memzero) and frees it.
 * VC_OK, VC_ERR_INTERNAL (OpenSSL failed), VC_ERR_NOMEM. */
enum vc_status jws_key_generate(enum jws_alg alg, char **pem);

/* A key from PEM text of len bytes (no NUL needed): an unencrypted private
 * key (PKCS#8 or traditional) or a public SubjectPublicKeyInfo. The alg
 * follows from the key: EC P-256 -> ES256, RSA of JWS_RSA_MIN_BITS to
 * JWS_RSA_MAX_BITS -> RS256; anything else (other curves, RSA-PSS, Ed25519,
 * encrypted PEM, garbage) VC_ERR_INVALID. kid = the RFC 7638 thumbprint
 * (SHA-256, base64url). OUT: *out, freed with jws_key_free. */
enum vc_status jws_key_from_pem(const char *pem, size_t len, struct jws_key **out);

/* A public key from a JWK object (clients' private_key_jwt): kty "EC" with crv
 * "P-256", x, y (32 bytes each, a point on the curve), or kty "RSA" with n, e
 * (JWS_RSA_MIN_BITS..JWS_RSA_MAX_BITS). kid from the JWK's "kid" (a non-empty
 * string of at most JWS_KID_MAX bytes) if present, else the thumbprint.
 * VC_ERR_INVALID also when "use" is present and not "sig", when "alg" is
 * present and not the key's, and when the JWK carries private members ("d",
 * "p", ...: a client must never publish them). OUT: *out. */
enum vc_status jws_key_from_jwk(const json_t *jwk, struct jws_key **out);

/* NULL ok. */
void jws_key_free(struct jws_key *k);
/* The kid; borrowed, lives as long as k. */
const char *jws_key_kid(const struct jws_key *k);
enum jws_alg jws_key_alg(const struct jws_key *k);
/* true if k can sign (made from a private PEM). */
bool jws_key_is_private(const struct jws_key *k);
/* The public JWK: {"kty","crv","x","y"} or {"kty","n","e"}, plus "use":"sig",
 * "alg", "kid". New reference; NULL only when out of memory. */
json_t *jws_key_public_jwk(const struct jws_key *k);

/* Compact JWS of claims (a JSON object, serialised compactly in its own
 * order) with the header {"alg","typ","kid"}; typ (e.g. "JWT", "at+jwt",
 * "logout+jwt", shorter than JWS_TYP_SIZE) may be NULL to leave it out.
 * ES256 signatures are the 64-byte R||S of RFC 7518 §3.4. OUT: *out, malloc'd.
 * VC_ERR_INVALID (public key, claims not an object, typ too long),
 * VC_ERR_LIMIT (result longer than JWS_MAX_LEN), VC_ERR_INTERNAL, VC_ERR_NOMEM.
 * Thread-safe, also for one key shared by several threads. */
enum vc_status jws_sign(const struct jws_key *k, const char *typ, const json_t *claims, char **out);

/* Verifies a compact JWS (NUL-terminated) against keys[0..n-1] (public or
 * private; n may be 0). The header must be a JSON object without duplicate
 * members, with an "alg" that jws_alg_parse accepts AND equals the chosen
 * key's alg; when "kid" is present it must name one of keys (unknown kid ->
 * VC_ERR_INVALID, never "try all"); when absent, the one key of that alg (none
 * or several: VC_ERR_INVALID). Also VC_ERR_INVALID: longer than JWS_MAX_LEN,
 * not exactly three non-empty base64url parts, a "crit" header, a non-string
 * "kid" or "typ", a "typ" of JWS_TYP_SIZE bytes or more, a bad signature, a
 * payload that is not a JSON object (duplicate members included).
 * OUT: *claims, the payload object (new reference); typ_out (may be NULL) gets
 * the header's "typ" ("" when absent). Both written only on VC_OK.
 * Does NOT check exp/iat/aud: the caller does. Thread-safe. */
enum vc_status jws_verify(const char *compact, struct jws_key *const *keys, size_t n,
                          json_t **claims, char typ_out[JWS_TYP_SIZE]);

/* The payload of a compact JWS without checking its signature (to read an
 * expired id_token_hint's claims after a separate jws_verify). VC_ERR_INVALID
 * unless it is at most JWS_MAX_LEN bytes of three base64url parts with a JSON
 * object in the middle. OUT: *claims, new reference. */
enum vc_status jws_peek_claims(const char *compact, json_t **claims);

#endif

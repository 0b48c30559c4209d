/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* varco's signing keys for the OpenID Connect provider: generated and kept
 * in the store (signing_keys, the private halves sealed with a key derived
 * from the data folder's secret), loaded into memory, published as the JWKS.
 *
 * Rotation (`varco keys rotate`) adds a new ES256 and RS256 key and retires
 * the old ones: a retired key signs nothing more but stays in the JWKS for
 * OIDC_KEY_GRACE_SECONDS, the longest life of a token it signed. A serving
 * process reads the table again at most every OIDC_KEYS_RELOAD_SECONDS, and
 * at once (at most once a second) when a token names a kid it does not
 * know, so a rotation made by the CLI reaches every node.
 *
 * Thread-safe: one read-write lock; signing and verifying share it. */
#ifndef VARCO_OIDC_KEYS_H
#define VARCO_OIDC_KEYS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "util/status.h"

struct store;
struct oidc_keys;

#define OIDC_KEYS_RELOAD_SECONDS 10

/* seal_key: the data folder's key for things at rest (a subkey is derived). */
enum vc_status oidc_keys_new(const uint8_t seal_key[32], struct oidc_keys **out);
void oidc_keys_free(struct oidc_keys *k);

/* Adds a new ES256 and RS256 key and retires the keys that were signing.
 * In the caller's transaction. kid_out (may be NULL) gets the new ES256 kid. */
enum vc_status oidc_keys_rotate(struct store *s, const uint8_t seal_key[32], int64_t now,
                                char kid_out[64]);
/* Whether the store holds a key that signs (for `varco init`). */
enum vc_status oidc_keys_present(struct store *s, bool *out);

/* Signs claims as a compact JWS with the signing key of alg ("ES256",
 * "RS256"); *out malloc'd. s: a connection to reload from if due. */
enum vc_status oidc_keys_sign(struct oidc_keys *k, struct store *s, int64_t now, const char *alg,
                              const char *typ, const json_t *claims, char **out);
/* Verifies a compact JWS made by one of varco's published keys: on VC_OK
 * *claims (new reference) and typ. VC_ERR_INVALID otherwise. */
enum vc_status oidc_keys_verify(struct oidc_keys *k, struct store *s, int64_t now,
                                const char *compact, json_t **claims, char typ[32]);
/* The JWKS document (malloc'd JSON text). */
enum vc_status oidc_keys_jwks(struct oidc_keys *k, struct store *s, int64_t now, char **out);

#endif

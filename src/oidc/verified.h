/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Access tokens already verified: an application calls userinfo with the
 * same token many times in its five minutes, and checking an ES256
 * signature costs more than the rest of the request. The cache remembers,
 * by a keyed hash of the whole token, that its signature, issuer and type
 * were good, with its expiry and its grant's sid; the grant is still read
 * on every request, so a revocation or logout ends the token at once.
 * Fixed size, process-wide, thread-safe (striped locks); an entry is
 * replaced by any newer token landing on its slot. */
#ifndef VARCO_OIDC_VERIFIED_H
#define VARCO_OIDC_VERIFIED_H

#include <stdbool.h>
#include <stdint.h>

#include "core/types.h"

/* The sid of token if it was verified and has not expired at now. */
bool verified_get(const char *token, int64_t now, char sid[OIDC_SID_LEN + 1]);
/* Remembers a token just verified (its exp and sid). */
void verified_put(const char *token, int64_t exp, const char *sid);

#endif

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The back-channel logout channel (OpenID Connect Back-Channel Logout 1.0):
 * one POST of `logout_token=<JWT>` to the URI a client registered, with
 * libcurl. The token is signed at delivery by whoever runs the outbox (the
 * server: oidc/), so that a retry carries a fresh one; notify/ holds no key.
 * A 2xx answer is delivery; anything else a failure for the outbox's retries
 * (the specification asks the client to answer 200, or 400 for a token it
 * refuses). libcurl is set up at the first delivery (its set-up loads
 * OpenSSL's tables: about 2 MB a server that never sends one need not
 * carry); backchannel_global_cleanup undoes it after the last thread. */
#ifndef VARCO_NOTIFY_BACKCHANNEL_H
#define VARCO_NOTIFY_BACKCHANNEL_H

#include <stddef.h>

#include "util/status.h"

/* POSTs logout_token=token to uri. VC_OK on 2xx; VC_ERR_IO with err
 * ("back-channel logout: HTTP 500") otherwise. */
enum vc_status backchannel_deliver(const char *uri, const char *token, char *err, size_t err_len);
/* Undoes libcurl's set-up if a delivery made it (after the last thread). */
void backchannel_global_cleanup(void);

#endif

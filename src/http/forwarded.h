/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Who the client is behind a TLS proxy: the rightmost address of the
 * Forwarded (RFC 7239, for=) or X-Forwarded-For chain that is not one of
 * the trusted proxies -- believed only when the peer itself is trusted,
 * since anyone can send the headers. Pure, so unit tests and the fuzzer
 * drive it directly. */
#ifndef VARCO_HTTP_FORWARDED_H
#define VARCO_HTTP_FORWARDED_H
#include <stddef.h>

#include "util/netaddr.h"

#define HTTP_FORWARDED_MAX 2048 /* longer chains are ignored: the peer stands */

/* Writes the client's address as text into out (46 bytes). peer_text is
 * the connection's address as text; forwarded and xff are the headers'
 * values (all lines joined with ", ") or NULL. Forwarded wins over
 * X-Forwarded-For when both are present. An unparseable hop ("unknown",
 * an obfuscated name) stops the walk: the peer stands. */
void http_client_address(const struct netaddr *peer, const char *peer_text, const char *forwarded,
                         const char *xff, const struct netaddr_cidr *trusted, size_t n_trusted,
                         char out[46]);
#endif

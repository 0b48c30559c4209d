/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* IP addresses and networks as configuration names them ("10.0.0.0/8",
 * "127.0.0.1", "fd00::/8"): parsing and matching, for the trusted proxies
 * of [server] and the loopback check of dev mode. libc only. */
#ifndef VARCO_UTIL_NETADDR_H
#define VARCO_UTIL_NETADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct netaddr {
    int family;       /* AF_INET or AF_INET6; 0 when unset */
    uint8_t addr[16]; /* network byte order; IPv4 in the first 4 bytes */
};

struct netaddr_cidr {
    struct netaddr net;
    unsigned prefix; /* 0..32 (IPv4) or 0..128 (IPv6) */
};

/* An address literal of exactly len bytes (no brackets, no port). */
bool netaddr_parse(const char *s, size_t len, struct netaddr *out);
/* "address" or "address/prefix"; a lone address is a /32 or /128. */
bool netaddr_cidr_parse(const char *s, struct netaddr_cidr *out);
bool netaddr_in(const struct netaddr_cidr *c, const struct netaddr *a);
bool netaddr_in_any(const struct netaddr_cidr *list, size_t n, const struct netaddr *a);
/* 127.0.0.0/8 or ::1. */
bool netaddr_is_loopback(const struct netaddr *a);

#endif

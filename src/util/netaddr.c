/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* IP address and network parsing and matching (util/netaddr.h). */
#include "util/netaddr.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

bool netaddr_parse(const char *s, size_t len, struct netaddr *out)
{
    char buf[INET6_ADDRSTRLEN];
    if (len == 0 || len >= sizeof buf)
        return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    struct netaddr a = {0};
    if (inet_pton(AF_INET, buf, a.addr) == 1)
        a.family = AF_INET;
    else if (inet_pton(AF_INET6, buf, a.addr) == 1)
        a.family = AF_INET6;
    else
        return false;
    *out = a;
    return true;
}

bool netaddr_cidr_parse(const char *s, struct netaddr_cidr *out)
{
    const char *slash = strchr(s, '/');
    size_t len = slash != NULL ? (size_t)(slash - s) : strlen(s);
    struct netaddr_cidr c = {0};
    if (!netaddr_parse(s, len, &c.net))
        return false;
    unsigned max = c.net.family == AF_INET ? 32 : 128;
    c.prefix = max;
    if (slash != NULL) {
        const char *p = slash + 1;
        if (*p < '0' || *p > '9' || strlen(p) > 3)
            return false;
        char *end = NULL;
        unsigned long n = strtoul(p, &end, 10);
        if (*end != '\0' || n > max)
            return false;
        c.prefix = (unsigned)n;
    }
    *out = c;
    return true;
}

bool netaddr_in(const struct netaddr_cidr *c, const struct netaddr *a)
{
    if (c->net.family != a->family)
        return false;
    unsigned full = c->prefix / 8, rest = c->prefix % 8;
    if (memcmp(c->net.addr, a->addr, full) != 0)
        return false;
    if (rest == 0)
        return true;
    uint8_t mask = (uint8_t)(0xff << (8 - rest));
    return (c->net.addr[full] & mask) == (a->addr[full] & mask);
}

bool netaddr_in_any(const struct netaddr_cidr *list, size_t n, const struct netaddr *a)
{
    for (size_t i = 0; i < n; i++) {
        if (netaddr_in(&list[i], a))
            return true;
    }
    return false;
}

bool netaddr_is_loopback(const struct netaddr *a)
{
    static const uint8_t v6_loopback[16] = {[15] = 1};
    if (a->family == AF_INET)
        return a->addr[0] == 127;
    return a->family == AF_INET6 && memcmp(a->addr, v6_loopback, 16) == 0;
}

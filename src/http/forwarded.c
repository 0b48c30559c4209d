/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The client's address behind trusted proxies (http/forwarded.h). */
#include "http/forwarded.h"

#include <arpa/inet.h>
#include <string.h>
#include <strings.h>

#include "util/str.h"

#define HOPS_MAX 32

struct hop {
    const char *s;
    size_t len;
};

static void trim(const char **s, size_t *len)
{
    while (*len > 0 && (**s == ' ' || **s == '\t'))
        (*s)++, (*len)--;
    while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
        (*len)--;
}

/* One node of either header: "192.0.2.1", "192.0.2.1:443", "[2001:db8::1]",
 * "[2001:db8::1]:443", a bare IPv6 address; quotes already removed. */
static bool node_address(const char *s, size_t len, struct netaddr *out)
{
    if (len > 0 && s[0] == '[') {
        const char *close = memchr(s, ']', len);
        if (close == NULL)
            return false;
        size_t rest = len - (size_t)(close - s) - 1;
        if (rest != 0 && close[1] != ':')
            return false;
        return netaddr_parse(s + 1, (size_t)(close - s) - 1, out) && out->family == AF_INET6;
    }
    if (netaddr_parse(s, len, out))
        return true;
    const char *colon = memchr(s, ':', len); /* IPv4 with a port */
    return colon != NULL && memchr(colon + 1, ':', len - (size_t)(colon - s) - 1) == NULL &&
           netaddr_parse(s, (size_t)(colon - s), out) && out->family == AF_INET;
}

/* Splits h at commas into hops (at most HOPS_MAX, else 0). */
static size_t split(const char *h, struct hop *hops)
{
    size_t n = 0;
    for (const char *p = h;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma != NULL ? (size_t)(comma - p) : strlen(p);
        if (n == HOPS_MAX)
            return 0;
        hops[n].s = p;
        hops[n].len = len;
        trim(&hops[n].s, &hops[n].len);
        n++;
        if (comma == NULL)
            return n;
        p = comma + 1;
    }
}

/* In a Forwarded element ("for=192.0.2.60;proto=https;by=..."), the value
 * of for=, unquoted; false when there is none. */
static bool forwarded_for(struct hop *h)
{
    const char *p = h->s, *end = h->s + h->len;
    while (p < end) {
        const char *semi = memchr(p, ';', (size_t)(end - p));
        const char *pair_end = semi != NULL ? semi : end;
        const char *k = p;
        size_t klen = (size_t)(pair_end - p);
        trim(&k, &klen);
        if (klen > 4 && strncasecmp(k, "for=", 4) == 0) {
            const char *v = k + 4;
            size_t vlen = klen - 4;
            if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"')
                v++, vlen -= 2;
            h->s = v;
            h->len = vlen;
            return true;
        }
        p = pair_end + 1;
    }
    return false;
}

void http_client_address(const struct netaddr *peer, const char *peer_text, const char *forwarded,
                         const char *xff, const struct netaddr_cidr *trusted, size_t n_trusted,
                         char out[46])
{
    str_copy(out, peer_text, 46);
    if (n_trusted == 0 || !netaddr_in_any(trusted, n_trusted, peer))
        return;
    const char *h = forwarded != NULL ? forwarded : xff;
    if (h == NULL || strlen(h) > HTTP_FORWARDED_MAX)
        return;
    struct hop hops[HOPS_MAX];
    size_t n = split(h, hops);
    struct netaddr client;
    bool found = false;
    for (size_t i = n; i-- > 0;) {
        struct hop hop = hops[i];
        struct netaddr a;
        if (forwarded != NULL && !forwarded_for(&hop))
            return;
        if (!node_address(hop.s, hop.len, &a))
            return; /* "unknown", "_hidden": nothing to believe beyond this hop */
        client = a;
        found = true;
        if (!netaddr_in_any(trusted, n_trusted, &a))
            break;
    }
    if (found)
        inet_ntop(client.family, client.addr, out, 46);
}

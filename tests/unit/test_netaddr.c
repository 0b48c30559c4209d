/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Addresses and networks (util/netaddr.c) and the client behind trusted
 * proxies (http/forwarded.c). */
#include <criterion/criterion.h>
#include <string.h>

#include "http/forwarded.h"
#include "util/netaddr.h"

static struct netaddr addr(const char *s)
{
    struct netaddr a;
    cr_assert(netaddr_parse(s, strlen(s), &a), "%s", s);
    return a;
}

Test(netaddr, cidr_matching)
{
    struct netaddr_cidr c;
    cr_assert(netaddr_cidr_parse("10.0.0.0/8", &c));
    struct netaddr a = addr("10.200.3.4"), b = addr("11.0.0.1"), v6 = addr("::ffff:10.0.0.1");
    cr_assert(netaddr_in(&c, &a));
    cr_assert_not(netaddr_in(&c, &b));
    cr_assert_not(netaddr_in(&c, &v6), "families do not mix");
    cr_assert(netaddr_cidr_parse("192.168.1.128/25", &c));
    struct netaddr in = addr("192.168.1.200"), out = addr("192.168.1.127");
    cr_assert(netaddr_in(&c, &in));
    cr_assert_not(netaddr_in(&c, &out));
    cr_assert(netaddr_cidr_parse("2001:db8::/32", &c));
    struct netaddr x = addr("2001:db8:1::5");
    cr_assert(netaddr_in(&c, &x));
    cr_assert(netaddr_cidr_parse("0.0.0.0/0", &c));
    cr_assert(netaddr_in(&c, &b));
    const char *bad[] = {"",         "10.0.0.0/", "10.0.0.0/33", "::/129",
                         "10.0.0/8", "x",         "1.2.3.4/-1",  "1.2.3.4/8x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_expect_not(netaddr_cidr_parse(bad[i], &c), "%s", bad[i]);
    struct netaddr lo = addr("127.8.9.1"), lo6 = addr("::1");
    cr_assert(netaddr_is_loopback(&lo));
    cr_assert(netaddr_is_loopback(&lo6));
    cr_assert_not(netaddr_is_loopback(&b));
}

static const char *client(const char *peer, const char *fwd, const char *xff)
{
    static char out[46];
    struct netaddr_cidr t[2];
    cr_assert(netaddr_cidr_parse("127.0.0.1", &t[0]));
    cr_assert(netaddr_cidr_parse("10.0.0.0/8", &t[1]));
    struct netaddr p = addr(peer);
    http_client_address(&p, peer, fwd, xff, t, 2, out);
    return out;
}

Test(forwarded, rightmost_untrusted_hop)
{
    cr_assert_str_eq(client("127.0.0.1", NULL, "198.51.100.1, 203.0.113.7, 10.0.0.2"),
                     "203.0.113.7", "the spoofable left part is ignored");
    cr_assert_str_eq(client("127.0.0.1", NULL, "203.0.113.7"), "203.0.113.7");
    cr_assert_str_eq(client("127.0.0.1", NULL, "203.0.113.7:5555"), "203.0.113.7");
    cr_assert_str_eq(client("127.0.0.1", NULL, "10.0.0.3, 10.0.0.2"), "10.0.0.3",
                     "every hop trusted: the first is the client");
    cr_assert_str_eq(client("127.0.0.1", "for=192.0.2.60;proto=https, for=\"[2001:db8::17]:4711\"",
                            "203.0.113.7"),
                     "2001:db8::17", "Forwarded wins");
    cr_assert_str_eq(client("127.0.0.1", "For=\"192.0.2.60\"", NULL), "192.0.2.60");
}

Test(forwarded, believed_only_from_a_trusted_peer)
{
    cr_assert_str_eq(client("192.0.2.1", NULL, "203.0.113.7"), "192.0.2.1");
    cr_assert_str_eq(client("192.0.2.1", "for=203.0.113.7", NULL), "192.0.2.1");
}

Test(forwarded, what_it_cannot_read_names_nobody)
{
    cr_assert_str_eq(client("127.0.0.1", NULL, "unknown"), "127.0.0.1");
    cr_assert_str_eq(client("127.0.0.1", NULL, "203.0.113.7, garbage"), "127.0.0.1");
    cr_assert_str_eq(client("127.0.0.1", "for=_hidden", NULL), "127.0.0.1");
    cr_assert_str_eq(client("127.0.0.1", "proto=https", NULL), "127.0.0.1");
    cr_assert_str_eq(client("127.0.0.1", NULL, ""), "127.0.0.1");
    cr_assert_str_eq(client("127.0.0.1", NULL, "[2001:db8::1"), "127.0.0.1");
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* libFuzzer driver: http_client_address over hostile Forwarded and
 * X-Forwarded-For values (the input split at its first NUL into the two
 * headers), behind a trusted peer. The answer is always an address. */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/forwarded.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy = malloc(size + 2);
    if (copy == NULL)
        return 0;
    memcpy(copy, data, size);
    copy[size] = copy[size + 1] = '\0';
    const char *fwd = copy, *xff = copy + strlen(copy) + 1;
    if (xff > copy + size)
        xff = copy + size;
    static struct netaddr_cidr trusted[2];
    static bool ready;
    if (!ready) {
        ready = netaddr_cidr_parse("127.0.0.1", &trusted[0]) &&
                netaddr_cidr_parse("10.0.0.0/8", &trusted[1]);
    }
    struct netaddr peer;
    if (!netaddr_parse("127.0.0.1", 9, &peer))
        abort();
    char out[46];
    http_client_address(&peer, "127.0.0.1", fwd[0] ? fwd : NULL, xff, trusted, 2, out);
    struct netaddr check;
    if (!netaddr_parse(out, strlen(out), &check))
        abort();
    http_client_address(&peer, "127.0.0.1", NULL, fwd, trusted, 2, out);
    if (!netaddr_parse(out, strlen(out), &check))
        abort();
    free(copy);
    return 0;
}

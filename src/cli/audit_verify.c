/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* `varco audit verify`: walks the hash chain of the audit trail and says
 * whether it is intact, or the first event that was edited, removed or
 * reordered. Exit 0 intact, 1 broken. */
#include <string.h>

#include "cli/cli.h"
#include "core/audit.h"
#include "store/store.h"

int cli_audit(int argc, char **argv)
{
    bool help = cli_wants_help(argc, argv);
    if (help || argc < 2 || strcmp(argv[1], "verify") != 0) {
        fprintf(help ? stdout : stderr,
                "usage: varco audit verify\n\nChecks that no audit event was edited, removed "
                "or reordered.\n");
        return help ? 0 : 2;
    }
    struct cli_ctx c;
    if (!cli_ctx_open(&c, false))
        return 1;
    int64_t n = 0, bad = 0;
    int rc = 1;
    enum vc_status st = store_begin_read(c.store);
    if (st == VC_OK)
        st = audit_verify(c.store, &n, &bad);
    store_rollback(c.store);
    if (st == VC_OK) {
        printf("audit chain intact: %lld events\n", (long long)n);
        rc = 0;
    } else if (st == VC_ERR_INVALID) {
        printf("audit chain BROKEN at event %lld: it or an earlier event was altered\n",
               (long long)bad);
    } else {
        fprintf(stderr, "varco: cannot read the audit trail (%s)\n", vc_status_name(st));
    }
    cli_ctx_close(&c);
    return rc;
}

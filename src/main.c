/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* argv -> subcommand table (and where jansson's memory comes from, which must
 * be said before anything else). Each subcommand lives in cli/. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "util/json_mem.h"

struct subcommand {
    const char *name;
    int (*run)(int argc, char **argv); /* argv[0] is the subcommand's own name */
    const char *summary;
};

static const struct subcommand SUBCOMMANDS[] = {
    {"init", cli_init, "create the data folder, database and secrets (--demo: demo data)"},
    {"serve", cli_serve, "serve HTTP (--check: only validate the configuration)"},
    {"members", cli_members, "members import FILE.csv: upsert the member registry"},
    {"offices", cli_offices, "offices import FILE.csv: upsert the recognition offices by code"},
    {"legacy", cli_legacy, "legacy import FILE.csv: the old system's accounts (docs/legacy.md)"},
    {"operator", cli_operator,
     "operator add|passwd|disable|enable|reset-2fa USERNAME: back-office operators"},
    {"audit", cli_audit, "audit verify: check the hash chain of the audit trail"},
    {"outbox", cli_outbox, "outbox list|run: inspect or deliver queued messages"},
    {"clients", cli_clients,
     "clients add|list|remove: the applications that log people in (OpenID Connect)"},
    {"keys", cli_keys, "keys rotate|list: the OpenID Connect signing keys"},
    {"seal", cli_seal, "seal IN.pdf OUT.pdf [--reason TEXT]: seal a PDF with varco's key"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: varco [--config FILE] COMMAND [ARGS]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof SUBCOMMANDS / sizeof SUBCOMMANDS[0]; i++)
        fprintf(f, "  %-10s %s\n", SUBCOMMANDS[i].name, SUBCOMMANDS[i].summary);
    fprintf(f, "\n'varco COMMAND --help' describes each command.\n"
               "Configuration: --config FILE, else $VARCO_CONFIG, else ./varco.ini if present;\n"
               "VARCO_* environment variables override the file (see README.md).\n");
}

int main(int argc, char **argv)
{
    json_mem_install(); /* before anything uses jansson */
    int i = 1;
    if (i + 1 < argc && strcmp(argv[i], "--config") == 0) {
        cli_set_config_path(argv[i + 1]);
        i += 2;
    }
    if (i >= argc || strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0 ||
        strcmp(argv[i], "help") == 0) {
        usage(i >= argc ? stderr : stdout);
        return i >= argc ? 2 : 0;
    }
    for (size_t k = 0; k < sizeof SUBCOMMANDS / sizeof SUBCOMMANDS[0]; k++) {
        if (strcmp(argv[i], SUBCOMMANDS[k].name) == 0)
            return SUBCOMMANDS[k].run(argc - i, argv + i);
    }
    fprintf(stderr, "varco: unknown command '%s'\n\n", argv[i]);
    usage(stderr);
    return 2;
}

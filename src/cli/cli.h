/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The subcommands of the varco binary (one file each) and what they share:
 * loading the configuration, opening the store, an env for core calls. */
#ifndef VARCO_CLI_CLI_H
#define VARCO_CLI_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "core/env.h"
#include "crypto/password.h"
#include "util/config.h"

/* Each returns the process exit code: 0 ok, 1 failure, 2 usage. */
int cli_init(int argc, char **argv);
int cli_serve(int argc, char **argv);
int cli_members(int argc, char **argv);
int cli_legacy(int argc, char **argv);
int cli_operator(int argc, char **argv);
int cli_audit(int argc, char **argv);
int cli_outbox(int argc, char **argv);
int cli_offices(int argc, char **argv);
int cli_seal(int argc, char **argv);
int cli_clients(int argc, char **argv);
int cli_keys(int argc, char **argv);

/* --config given before the command. */
void cli_set_config_path(const char *path);

/* Loads the configuration (--config, $VARCO_CONFIG, ./varco.ini, or defaults
 * only) into cfg; prints the error and returns false on failure. */
bool cli_load_config(struct config *cfg);

/* True if argv (after the subcommand) contains --help / -h. */
bool cli_wants_help(int argc, char **argv);

/* The administrator's language for messages from the catalogue: "it" when
 * the locale (LC_ALL, LC_MESSAGES, LANG) is Italian, else "en". */
const char *cli_lang(void);

/* Hashing cost from VARCO_PASSWORD_COST (interactive | moderate | test). */
enum password_cost cli_password_cost(void);

/* Everything a CLI command needs to call core: config, secrets, core config,
 * an open and migrated store. */
struct cli_ctx {
    struct config cfg;
    struct core_config core;
    struct store *store;
    uint8_t file_key[32];
};

/* Loads config and secrets (create_secrets: make them if missing), opens and
 * migrates the store. Prints errors itself. */
bool cli_ctx_open(struct cli_ctx *c, bool create_secrets);
void cli_ctx_close(struct cli_ctx *c);
/* An env for core calls from the command line: real clock and randomness,
 * ip "" and request id "cli". */
void cli_env(struct cli_ctx *c, struct vc_env *out);

/* Maps a regular, non-empty file read-only; prints the reason and returns
 * false otherwise. Undo with cli_unmap_file. */
bool cli_map_file(const char *path, FILE *err, const char **out_data, size_t *out_len);
void cli_unmap_file(const char *data, size_t len);

/* How an import tells its refusals: one line each, "line N: <field>
 * "<value>": <what is wrong>", in words from the catalogue of the assets
 * folder, in the administrator's language (cli_lang). */
struct i18n;
struct cli_report {
    FILE *err;
    struct i18n *t; /* NULL: the catalogue could not be read (keys are shown) */
    const char *lang;
};
/* Loads the catalogue; without one the report shows keys, so never fails. */
void cli_report_open(struct cli_report *r, const struct config *cfg, FILE *err);
void cli_report_close(struct cli_report *r);
/* The text of key in the report's language (borrowed until close). */
const char *cli_report_say(const struct cli_report *r, const char *key);
/* Starts the report of a line: "line N: ". */
void cli_report_line(const struct cli_report *r, long line);
/* Appends ` "value"` if the value is readable text and not empty: at most
 * 40 bytes of it, cut between characters, "..." when cut. */
void cli_report_value(const struct cli_report *r, const char *v, size_t len);

/* Imports a members CSV file into the store: used by `members import` and
 * `init --demo`. Prints errors by line number and progress to err. Returns
 * the number of rows with errors, or -1 if the file could not be read. */
long cli_import_members(struct cli_ctx *c, const char *path, FILE *err, long *out_imported);

/* Seconds since t0 (CLOCK_MONOTONIC): the imports' progress lines. */
double cli_seconds_since(const struct timespec *t0);

/* `varco <what> import FILE.csv`: opens the store, runs import, prints
 * "N <what> imported, N rows with errors (T s)"; the exit status is 0, or 1
 * when a row was refused or the file could not be read. */
typedef long (*cli_import_fn)(struct cli_ctx *c, const char *path, FILE *err, long *out_imported);
int cli_run_import(const char *path, const char *what, cli_import_fn import);

/* Imports an offices CSV file (core/offices.h), upserting by code: used by
 * `offices import` and `init --demo`. Refusals by line, in words, and
 * progress go to err; one audit event (office.import) records the counts.
 * Returns the number of refused rows, or -1 if the file or its header could
 * not be read or the database failed. */
long cli_import_offices(struct cli_ctx *c, const char *path, FILE *err, long *out_imported);

#endif

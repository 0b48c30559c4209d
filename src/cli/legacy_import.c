/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* `varco legacy import FILE.csv`: the old system's accounts (docs/legacy.md).
 * The header names the columns, in any order: username, password_hash, and
 * codice_fiscale and/or matricola, optionally email. Bad rows are reported
 * by line number and skipped; good rows are upserted by username in
 * batches; progress on stderr; one audit event with the counts. */
#include <string.h>

#include "cli/cli.h"
#include "core/audit.h"
#include "core/legacy.h"
#include "store/store.h"
#include "util/csv.h"

#define BATCH 2000
#define PROGRESS 50000

enum { COL_USERNAME, COL_CF, COL_MATRICOLA, COL_HASH, COL_EMAIL, N_COLS };
static const char *const COLUMNS[N_COLS] = {"username", "codice_fiscale", "matricola",
                                            "password_hash", "email"};

/* Column positions from the header; false (message printed) if unusable. */
static bool read_header(const struct csv_record *rec, int pos[N_COLS], FILE *err)
{
    for (int i = 0; i < N_COLS; i++)
        pos[i] = -1;
    for (size_t f = 0; f < rec->n; f++) {
        const char *name = rec->field[f];
        if (f == 0 && strncmp(name, "\xEF\xBB\xBF", 3) == 0)
            name += 3;
        for (int i = 0; i < N_COLS; i++) {
            if (strcmp(name, COLUMNS[i]) == 0)
                pos[i] = (int)f;
        }
    }
    if (pos[COL_USERNAME] < 0 || pos[COL_HASH] < 0 || (pos[COL_CF] < 0 && pos[COL_MATRICOLA] < 0)) {
        fprintf(err, "line 1: the header must name username, password_hash, and codice_fiscale "
                     "or matricola (email is optional)\n");
        return false;
    }
    return true;
}

static const char *col(const struct csv_record *rec, int pos)
{
    return pos >= 0 && (size_t)pos < rec->n ? rec->field[pos] : "";
}

static long import(struct cli_ctx *c, const char *data, size_t len, long *out_done)
{
    static struct csv_record rec; /* large: not on the stack */
    struct vc_env env;
    cli_env(c, &env);
    int pos[N_COLS];
    size_t at = 0;
    long line = 0, bad = 0, done = 0, in_batch = 0;
    bool in_tx = false;
    enum vc_status st;
    while ((st = csv_next(data, len, &at, &rec)) != VC_ERR_NOT_FOUND) {
        line++;
        if (line == 1) {
            if (st != VC_OK || !read_header(&rec, pos, stderr))
                return -2;
            continue;
        }
        if (st == VC_OK && rec.n == 1 && rec.len[0] == 0)
            continue;
        if (st != VC_OK) {
            fprintf(stderr, "line %ld: unterminated quote or record too long\n", line);
            bad++;
            continue;
        }
        if (!in_tx) {
            if (store_begin(c->store) != VC_OK)
                return -1;
            in_tx = true;
        }
        struct legacy_row r = {col(&rec, pos[COL_USERNAME]), col(&rec, pos[COL_CF]),
                               col(&rec, pos[COL_MATRICOLA]), col(&rec, pos[COL_HASH]),
                               col(&rec, pos[COL_EMAIL])};
        struct form_errors fe;
        st = legacy_import(&env, &r, &fe);
        if (st == VC_ERR_INVALID || st == VC_ERR_CONFLICT) {
            fprintf(stderr, "line %ld:", line);
            for (size_t i = 0; i < fe.n; i++)
                fprintf(stderr, "%s %s: %s", i ? ";" : "", fe.e[i].field, fe.e[i].msg);
            fputc('\n', stderr);
            bad++;
            continue;
        }
        if (st != VC_OK)
            return -1;
        done++;
        if (++in_batch == BATCH) {
            if (store_commit(c->store) != VC_OK)
                return -1;
            in_tx = false;
            in_batch = 0;
        }
        if (done % PROGRESS == 0)
            fprintf(stderr, "... %ld accounts imported\n", done);
    }
    char detail[96];
    snprintf(detail, sizeof detail, "%ld imported, %ld refused", done, bad);
    if (!in_tx && store_begin(c->store) != VC_OK)
        return -1;
    if (audit_record(&env, "admin", NULL, "legacy.import", "", 0, detail) != VC_OK ||
        store_commit(c->store) != VC_OK)
        return -1;
    *out_done = done;
    return bad;
}

int cli_legacy(int argc, char **argv)
{
    bool help = cli_wants_help(argc, argv);
    if (help || argc < 3 || strcmp(argv[1], "import") != 0) {
        FILE *f = help ? stdout : stderr;
        fprintf(f, "usage: varco legacy import FILE.csv\n\n"
                   "Imports the old system's accounts (docs/legacy.md). The first line names\n"
                   "the columns: username, password_hash, codice_fiscale and/or matricola,\n"
                   "and optionally email. Hashes: bcrypt ($2a$/$2b$/$2y$), sha512-crypt ($6$),\n"
                   "sha256-crypt ($5$), md5-crypt ($1$), pbkdf2_sha256$ITER$SALT$BASE64.\n"
                   "Rows with errors are reported by line number and skipped.\n");
        return help ? 0 : 2;
    }
    const char *data;
    size_t len;
    if (!cli_map_file(argv[2], stderr, &data, &len))
        return 1;
    struct cli_ctx c;
    long done = 0, bad = -1;
    if (cli_ctx_open(&c, false)) {
        bad = import(&c, data, len, &done);
        if (bad == -1)
            fprintf(stderr, "varco: the database failed; rows of the last batch were not saved\n");
        cli_ctx_close(&c);
    }
    cli_unmap_file(data, len);
    if (bad < 0)
        return 1;
    printf("%ld old accounts imported, %ld rows with errors\n", done, bad);
    return bad > 0 ? 1 : 0;
}

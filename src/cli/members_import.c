/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* `varco members import FILE.csv`: idempotent upsert of the member registry
 * by matricola. Bad rows are reported by line number and skipped; good rows
 * are committed in batches so a million rows stay fast; progress on stderr. */
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/member.h"
#include "core/repo.h"
#include "store/store.h"
#include "util/csv.h"

#define IMPORT_BATCH 5000 /* rows per transaction: few fsyncs, bounded rollback */
#define IMPORT_PROGRESS 100000

static bool header_ok(const struct csv_record *rec)
{
    if (rec->n != MEMBER_CSV_FIELDS)
        return false;
    for (size_t i = 0; i < MEMBER_CSV_FIELDS; i++) {
        const char *f = rec->field[i];
        if (i == 0 && strncmp(f, "\xEF\xBB\xBF", 3) == 0) /* UTF-8 BOM from spreadsheets */
            f += 3;
        if (strcmp(f, MEMBER_CSV_HEADER[i]) != 0)
            return false;
    }
    return true;
}

/* "line 12: codice fiscale "RSSMRA80A41F205X": the check character (the
 * 16th) does not match the other 15." -- one line per refused field. */
static void report_row(const struct cli_report *r, long line, const struct csv_record *rec,
                       const struct form_errors *fe)
{
    for (size_t i = 0; i < fe->n; i++) {
        char key[96];
        size_t col = 0;
        while (col < MEMBER_CSV_FIELDS && strcmp(MEMBER_CSV_HEADER[col], fe->e[i].field) != 0)
            col++;
        snprintf(key, sizeof key, "import.field.%s", fe->e[i].field);
        cli_report_line(r, line);
        fputs(cli_report_say(r, key), r->err);
        if (col < MEMBER_CSV_FIELDS)
            cli_report_value(r, rec->field[col], rec->len[col]);
        fprintf(r->err, ": %s\n", cli_report_say(r, fe->e[i].msg));
    }
}

static long import_records(struct cli_ctx *c, const char *data, size_t len,
                           const struct cli_report *r, long *out_imported)
{
    FILE *err = r->err;
    static struct csv_record rec; /* 8 KiB+: not on the stack; the CLI is single-threaded */
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    size_t pos = 0;
    long line = 0, bad = 0, done = 0, in_batch = 0;
    bool in_tx = false;
    enum vc_status st;
    while ((st = csv_next(data, len, &pos, &rec)) != VC_ERR_NOT_FOUND) {
        line++;
        if (line == 1) {
            if (st != VC_OK || !header_ok(&rec)) {
                cli_report_line(r, 1);
                fputs(cli_report_say(r, "import.header"), err);
                for (size_t i = 0; i < MEMBER_CSV_FIELDS; i++)
                    fprintf(err, "%s%s", i ? "," : " ", MEMBER_CSV_HEADER[i]);
                fputc('\n', err);
                return -2;
            }
            continue;
        }
        if (st == VC_OK && rec.n == 1 && rec.len[0] == 0)
            continue; /* blank line */
        if (st != VC_OK || rec.n != MEMBER_CSV_FIELDS) {
            cli_report_line(r, line);
            fprintf(err, "%s\n",
                    cli_report_say(r, st != VC_OK ? "import.record_broken" : "import.field_count"));
            bad++;
            continue;
        }
        struct member m;
        struct form_errors fe;
        form_errors_init(&fe);
        if (member_from_fields(rec.field, rec.len, &m, &fe) != VC_OK) {
            report_row(r, line, &rec, &fe);
            bad++;
            continue;
        }
        if (!in_tx) {
            if (store_begin(c->store) != VC_OK)
                return -1;
            in_tx = true;
        }
        m.updated_at = (int64_t)time(NULL);
        if (repo_member_upsert(c->store, &m) != VC_OK) {
            cli_report_line(r, line);
            fprintf(err, "%s\n", cli_report_say(r, "import.db_refused"));
            bad++;
            continue;
        }
        done++;
        if (++in_batch == IMPORT_BATCH) {
            if (store_commit(c->store) != VC_OK)
                return -1;
            in_tx = false;
            in_batch = 0;
        }
        if (done % IMPORT_PROGRESS == 0)
            fprintf(err, "... %ld rows imported (%.1f s)\n", done, cli_seconds_since(&t0));
    }
    if (in_tx && store_commit(c->store) != VC_OK)
        return -1;
    *out_imported = done;
    return bad;
}

long cli_import_members(struct cli_ctx *c, const char *path, FILE *err, long *out_imported)
{
    const char *data;
    size_t len;
    *out_imported = 0;
    if (!cli_map_file(path, err, &data, &len))
        return -1;
    struct cli_report r;
    cli_report_open(&r, &c->cfg, err);
    long bad = import_records(c, data, len, &r, out_imported);
    cli_report_close(&r);
    cli_unmap_file(data, len);
    if (bad == -1)
        fprintf(err, "varco: the database failed; rows of the last batch were not saved\n");
    return bad == -2 ? -1 : bad;
}

int cli_members(int argc, char **argv)
{
    bool help = cli_wants_help(argc, argv);
    if (help || argc < 3 || strcmp(argv[1], "import") != 0) {
        FILE *f = help ? stdout : stderr;
        fprintf(f, "usage: varco members import FILE.csv\n\n"
                   "Upserts members by matricola. The first line must be the header:\n ");
        for (size_t i = 0; i < MEMBER_CSV_FIELDS; i++)
            fprintf(f, "%s%s", i ? "," : " ", MEMBER_CSV_HEADER[i]);
        fprintf(f, "\nRows with errors are reported by line number and skipped.\n");
        return help ? 0 : 2;
    }
    return cli_run_import(argv[2], "members", cli_import_members);
}

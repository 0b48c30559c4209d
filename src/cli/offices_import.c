/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* `varco offices import FILE.csv`: the directory of recognition offices
 * (issue 12 §1), upserted by office code, so the same file imported twice
 * changes nothing and a corrected file updates the offices it names. The
 * header names the columns, in any order (core/offices.h). Bad rows are
 * told by line number, value and reason in the administrator's language
 * and skipped; good rows are committed in batches; progress on stderr; one
 * audit event with the counts. No rule about offices here: core decides. */
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/audit.h"
#include "core/offices.h"
#include "core/repo.h"
#include "store/store.h"
#include "util/csv.h"
#include "util/str.h"

#define BATCH 2000     /* rows per transaction: few fsyncs, bounded rollback */
#define PROGRESS 10000 /* a national network has thousands of offices */

/* Every column the file may have, the required ones marked, for whoever
 * fixes a header. */
static void list_columns(const struct cli_report *r)
{
    cli_report_line(r, 1);
    fputs(cli_report_say(r, "import.office.header.columns"), r->err);
    for (size_t i = 0; i < OFFICE_CSV_FIELDS; i++)
        fprintf(r->err, "%s%s%s", i ? ", " : " ", OFFICE_CSV_HEADER[i],
                OFFICE_CSV_REQUIRED[i] ? "" : " (*)");
    fputc('\n', r->err);
}

static void header_problem(const struct cli_report *r, const char *key, const char *name,
                           size_t len)
{
    cli_report_line(r, 1);
    fputs(cli_report_say(r, key), r->err);
    if (len == 0)
        fputs(" \"\"", r->err); /* a trailing comma, a column without a name */
    cli_report_value(r, name, len);
    fputc('\n', r->err);
}

/* pos[i]: the file's column of OFFICE_CSV_HEADER[i], -1 if absent. An
 * unknown name is refused rather than ignored: "lat" for "latitude" would
 * otherwise take every office off the map without a word. */
static bool read_header(const struct csv_record *rec, int pos[OFFICE_CSV_FIELDS],
                        const struct cli_report *r)
{
    bool ok = true;
    for (size_t i = 0; i < OFFICE_CSV_FIELDS; i++)
        pos[i] = -1;
    for (size_t f = 0; f < rec->n; f++) {
        const char *name = rec->field[f];
        size_t len = rec->len[f];
        if (f == 0 && len >= 3 && memcmp(name, "\xEF\xBB\xBF", 3) == 0) {
            name += 3; /* UTF-8 BOM from spreadsheets */
            len -= 3;
        }
        size_t i = 0;
        while (i < OFFICE_CSV_FIELDS && strcmp(name, OFFICE_CSV_HEADER[i]) != 0)
            i++;
        if (i == OFFICE_CSV_FIELDS || pos[i] >= 0) {
            header_problem(r,
                           i == OFFICE_CSV_FIELDS ? "import.office.header.unknown"
                                                  : "import.office.header.twice",
                           name, len);
            ok = false;
            continue;
        }
        pos[i] = (int)f;
    }
    size_t missing = 0;
    for (size_t i = 0; i < OFFICE_CSV_FIELDS; i++) {
        if (!OFFICE_CSV_REQUIRED[i] || pos[i] >= 0)
            continue;
        if (missing++ == 0) {
            cli_report_line(r, 1);
            fputs(cli_report_say(r, "import.office.header.missing"), r->err);
        }
        fprintf(r->err, "%s%s", missing > 1 ? ", " : " ", OFFICE_CSV_HEADER[i]);
    }
    if (missing > 0) {
        fputc('\n', r->err);
        ok = false;
    }
    if (!ok)
        list_columns(r);
    return ok;
}

/* "riga 12: CAP "0018": deve avere 5 cifre." -- one line per refused field. */
static void report_row(const struct cli_report *r, long line, const char *const fields[],
                       const size_t lens[], const struct form_errors *fe)
{
    for (size_t i = 0; i < fe->n; i++) {
        char key[96];
        size_t col = 0;
        while (col < OFFICE_CSV_FIELDS && strcmp(OFFICE_CSV_HEADER[col], fe->e[i].field) != 0)
            col++;
        snprintf(key, sizeof key, "import.office.field.%s", fe->e[i].field);
        cli_report_line(r, line);
        fputs(cli_report_say(r, key), r->err);
        if (col < OFFICE_CSV_FIELDS && fields[col] != NULL)
            cli_report_value(r, fields[col], lens[col]);
        fprintf(r->err, ": %s\n", cli_report_say(r, fe->e[i].msg));
    }
}

/* The rows after the header. Returns the refused count, -1 if the database
 * failed (the open batch is lost), -2 if the header is unusable. */
static long import_rows(struct cli_ctx *c, const char *data, size_t len, const struct cli_report *r,
                        const char *file, long *out_done)
{
    static struct csv_record rec; /* 8 KiB+: not on the stack; the CLI is single-threaded */
    struct vc_env env;
    cli_env(c, &env);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int pos[OFFICE_CSV_FIELDS];
    size_t at = 0, columns = 0;
    long line = 0, bad = 0, done = 0, in_batch = 0;
    bool in_tx = false;
    enum vc_status st;
    while ((st = csv_next(data, len, &at, &rec)) != VC_ERR_NOT_FOUND) {
        line++;
        if (line == 1) {
            if (st != VC_OK) {
                cli_report_line(r, 1);
                fprintf(r->err, "%s\n", cli_report_say(r, "import.record_broken"));
                list_columns(r);
                return -2;
            }
            if (!read_header(&rec, pos, r))
                return -2;
            columns = rec.n;
            continue;
        }
        if (st == VC_OK && rec.n == 1 && rec.len[0] == 0)
            continue; /* blank line */
        if (st != VC_OK || rec.n != columns) {
            cli_report_line(r, line);
            fprintf(r->err, "%s\n",
                    cli_report_say(r, st != VC_OK ? "import.record_broken"
                                                  : "import.office.field_count"));
            bad++;
            continue;
        }
        const char *fields[OFFICE_CSV_FIELDS];
        size_t lens[OFFICE_CSV_FIELDS];
        for (size_t i = 0; i < OFFICE_CSV_FIELDS; i++) {
            fields[i] = pos[i] >= 0 ? rec.field[pos[i]] : NULL;
            lens[i] = pos[i] >= 0 ? rec.len[pos[i]] : 0;
        }
        struct office o;
        struct form_errors fe;
        if (office_from_fields(fields, lens, &o, &fe) != VC_OK) {
            report_row(r, line, fields, lens, &fe);
            bad++;
            continue;
        }
        if (!in_tx) {
            if (store_begin(c->store) != VC_OK)
                return -1;
            in_tx = true;
        }
        o.updated_at = env_now(&env);
        if (repo_office_upsert(c->store, &o) != VC_OK) {
            cli_report_line(r, line);
            fprintf(r->err, "%s\n", cli_report_say(r, "import.db_refused"));
            bad++;
            continue;
        }
        done++;
        if (++in_batch == BATCH) {
            if (store_commit(c->store) != VC_OK)
                return -1;
            in_tx = false;
            in_batch = 0;
        }
        if (done % PROGRESS == 0)
            fprintf(r->err, "... %ld offices imported (%.1f s)\n", done, cli_seconds_since(&t0));
    }
    /* The event goes into the last batch, so the trail says what the
     * directory holds: an import that failed half-way records nothing. */
    char detail[160];
    bool named = strlen(file) <= 80 && str_is_clean_utf8(file, strlen(file));
    snprintf(detail, sizeof detail, "%s: %ld imported, %ld refused", named ? file : "(file)", done,
             bad);
    if (!in_tx && store_begin(c->store) != VC_OK)
        return -1;
    if (audit_record(&env, "admin", NULL, "office.import", "", 0, detail) != VC_OK ||
        store_commit(c->store) != VC_OK)
        return -1;
    *out_done = done;
    return bad;
}

long cli_import_offices(struct cli_ctx *c, const char *path, FILE *err, long *out_imported)
{
    const char *data;
    size_t len;
    *out_imported = 0;
    if (!cli_map_file(path, err, &data, &len))
        return -1;
    const char *slash = strrchr(path, '/');
    struct cli_report r;
    cli_report_open(&r, &c->cfg, err);
    long bad = import_rows(c, data, len, &r, slash != NULL ? slash + 1 : path, out_imported);
    cli_report_close(&r);
    cli_unmap_file(data, len);
    if (bad == -1) {
        store_rollback(c->store); /* the open batch, if any */
        fprintf(err, "varco: the database failed; rows of the last batch were not saved\n");
    }
    return bad < 0 ? -1 : bad;
}

int cli_offices(int argc, char **argv)
{
    bool help = cli_wants_help(argc, argv);
    if (help || argc != 3 || strcmp(argv[1], "import") != 0) {
        FILE *f = help ? stdout : stderr;
        fprintf(f, "usage: varco offices import FILE.csv\n\n"
                   "Upserts the recognition offices by code. The first line names the columns,\n"
                   "in any order; those marked (*) may be left out:\n ");
        for (size_t i = 0; i < OFFICE_CSV_FIELDS; i++)
            fprintf(f, "%s%s%s", i ? "," : " ", OFFICE_CSV_HEADER[i],
                    OFFICE_CSV_REQUIRED[i] ? "" : "(*)");
        fprintf(f, "\nlatitude and longitude are decimal degrees (41.9028, 12.4964), both or\n"
                   "neither: an office without them is listed but not on the map.\n"
                   "Rows with errors are reported by line number and skipped; the exit status\n"
                   "is 1 if any was.\n");
        return help ? 0 : 2;
    }
    return cli_run_import(argv[2], "offices", cli_import_offices);
}

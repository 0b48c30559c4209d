/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The directory of recognition offices (issue 12 §1): one row checked and
 * normalised (core/offices.c), the store's contract for offices (upsert by
 * code, the filtered list, the networks), and `varco offices import` over
 * a file with good and bad lines (cli/offices_import.c). Real SQLite store,
 * fake clock; runs from the repository's root (po/, demo/). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/offices.h"
#include "core/repo.h"
#include "render/i18n.h"
#include "store/store.h"
#include "tests/support/fake_env.h"

static struct fake_world w;
static void setup(void)
{
    fake_world_open(&w);
}
static void teardown(void)
{
    fake_world_close(&w);
}
TestSuite(offices, .init = setup, .fini = teardown);

/* ---- one row ---- */

enum { CODE, NETWORK, NAME, ADDRESS, POSTCODE, CITY, PROVINCE, LAT, LON, PHONE, EMAIL, HOURS };

/* A good row of the Roma CNA office, in OFFICE_CSV_HEADER's order. */
struct row {
    const char *f[OFFICE_CSV_FIELDS];
};
static struct row good_row(void)
{
    return (struct row){{"CNA-RM-001", "CNA", "CNA Roma Centro", "Via dell'Esempio 10", "00185",
                         "Roma", "RM", "41.9028", "12.4964", "+39 06 0000 0101",
                         "roma@cna.demo.invalid", "lun-ven 9:00-13:00"}};
}

static enum vc_status parse(const struct row *r, struct office *o, struct form_errors *fe)
{
    size_t l[OFFICE_CSV_FIELDS];
    for (int i = 0; i < OFFICE_CSV_FIELDS; i++)
        l[i] = r->f[i] != NULL ? strlen(r->f[i]) : 0;
    return office_from_fields(r->f, l, o, fe);
}

Test(offices, a_good_row_is_trimmed_and_normalised)
{
    struct row r = good_row();
    r.f[CODE] = "  cna-rm-001 ";
    r.f[PROVINCE] = "rm";
    r.f[EMAIL] = " Roma@CNA.demo.invalid";
    r.f[NAME] = " CNA Roma Centro\t";
    struct office o;
    struct form_errors fe;
    cr_assert_eq(parse(&r, &o, &fe), VC_OK, "%s: %s", fe.n ? fe.e[0].field : "",
                 fe.n ? fe.e[0].msg : "");
    cr_assert_str_eq(o.code, "CNA-RM-001");
    cr_assert_str_eq(o.province, "RM");
    cr_assert_str_eq(o.email, "roma@cna.demo.invalid");
    cr_assert_str_eq(o.name, "CNA Roma Centro");
    cr_assert_str_eq(o.city, "Roma");
    cr_assert_str_eq(o.phone, "+39 06 0000 0101");
    cr_assert(o.has_position);
    cr_assert_eq(o.latitude, 41.9028); /* the double strtod gives: one rounding */
    cr_assert_eq(o.longitude, 12.4964);
}

Test(offices, optional_columns_may_be_absent_and_an_office_may_have_no_position)
{
    struct row r = good_row();
    r.f[LAT] = r.f[LON] = r.f[PHONE] = r.f[HOURS] = NULL; /* not in the file's header */
    struct office o;
    struct form_errors fe;
    cr_assert_eq(parse(&r, &o, &fe), VC_OK);
    cr_assert_not(o.has_position);
    cr_assert_str_eq(o.phone, "");
    r.f[LAT] = r.f[LON] = " "; /* in the header, left empty */
    cr_assert_eq(parse(&r, &o, &fe), VC_OK);
    cr_assert_not(o.has_position);
    cr_assert_eq(o.latitude, 0);
    /* the ends of the ranges are places too */
    r.f[LAT] = "-90";
    r.f[LON] = "+180.0";
    cr_assert_eq(parse(&r, &o, &fe), VC_OK);
    cr_assert(o.has_position);
    cr_assert_eq(o.latitude, -90);
    cr_assert_eq(o.longitude, 180);
}

/* Each refusal, one field at a time: the column it names and the key. */
static const struct refusal {
    int col;
    const char *value;
    const char *key;
} REFUSALS[] = {
    {CODE, "", "error.office.missing"},
    {CODE, "CN", "error.office.code"},
    {CODE, "CNA-RM-0000000000000000001", "error.office.code"},
    {CODE, "-CNA-RM", "error.office.code"},
    {CODE, "CNA-RM-", "error.office.code"},
    {CODE, "CNA--RM", "error.office.code"},
    {CODE, "CNA RM 001", "error.office.code"},
    {CODE, "CNA_RM_001", "error.office.code"},
    {CODE, "CNÀ-RM-001", "error.office.code"},
    {NETWORK, "", "error.office.missing"},
    {NETWORK, "Rete di patronati con un nome lunghissimo", "error.office.network"},
    {NAME, "  ", "error.office.missing"},
    {NAME, "CNA\nRoma", "error.office.unreadable"},
    {NAME, "CNA\tRoma", "error.office.unreadable"},
    {NAME, "CNA \xC3\x28 Roma", "error.office.unreadable"},
    {ADDRESS, "", "error.office.missing"},
    {CITY, "", "error.office.missing"},
    {POSTCODE, "0018", "error.office.postcode"},
    {POSTCODE, "001850", "error.office.postcode"},
    {POSTCODE, "0018A", "error.office.postcode"},
    {POSTCODE, "", "error.office.postcode"},
    {PROVINCE, "R", "error.office.province"},
    {PROVINCE, "ROM", "error.office.province"},
    {PROVINCE, "R1", "error.office.province"},
    {PROVINCE, "", "error.office.province"},
    {LAT, "90.0001", "error.office.latitude"},
    {LAT, "-90.5", "error.office.latitude"},
    {LAT, "41,9028", "error.office.latitude"},
    {LAT, "4.19028e1", "error.office.latitude"},
    {LAT, "41.", "error.office.latitude"},
    {LAT, ".5", "error.office.latitude"},
    {LAT, "41.12345678901", "error.office.latitude"},
    {LAT, "0041.9", "error.office.latitude"},
    {LAT, "nord", "error.office.latitude"},
    {LON, "180.01", "error.office.longitude"},
    {LON, "-181", "error.office.longitude"},
    {LON, "12.4964 E", "error.office.longitude"},
    {LAT, "", "error.office.position_half"},
    {LON, "", "error.office.position_half"},
    {PHONE, "12345", "error.office.phone"},
    {PHONE, "1234567890123456", "error.office.phone"},
    {PHONE, "06-0000-0101", "error.office.phone"},
    {PHONE, "06 0000 0101 +", "error.office.phone"},
    {PHONE, "(06) 0000 0101", "error.office.phone"},
    {EMAIL, "", "error.office.email.missing"},
    {EMAIL, "roma.cna.demo.invalid", "error.office.email"},
    {EMAIL, "roma@cna", "error.office.email"},
    {EMAIL, "ro ma@cna.demo.invalid", "error.office.email"},
    {HOURS, "lun-ven\n9-13", "error.office.unreadable"},
};

Test(offices, each_refusal_names_its_column_and_says_why)
{
    for (size_t i = 0; i < sizeof REFUSALS / sizeof REFUSALS[0]; i++) {
        const struct refusal *t = &REFUSALS[i];
        struct row r = good_row();
        r.f[t->col] = t->value;
        struct office o;
        struct form_errors fe;
        cr_assert_eq(parse(&r, &o, &fe), VC_ERR_INVALID, "%s \"%s\" was accepted",
                     OFFICE_CSV_HEADER[t->col], t->value);
        cr_assert_eq(fe.n, 1, "%s \"%s\": %zu refusals", OFFICE_CSV_HEADER[t->col], t->value, fe.n);
        cr_assert_str_eq(fe.e[0].field, OFFICE_CSV_HEADER[t->col], "\"%s\"", t->value);
        cr_assert_str_eq(fe.e[0].msg, t->key, "%s \"%s\"", OFFICE_CSV_HEADER[t->col], t->value);
    }
}

Test(offices, the_long_texts_have_their_own_limits)
{
    char long_text[OFFICE_HOURS_MAX + 2];
    memset(long_text, 'a', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    static const struct {
        int col;
        size_t max;
        const char *key;
    } LIMITS[] = {
        {NAME, OFFICE_NAME_MAX, "error.office.name"},
        {ADDRESS, 128, "error.office.address"},
        {CITY, NAME_MAX_LEN, "error.office.city"},
        {HOURS, OFFICE_HOURS_MAX, "error.office.hours"},
    };
    for (size_t i = 0; i < sizeof LIMITS / sizeof LIMITS[0]; i++) {
        struct row r = good_row();
        struct office o;
        struct form_errors fe;
        size_t l[OFFICE_CSV_FIELDS];
        for (int k = 0; k < OFFICE_CSV_FIELDS; k++)
            l[k] = strlen(r.f[k]);
        r.f[LIMITS[i].col] = long_text;
        l[LIMITS[i].col] = LIMITS[i].max; /* just fits */
        cr_assert_eq(office_from_fields(r.f, l, &o, &fe), VC_OK, "%s of %zu bytes",
                     OFFICE_CSV_HEADER[LIMITS[i].col], LIMITS[i].max);
        l[LIMITS[i].col] = LIMITS[i].max + 1;
        cr_assert_eq(office_from_fields(r.f, l, &o, &fe), VC_ERR_INVALID);
        cr_assert_str_eq(fe.e[0].msg, LIMITS[i].key);
    }
}

Test(offices, every_refusal_and_column_is_told_in_words)
{
    struct i18n *t = NULL;
    char err[256];
    cr_assert_eq(i18n_load("po", &t, err, sizeof err), VC_OK, "%s", err);
    const char *keys[] = {"error.office.name",
                          "error.office.address",
                          "error.office.city",
                          "error.office.hours",
                          "import.office.header.columns",
                          "import.office.header.unknown",
                          "import.office.header.twice",
                          "import.office.header.missing",
                          "import.office.field_count"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        cr_assert_str_neq(i18n_get(t, "it", keys[i]), keys[i], "no text for %s", keys[i]);
    for (size_t i = 0; i < sizeof REFUSALS / sizeof REFUSALS[0]; i++)
        cr_assert_str_neq(i18n_get(t, "it", REFUSALS[i].key), REFUSALS[i].key, "no text for %s",
                          REFUSALS[i].key);
    for (size_t i = 0; i < OFFICE_CSV_FIELDS; i++) {
        char key[64];
        snprintf(key, sizeof key, "import.office.field.%s", OFFICE_CSV_HEADER[i]);
        cr_assert_str_neq(i18n_get(t, "it", key), key, "no label for %s", key);
    }
    i18n_free(t);
}

/* ---- the store ---- */

static struct office office(const char *code, const char *network, const char *name,
                            const char *city, const char *province)
{
    struct office o;
    memset(&o, 0, sizeof o);
    snprintf(o.code, sizeof o.code, "%s", code);
    snprintf(o.network, sizeof o.network, "%s", network);
    snprintf(o.name, sizeof o.name, "%s", name);
    snprintf(o.address, sizeof o.address, "Via dell'Esempio 1");
    snprintf(o.postcode, sizeof o.postcode, "00100");
    snprintf(o.city, sizeof o.city, "%s", city);
    snprintf(o.province, sizeof o.province, "%s", province);
    snprintf(o.email, sizeof o.email, "%s@demo.invalid", code);
    o.updated_at = w.now;
    return o;
}

static void put(struct office o)
{
    cr_assert_eq(repo_office_upsert(w.store, &o), VC_OK, "%s", o.code);
}

/* Eight offices of four networks (one spelt in another case) in four cities. */
static void directory(void)
{
    put(office("CNA-RM-002", "CNA", "CNA Roma Sud", "Roma", "RM"));
    put(office("CNA-RM-001", "CNA", "CNA Roma Centro", "Roma", "RM"));
    put(office("CNA-MI-001", "CNA", "CNA Milano", "Milano", "MI"));
    put(office("CAF-RM-001", "CAF", "caf Roma", "Roma", "RM"));
    put(office("CAF-FR-001", "Caf", "CAF Cassino", "Cassino", "FR"));
    put(office("CAF-NA-001", "CAF", "CAF Napoli", "Napoli", "NA"));
    put(office("UNAPPA-NA-001", "UNAPPA", "UNAPPA Napoli", "Napoli", "NA"));
    put(office("SCUOLE-RM-001", "Scuole", "Istituto Esempio", "Roma", "RM"));
}

static size_t list(const struct office_filter *f, struct office *out, size_t max)
{
    size_t n = 99;
    cr_assert_eq(repo_offices_list(w.store, f, out, max, &n), VC_OK);
    return n;
}

static void with_network(struct office_filter *f, const char *network)
{
    snprintf(f->networks[f->n_networks], sizeof f->networks[0], "%s", network);
    f->n_networks++;
}

Test(offices, an_upsert_of_a_known_code_updates_the_one_row)
{
    struct office o = office("CNA-RM-001", "CNA", "CNA Roma Centro", "Roma", "RM");
    o.has_position = true;
    o.latitude = 41.9028;
    o.longitude = 12.4964;
    snprintf(o.hours, sizeof o.hours, "lun-ven 9:00-13:00");
    put(o);
    /* every field but the code changes (and the position goes) */
    struct office moved = office("CNA-RM-001", "CNA Lazio", "CNA Tivoli", "Tivoli", "RM");
    snprintf(moved.province, sizeof moved.province, "XX");
    snprintf(moved.address, sizeof moved.address, "Piazza di Prova 2");
    snprintf(moved.postcode, sizeof moved.postcode, "00019");
    snprintf(moved.email, sizeof moved.email, "tivoli@cna.demo.invalid");
    snprintf(moved.phone, sizeof moved.phone, "0774 000 101");
    snprintf(moved.hours, sizeof moved.hours, "mar 9:00-12:00");
    moved.updated_at = w.now + 60;
    put(moved);
    struct office got[4];
    struct office_filter all = {0};
    cr_assert_eq(list(&all, got, 4), 1, "one row per code");
    cr_assert_eq(memcmp(&got[0], &moved, sizeof moved), 0, "not every field was updated");
    cr_assert_not(got[0].has_position, "the position went with the new row");
    struct office one;
    cr_assert_eq(repo_office_by_code(w.store, "CNA-RM-001", &one), VC_OK);
    cr_assert_str_eq(one.name, "CNA Tivoli");
    cr_assert_eq(repo_office_by_code(w.store, "CNA-RM-999", &one), VC_ERR_NOT_FOUND);
    /* and back: a position comes with an update too */
    o.latitude = 41.95;
    o.longitude = 12.55;
    o.updated_at = w.now + 120;
    put(o);
    cr_assert_eq(repo_office_by_code(w.store, "CNA-RM-001", &one), VC_OK);
    cr_assert_eq(memcmp(&one, &o, sizeof o), 0);
}

Test(offices, an_office_reads_back_as_it_was_written)
{
    struct office o = office("CAF-PA-001", "CAF", "CAF Palermo", "Palermo", "PA");
    o.has_position = true;
    o.latitude = 38.1157;
    o.longitude = -13.3615123456; /* the sign and every decimal kept */
    snprintf(o.phone, sizeof o.phone, "+39 091 000 0201");
    snprintf(o.hours, sizeof o.hours, "lun-ven 9:00-13:00; gio anche 15:00-17:00");
    put(o);
    struct office got;
    cr_assert_eq(repo_office_by_code(w.store, "CAF-PA-001", &got), VC_OK);
    cr_assert_eq(memcmp(&got, &o, sizeof o), 0, "a field changed on the way");
}

Test(offices, the_list_is_ordered_by_province_city_and_name_and_bounded)
{
    directory();
    struct office got[8];
    struct office_filter all = {0};
    cr_assert_eq(list(&all, got, 8), 8);
    const char *order[] = {"CAF-FR-001", "CNA-MI-001", "CAF-NA-001", "UNAPPA-NA-001",
                           "CAF-RM-001", "CNA-RM-001", "CNA-RM-002", "SCUOLE-RM-001"};
    for (size_t i = 0; i < 8; i++)
        cr_assert_str_eq(got[i].code, order[i], "place %zu", i);
    cr_assert_eq(list(&all, got, 3), 3);
    cr_assert_str_eq(got[2].code, "CAF-NA-001");
    cr_assert_eq(list(&all, got, 0), 0);
}

Test(offices, the_list_keeps_the_networks_of_the_set_whatever_their_case)
{
    directory();
    struct office got[8];
    struct office_filter f = {0};
    with_network(&f, "caf");
    cr_assert_eq(list(&f, got, 8), 3, "CAF and Caf are one network");
    cr_assert_str_eq(got[0].code, "CAF-FR-001");
    cr_assert_str_eq(got[1].code, "CAF-NA-001");
    cr_assert_str_eq(got[2].code, "CAF-RM-001");
    with_network(&f, "UNAPPA");
    with_network(&f, "Poste"); /* no office: selects nothing more */
    cr_assert_eq(list(&f, got, 8), 4);
    cr_assert_str_eq(got[2].code, "UNAPPA-NA-001");
    struct office_filter none = {.n_networks = 1};
    snprintf(none.networks[0], sizeof none.networks[0], "Poste");
    cr_assert_eq(list(&none, got, 8), 0);
}

Test(offices, the_list_keeps_a_province_and_a_city_whatever_their_case)
{
    directory();
    struct office got[8];
    struct office_filter f = {0};
    snprintf(f.province, sizeof f.province, "rm");
    cr_assert_eq(list(&f, got, 8), 4);
    for (size_t i = 0; i < 4; i++)
        cr_assert_str_eq(got[i].province, "RM");
    struct office_filter c = {0};
    snprintf(c.city, sizeof c.city, "NAPOLI");
    cr_assert_eq(list(&c, got, 8), 2);
    cr_assert_str_eq(got[0].city, "Napoli");
    /* network set, province and city together */
    struct office_filter all3 = {0};
    with_network(&all3, "cna");
    with_network(&all3, "scuole");
    snprintf(all3.province, sizeof all3.province, "RM");
    snprintf(all3.city, sizeof all3.city, "roma");
    cr_assert_eq(list(&all3, got, 8), 3);
    cr_assert_str_eq(got[0].code, "CNA-RM-001");
    cr_assert_str_eq(got[2].code, "SCUOLE-RM-001");
    snprintf(all3.city, sizeof all3.city, "Milano"); /* Milano is not in RM */
    cr_assert_eq(list(&all3, got, 8), 0);
}

Test(offices, the_list_refuses_more_networks_than_a_filter_holds)
{
    directory();
    struct office got[8];
    struct office_filter f = {0};
    for (size_t i = 0; i < OFFICE_FILTER_NETWORKS_MAX; i++)
        with_network(&f, i == OFFICE_FILTER_NETWORKS_MAX - 1 ? "UNAPPA" : "Poste");
    cr_assert_eq(list(&f, got, 8), 1, "the last slot of the set counts");
    f.n_networks++;
    size_t n = 99;
    cr_assert_eq(repo_offices_list(w.store, &f, got, 8, &n), VC_ERR_INVALID);
    cr_assert_eq(n, 99, "no output on failure");
}

Test(offices, the_networks_are_listed_once_each_in_order)
{
    char nets[8][OFFICE_NETWORK_MAX + 1];
    size_t n = 99;
    cr_assert_eq(repo_office_networks(w.store, nets, 8, &n), VC_OK);
    cr_assert_eq(n, 0);
    directory();
    cr_assert_eq(repo_office_networks(w.store, nets, 8, &n), VC_OK);
    cr_assert_eq(n, 4, "CAF and Caf are one network");
    cr_assert_str_eq(nets[0], "CAF", "%s", nets[0]);
    cr_assert_str_eq(nets[1], "CNA");
    cr_assert_str_eq(nets[2], "Scuole");
    cr_assert_str_eq(nets[3], "UNAPPA");
    cr_assert_eq(repo_office_networks(w.store, nets, 2, &n), VC_OK);
    cr_assert_eq(n, 2);
}

/* ---- varco offices import ---- */

/* A cli_ctx on the test world's store, out of its open transaction (the
 * import makes its own), English refusals. */
static void cli_on_world(struct cli_ctx *c)
{
    store_rollback(w.store);
    memset(c, 0, sizeof *c);
    c->cfg = w.cfg;
    c->core = w.core;
    c->store = w.store;
    setenv("LC_ALL", "C", 1);
}

static void write_file(char *path, size_t size, const char *text)
{
    snprintf(path, size, "/tmp/varco-offices-%d.csv", (int)getpid());
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

/* Imports text; returns what the command returns, the report in *report
 * (the caller frees it). */
static long import(const char *text, long *imported, char **report)
{
    struct cli_ctx c;
    cli_on_world(&c);
    char path[128];
    write_file(path, sizeof path, text);
    size_t len = 0;
    FILE *err = open_memstream(report, &len);
    cr_assert_not_null(err);
    long bad = cli_import_offices(&c, path, err, imported);
    fclose(err);
    unlink(path);
    return bad;
}

static const char *FILE_WITH_BAD_LINES =
    "\xEF\xBB\xBF"
    "email,code,name,network,address,postcode,city,province,latitude,longitude\n"
    "roma@cna.demo.invalid,CNA-RM-001,CNA Roma,CNA,Via dell'Esempio 10,00185,Roma,RM,41.9,12.5\n"
    "napoli@caf.demo.invalid,CAF-NA-001,CAF Napoli,CAF,Via di Prova 2,8013,Napoli,NA,,\n"
    "\n"
    "bari@caf.demo.invalid,CAF-BA-001,\"CAF Bari, Murat\",CAF,Via di Prova 3,70121,Bari,BA,,\n"
    "torino@cna.demo.invalid,CNA-TO-001,CNA Torino,CNA,Corso di Prova 1,10121,Torino,TO,45.07\n"
    "milano@cna.demo.invalid,CNA-MI-001,CNA Milano,CNA,Via di Prova 4,20121,Milano,MI,45.4,"
    "\"9,19\"\n";

Test(offices, the_import_keeps_the_good_lines_and_tells_the_bad_ones_by_line)
{
    long imported = -1;
    char *report = NULL;
    long bad = import(FILE_WITH_BAD_LINES, &imported, &report);
    cr_assert_eq(bad, 3, "%s", report);
    cr_assert_eq(imported, 2);
    cr_assert(strstr(report, "line 3: postcode (CAP) \"8013\": must have 5 digits.") != NULL, "%s",
              report);
    cr_assert(strstr(report, "line 6: the number of columns is not the header's.") != NULL, "%s",
              report);
    cr_assert(strstr(report, "line 7: longitude \"9,19\": must be decimal degrees") != NULL, "%s",
              report);
    cr_assert_null(strstr(report, "line 5"), "%s", report);
    free(report);
    struct office o;
    cr_assert_eq(repo_office_by_code(w.store, "CAF-BA-001", &o), VC_OK);
    cr_assert_str_eq(o.name, "CAF Bari, Murat");
    cr_assert_not(o.has_position);
    cr_assert_eq(repo_office_by_code(w.store, "CNA-RM-001", &o), VC_OK);
    cr_assert(o.has_position);
    cr_assert_eq(repo_office_by_code(w.store, "CAF-NA-001", &o), VC_ERR_NOT_FOUND);
    /* one audit event for the import, with the counts */
    struct audit_event ev;
    cr_assert_eq(repo_audit_last(w.store, &ev), VC_OK);
    cr_assert_str_eq(ev.action, "office.import");
    cr_assert(strstr(ev.detail, "2 imported, 3 refused") != NULL, "%s", ev.detail);
}

Test(offices, the_same_file_imported_twice_leaves_the_same_directory)
{
    long imported = 0;
    char *report = NULL;
    cr_assert_eq(import(FILE_WITH_BAD_LINES, &imported, &report), 3);
    free(report);
    struct audit_event first;
    cr_assert_eq(repo_audit_last(w.store, &first), VC_OK);
    cr_assert_eq(import(FILE_WITH_BAD_LINES, &imported, &report), 3);
    free(report);
    cr_assert_eq(imported, 2);
    struct office got[8];
    struct office_filter all = {0};
    cr_assert_eq(list(&all, got, 8), 2);
    struct audit_event second;
    cr_assert_eq(repo_audit_last(w.store, &second), VC_OK);
    cr_assert_eq(second.seq, first.seq + 1, "one event per import");
}

Test(offices, the_import_refuses_a_header_it_cannot_trust)
{
    static const struct {
        const char *header;
        const char *says;
    } HEADERS[] = {
        {"code,network,name,address,postcode,city,province,lat,lon,email\n",
         "line 1: unknown column: \"lat\""},
        {"code,network,name,address,postcode,city,province,email,code\n",
         "line 1: column given twice: \"code\""},
        {"code,network,name,address,city,province\n",
         "line 1: required columns missing: postcode, email"},
    };
    for (size_t i = 0; i < sizeof HEADERS / sizeof HEADERS[0]; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "%sCNA-RM-001,CNA,CNA Roma,Via di Prova 1,00185,Roma,RM,,,roma@demo.invalid\n",
                 HEADERS[i].header);
        long imported = -1;
        char *report = NULL;
        cr_assert_eq(import(text, &imported, &report), -1, "%s", HEADERS[i].header);
        cr_assert(strstr(report, HEADERS[i].says) != NULL, "%s", report);
        cr_assert(strstr(report, "are: code, network,") != NULL, "%s", report);
        free(report);
        cr_assert_eq(imported, 0);
        struct office o;
        cr_assert_eq(repo_office_by_code(w.store, "CNA-RM-001", &o), VC_ERR_NOT_FOUND);
    }
}

Test(offices, the_demo_directory_imports_without_a_refusal)
{
    long imported = 0;
    char *report = NULL;
    struct cli_ctx c;
    cli_on_world(&c);
    size_t len = 0;
    FILE *err = open_memstream(&report, &len);
    cr_assert_eq(cli_import_offices(&c, "demo/offices.csv", err, &imported), 0);
    fclose(err);
    cr_assert_eq(len, 0, "%s", report);
    free(report);
    cr_assert_geq(imported, 15);
    char nets[8][OFFICE_NETWORK_MAX + 1];
    size_t n = 0;
    cr_assert_eq(repo_office_networks(w.store, nets, 8, &n), VC_OK);
    cr_assert_geq(n, 3);
    struct office got[64];
    struct office_filter all = {0};
    size_t total = list(&all, got, 64), provinces = 0;
    for (size_t i = 0; i < total; i++)
        provinces += i == 0 || strcmp(got[i].province, got[i - 1].province) != 0;
    cr_assert_geq(provinces, 5, "several cities");
    cr_assert_eq(total, (size_t)imported);
}

/* ---- the search people make (offices_search) ---- */

Test(offices, the_search_takes_what_people_type)
{
    directory();
    static struct office out[16];
    size_t n = 0;
    struct form_errors fe;
    struct office_search q = {
        .networks = {" cna "}, .n_networks = 1, .province = "rm ", .city = ""};
    cr_assert_eq(offices_search(&w.env, &q, out, 16, &n, &fe), VC_OK);
    cr_assert_eq(n, 2, "CNA in Roma: %zu", n);
    for (size_t i = 0; i < n; i++)
        cr_assert_str_eq(out[i].network, "CNA");
    q = (struct office_search){.networks = {""}, .n_networks = 1, .province = "", .city = ""};
    cr_assert_eq(offices_search(&w.env, &q, out, 16, &n, &fe), VC_OK);
    cr_assert_eq(n, 0, "only empty networks ticked: nothing, not everything");
    q = (struct office_search){.province = "", .city = " milano"};
    cr_assert_eq(offices_search(&w.env, &q, out, 16, &n, &fe), VC_OK);
    cr_assert_eq(n, 1);
}

Test(offices, the_search_refuses_a_province_that_is_not_two_letters)
{
    directory();
    static struct office out[16];
    size_t n = 9;
    struct form_errors fe;
    const char *bad[] = {"Roma", "R", "R1", "1M"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct office_search q = {.province = bad[i], .city = ""};
        cr_assert_eq(offices_search(&w.env, &q, out, 16, &n, &fe), VC_ERR_INVALID, "%s", bad[i]);
        cr_assert_str_eq(form_errors_get(&fe, "provincia"), "error.office.search_province");
        cr_assert_eq(n, 0);
    }
    struct office_search many = {.n_networks = OFFICE_FILTER_NETWORKS_MAX + 1};
    for (size_t i = 0; i < many.n_networks; i++)
        many.networks[i] = "CNA";
    cr_assert_eq(offices_search(&w.env, &many, out, 16, &n, &fe), VC_ERR_INVALID);
    cr_assert_str_eq(form_errors_get(&fe, "rete"), "error.office.search_networks");
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* core/places.c: the parser on small hand-made inputs (every refusal names
 * its line) and the lookups on the real list (data/places.tsv). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/places.h"
#include "tests/support/places_file.h"

#define HDR "code\tprovince\tvalid_from\tvalid_to\tname\n"

static enum vc_status parse(const char *s, struct places **out, char *err, size_t err_len)
{
    return places_parse(s, strlen(s), out, err, err_len);
}

/* Parses s, expects a refusal whose message contains want. */
static void refused(const char *s, const char *want)
{
    struct places *p = NULL;
    char err[256] = "";
    cr_assert_eq(parse(s, &p, err, sizeof err), VC_ERR_INVALID, "accepted: %s", s);
    cr_assert_null(p);
    cr_assert(strstr(err, want) != NULL, "error \"%s\" lacks \"%s\"", err, want);
}

Test(places_parse, small_list_and_source)
{
    const char *s =
        "# made by hand\n# for this test\r\n" HDR "H501\tRM\t1884-09-11\t9999-12-31\tRoma\r\n"
        "Z110\tEE\t1861-01-01\t9999-12-31\tFrancia\n"
        "\n"
        "A726\tBO\t1861-03-17\t2014-01-01\tBazzano";
    struct places *p = NULL;
    char err[128];
    cr_assert_eq(parse(s, &p, err, sizeof err), VC_OK, "%s", err);
    cr_assert_eq(places_count(p), 3);
    cr_assert_str_eq(places_source(p), "made by hand for this test");
    const struct place *pl = places_find_code(p, "h501", "2000-01-01");
    cr_assert_not_null(pl);
    cr_assert_str_eq(pl->name, "Roma");
    cr_assert_str_eq(pl->province, "RM");
    cr_assert_not(place_is_foreign(pl));
    pl = places_find_code(p, "Z110", NULL);
    cr_assert(place_is_foreign(pl));
    cr_assert_str_eq(pl->province, PLACES_FOREIGN);
    cr_assert_str_eq(places_find_code(p, "A726", NULL)->name, "Bazzano"); /* no final newline */
    places_free(p);
    places_free(NULL);
    /* a source with control characters or broken UTF-8 is cleaned */
    const char *t = "# bad\x1b[2J \xc3(\n" HDR "H501\tRM\t1884-09-11\t9999-12-31\tRoma\n";
    cr_assert_eq(parse(t, &p, err, sizeof err), VC_OK, "%s", err);
    cr_assert_str_eq(places_source(p), "bad?[2J ?(");
    places_free(p);
}

Test(places_parse, refusals_name_the_line)
{
    refused("", "no header line");
    refused("# only a comment\n", "no header line");
    refused(HDR, "no places");
    refused("code,province\n", "line 1: expected the header line");
    refused("# c\n" HDR "H501\tRM\t1884-09-11\t9999-12-31\n", "line 3: 4 fields, expected 5");
    refused(HDR "H501\tRM\t1884-09-11\t9999-12-31\tRoma\tx\n", "line 2: more than 5 fields");
    refused(HDR "H501\tRM\t1884-09-11\t9999-12-31\tRoma\n"
                "h50\tRM\t1884-09-11\t9999-12-31\tRoma\n",
            "line 3: bad code \"h50\"");
    refused(HDR "H501\tRoma\t1884-09-11\t9999-12-31\tRoma\n", "line 2: bad province \"Roma\"");
    refused(HDR "Z110\tFR\t1861-01-01\t9999-12-31\tFrancia\n",
            "line 2: code Z110 with province FR");
    refused(HDR "H501\tEE\t1861-01-01\t9999-12-31\tRoma\n", "line 2: code H501 with province EE");
    refused(HDR "A726\tBO\t2014-02-30\t9999-12-31\tBazzano\n",
            "line 2: bad valid_from \"2014-02-30\"");
    refused(HDR "A726\tBO\t1861-03-17\t2014-1-1\tBazzano\n", "line 2: bad valid_to \"2014-1-1\"");
    refused(HDR "A726\tBO\t2014-01-02\t2014-01-01\tBazzano\n", "line 2: valid_from after valid_to");
    refused(HDR "A726\tBO\t1861-03-17\t2014-01-01\t\n", "line 2: name empty");
    refused(HDR "A726\tBO\t1861-03-17\t2014-01-01\tBaz\xc3zano\n",
            "line 2: name is not clean UTF-8");
    refused(HDR "A726\tBO\t1861-03-17\t2014-01-01\t\x1b[31m\n", "line 2: name is not clean UTF-8");
    refused(HDR "A726\tBO\t1861-03-17\t2014-01-01\t-'.\n", "line 2: name \"-'.\" has no Latin");
    refused(HDR "A726\tBO\t1861-03-17\t2014-01-01\tБаццано\n", "has no Latin letters");
    /* one code valid twice at once, reported on the later line */
    refused(HDR "A726\tBO\t1861-03-17\t2014-01-01\tBazzano\n"
                "H501\tRM\t1884-09-11\t9999-12-31\tRoma\n"
                "A726\tBO\t2000-01-01\t9999-12-31\tBazzano Nuova\n",
            "line 4: code A726 valid at the same time as on line 2");
}

Test(places_parse, nul_and_long_lines)
{
    char s[] = HDR "A726\tBO\t1861-03-17\t2014-01-01\tBazzano\n";
    char *nul = strstr(s, "Bazzano");
    nul[3] = '\0';
    struct places *p = NULL;
    char err[128];
    cr_assert_eq(places_parse(s, sizeof s - 1, &p, err, sizeof err), VC_ERR_INVALID);
    cr_assert_str_eq(err, "line 2: NUL byte");

    char long_line[PLACES_LINE_MAX + 200];
    int n = snprintf(long_line, sizeof long_line, HDR "A726\tBO\t1861-03-17\t2014-01-01\t");
    memset(long_line + n, 'a', sizeof long_line - (size_t)n - 2);
    long_line[sizeof long_line - 2] = '\n';
    long_line[sizeof long_line - 1] = '\0';
    refused(long_line, "line 2: longer than 512 bytes");

    /* a name of PLACE_NAME_MAX + 1 bytes on a line that fits */
    char big_name[PLACES_LINE_MAX];
    n = snprintf(big_name, sizeof big_name, HDR "A726\tBO\t1861-03-17\t2014-01-01\t");
    memset(big_name + n, 'a', PLACE_NAME_MAX + 1);
    big_name[n + PLACE_NAME_MAX + 1] = '\0';
    refused(big_name, "longer than 128 bytes");
    /* and an error buffer of any size is safe */
    cr_assert_eq(places_parse(s, sizeof s - 1, &p, err, 5), VC_ERR_INVALID);
    cr_assert_str_eq(err, "line");
    cr_assert_eq(places_parse(s, sizeof s - 1, &p, NULL, 0), VC_ERR_INVALID);
}

Test(places_parse, at_most_places_max_entries)
{
    size_t cap = strlen(HDR) + (size_t)(PLACES_MAX + 1) * 40 + 1;
    char *s = malloc(cap);
    size_t n = (size_t)snprintf(s, cap, HDR);
    for (int i = 0; i <= PLACES_MAX; i++) /* A000..A999, each for one year after another */
        n += (size_t)snprintf(s + n, cap - n, "A%03d\tRM\t%d-01-01\t%d-12-31\tX\n", i % 1000,
                              1900 + i / 1000, 1900 + i / 1000);
    char err[128];
    struct places *p = NULL;
    cr_assert_eq(places_parse(s, n, &p, err, sizeof err), VC_ERR_INVALID);
    cr_assert(strstr(err, "more than 30000 places") != NULL, "%s", err);
    cr_assert(strstr(err, "line 30002:") != NULL, "%s", err);
    /* one line fewer is fine */
    size_t last = n - 1;
    while (s[last - 1] != '\n')
        last--;
    cr_assert_eq(places_parse(s, last, &p, err, sizeof err), VC_OK, "%s", err);
    cr_assert_eq(places_count(p), PLACES_MAX);
    places_free(p);
    free(s);
    cr_assert_eq(places_parse("x", PLACES_FILE_MAX + 1, &p, err, sizeof err), VC_ERR_INVALID);
    cr_assert(strstr(err, "file larger than") != NULL);
}

Test(places_date, calendar)
{
    int d;
    cr_assert(places_date_parse("2024-02-29", 10, &d));
    cr_assert_eq(d, 20240229);
    cr_assert_not(places_date_parse("2023-02-29", 10, &d));
    cr_assert_not(places_date_parse("1900-02-29", 10, &d));
    cr_assert(places_date_parse("2000-02-29", 10, &d));
    cr_assert_not(places_date_parse("2000-04-31", 10, &d));
    cr_assert_not(places_date_parse("2000-13-01", 10, &d));
    cr_assert_not(places_date_parse("1799-12-31", 10, &d));
    cr_assert_not(places_date_parse("2000-01-01x", 11, &d));
    cr_assert_not(places_date_parse("2000/01/01", 10, &d));
}

/* The real list: its size, where it came from, and the entries the codice
 * fiscale checks depend on. */
Test(places_real, source_and_size)
{
    struct places *p = test_places_load();
    cr_assert_geq(places_count(p), 9000);
    cr_assert_leq(places_count(p), PLACES_MAX);
    cr_assert(strstr(places_source(p), "belfiore-connector-embedded") != NULL, "%s",
              places_source(p));
    places_free(p);
}

Test(places_real, merged_comune_keeps_its_old_code_by_date)
{
    struct places *p = test_places_load();
    /* Bazzano (BO) merged into Valsamoggia on 1 January 2014 */
    const struct place *old = places_find_code(p, "A726", "1980-05-15");
    cr_assert_not_null(old);
    cr_assert_str_eq(old->name, "Bazzano");
    cr_assert_str_eq(old->province, "BO");
    cr_assert_null(places_find_code(p, "A726", "2015-01-01"));
    cr_assert_null(places_find_code(p, "M320", "1980-05-15"));
    cr_assert_str_eq(places_find_code(p, "M320", "2015-01-01")->name, "Valsamoggia");
    /* without a date: the last period of the code */
    cr_assert_str_eq(places_find_code(p, "A726", NULL)->valid_from, "1861-03-17");
    /* a 2019 merger: Barberino Val d'Elsa into Barberino Tavarnelle */
    cr_assert_not_null(places_find_code(p, "A633", "1990-06-01"));
    cr_assert_null(places_find_code(p, "M408", "1990-06-01"));
    cr_assert_not_null(places_find_code(p, "M408", "2019-06-01"));
    /* foreign states too: Yugoslavia until 2004 */
    cr_assert_not_null(places_find_code(p, "Z118", "1985-10-10"));
    cr_assert_null(places_find_code(p, "Z118", "2010-01-01"));
    cr_assert_null(places_find_code(p, "Q999", NULL));
    cr_assert_null(places_find_code(p, "H501", "1980-02-30"));
    places_free(p);
}

static size_t by_name(const struct places *p, const char *name, const char *prov, const char *date,
                      const struct place **out)
{
    return places_find_name(p, name, strlen(name), prov, date, out, 4);
}

Test(places_real, names_ignore_case_accents_and_separators)
{
    struct places *p = test_places_load();
    const struct place *r[4];
    const char *forli[] = {"Forlì", "forli", "FORLI'", "FORLÌ", "  Forli  "};
    for (size_t i = 0; i < sizeof forli / sizeof forli[0]; i++) {
        cr_assert_eq(by_name(p, forli[i], "FC", "1975-03-12", r), 1, "%s", forli[i]);
        cr_assert_str_eq(r[0]->code, "D704");
    }
    cr_assert_eq(by_name(p, "reggio nell emilia", "RE", "1969-11-30", r), 1);
    cr_assert_str_eq(r[0]->code, "H223");
    cr_assert_eq(by_name(p, "Reggio nell’Emilia", NULL, NULL, r), 1);
    /* words are not dropped: these are other spellings, not the same name */
    cr_assert_eq(by_name(p, "reggio emilia", "RE", NULL, r), 0);
    cr_assert_eq(by_name(p, "S. Angelo Lodigiano", "LO", NULL, r), 0);
    cr_assert_eq(by_name(p, "Sant Angelo Lodigiano", "LO", NULL, r), 1);
    cr_assert_eq(by_name(p, "corigliano rossano", "CS", "2020-01-01", r), 1);
    cr_assert_str_eq(r[0]->name, "Corigliano-Rossano");
    /* accents repaired at build time (the package has "CittÃ  della Pieve") */
    cr_assert_eq(by_name(p, "Città della Pieve", "PG", NULL, r), 1);
    cr_assert_str_eq(r[0]->name, "Città della Pieve");
    /* foreign states under EE */
    cr_assert_eq(by_name(p, "stati uniti d'america", PLACES_FOREIGN, "1976-07-04", r), 1);
    cr_assert_str_eq(r[0]->code, "Z404");
    cr_assert_eq(by_name(p, "Cina", "EE", NULL, r), 1);
    cr_assert_str_eq(r[0]->code, "Z210");
    cr_assert_eq(by_name(p, "Cina", "RM", NULL, r), 0);
    cr_assert_eq(by_name(p, "Roma", NULL, NULL, r), 1);
    cr_assert_eq(by_name(p, "Roma", "RM", "1980-02-30", r), 0); /* a date that is not one */
    cr_assert_eq(by_name(p, "", NULL, NULL, r), 0);
    cr_assert_eq(by_name(p, "Ρώμη", NULL, NULL, r), 0);
    places_free(p);
}

Test(places_real, names_by_date)
{
    struct places *p = test_places_load();
    const struct place *r[4];
    cr_assert_eq(by_name(p, "Bazzano", "BO", "1980-05-15", r), 1);
    cr_assert_str_eq(r[0]->code, "A726");
    cr_assert_eq(by_name(p, "Bazzano", "BO", "2015-01-01", r), 0);
    cr_assert_eq(by_name(p, "Valsamoggia", "BO", "1980-05-15", r), 0);
    /* Bellagio got a new code on 4 February 2014; the list gives the old one
     * until that day inclusive, so on that day both match and the caller
     * must ask */
    cr_assert_eq(by_name(p, "Bellagio", "CO", "2000-01-01", r), 1);
    cr_assert_str_eq(r[0]->code, "A744");
    cr_assert_eq(by_name(p, "Bellagio", "CO", "2020-01-01", r), 1);
    cr_assert_str_eq(r[0]->code, "M335");
    cr_assert_eq(by_name(p, "Bellagio", "CO", "2014-02-04", r), 2);
    cr_assert_str_eq(r[0]->code, "A744");
    cr_assert_str_eq(r[1]->code, "M335");
    cr_assert_eq(places_find_name(p, "Bellagio", 8, "CO", NULL, r, 1), 2); /* counts past max */
    places_free(p);
}

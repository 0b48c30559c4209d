/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The list of Italian comuni and foreign states with their cadastral
 * (Belfiore) codes and the dates each code was valid, as the codice fiscale
 * check needs it (core/cf_person.h): a person born in a comune since merged
 * keeps its old code, so every lookup takes the date of birth.
 *
 * Pure: places_parse() reads the bytes of data/places.tsv that the caller has
 * read (scripts/build-data writes the file from an npm package at install
 * time); nothing here opens files. The parsed list is immutable, so one
 * struct places may be shared by every thread without a lock.
 *
 * File format (UTF-8, LF or CRLF line ends):
 *   # comment lines first: where the list came from (places_source)
 *   code<TAB>province<TAB>valid_from<TAB>valid_to<TAB>name     (this header line, exactly)
 *   H501<TAB>RM<TAB>1884-09-11<TAB>9999-12-31<TAB>Roma
 *   Z110<TAB>EE<TAB>1861-01-01<TAB>9999-12-31<TAB>Francia
 * Dates are inclusive; 9999-12-31 means still valid; a code starting with Z
 * is a foreign state and has province EE (and only those). Periods of one
 * code must not overlap.
 *
 * Memory: 88 bytes per entry (the entry and its place in the name index)
 * plus each name twice (as written and folded), so about 1.1 MB for the
 * 10,063 entries of the list shipped today. */
#ifndef VARCO_CORE_PLACES_H
#define VARCO_CORE_PLACES_H

#include <stdbool.h>
#include <stddef.h>

#include "util/status.h"

#define PLACES_FILE_MAX (4u << 20) /* bytes: the generated file is ~420 KB; ten times room */
#define PLACES_MAX 30000           /* entries: ~10,100 today (every comune since 1861) */
#define PLACES_LINE_MAX 512        /* bytes per line, comments included; the longest is ~160 */
#define PLACE_NAME_MAX 128         /* bytes of UTF-8 in a name; the longest is 47 characters */
#define PLACES_FOREIGN "EE"        /* the province of every foreign state (ANPR's convention) */

struct places;

/* One entry: a code valid for one place over one period. */
struct place {
    char code[5];        /* a letter and three digits: "H501"; "Z..." for a foreign state */
    char province[3];    /* sigla: "RM"; PLACES_FOREIGN for a foreign state */
    char valid_from[11]; /* YYYY-MM-DD: first day the code was valid for this place */
    char valid_to[11];   /* YYYY-MM-DD: last day, inclusive; "9999-12-31" while valid */
    const char *name;    /* UTF-8 as in the list ("Forlì", "Stati Uniti d'America");
                            owned by the struct places */
};

/* Parses len bytes of data (no NUL needed; a NUL inside is an error) into a
 * new list. At most PLACES_FILE_MAX bytes, PLACES_LINE_MAX per line,
 * PLACES_MAX entries, exactly five fields per line.
 *   out: OUT, the list, freed with places_free; written only on VC_OK
 *   err: OUT, on VC_ERR_INVALID a message naming the line ("line 12: bad
 *        valid_to \"2014-02-30\""); may be NULL when err_len is 0
 * Returns VC_OK or VC_ERR_INVALID. Thread-safe. */
enum vc_status places_parse(const char *data, size_t len, struct places **out, char *err,
                            size_t err_len);

/* Frees the list; places_free(NULL) is a no-op. Every struct place and name
 * pointer obtained from it becomes invalid. */
void places_free(struct places *p);

/* Number of entries. */
size_t places_count(const struct places *p);

/* The entry at index i (0 <= i < places_count), in the order of codes and
 * then start dates; for listing the whole list. Borrowed from p. */
const struct place *places_at(const struct places *p, size_t i);

/* The comment lines at the top of the file joined by spaces (where the list
 * came from and under which licence), "" if none. Borrowed from p. */
const char *places_source(const struct places *p);

/* The entry with code valid on date ("YYYY-MM-DD"), or NULL if the code is
 * unknown, malformed or not valid on that date. code is matched in upper
 * case ("h501" finds H501). With date NULL, the entry of the code valid
 * last (the current one if any). Borrowed from p. */
const struct place *places_find_code(const struct places *p, const char *code, const char *date);

/* The entries whose name matches name (name_len bytes of UTF-8) and, unless
 * NULL, whose province is province ("RM", or PLACES_FOREIGN for foreign
 * states) and that are valid on date (YYYY-MM-DD). Up to max entries go to
 * out (ordered by code); returns how many matched in all, so a result larger
 * than max or than 1 tells the caller to ask which one. Usually 1: the same
 * name in one province on one day is rare (Bellagio, CO, on the day in 2014
 * when its old code ended and its new one began).
 * Matching ignores case, accents and the separators ' ’ - . and spaces, and
 * nothing else: "forli'", "FORLÌ" and "Forli" find Forlì; "reggio nell emilia"
 * finds Reggio nell'Emilia, but "reggio emilia" does not (dropping words would
 * confuse places), nor does "S. Angelo" find Sant'Angelo. */
size_t places_find_name(const struct places *p, const char *name, size_t name_len,
                        const char *province, const char *date, const struct place **out,
                        size_t max);

/* True if the entry is a foreign state. */
bool place_is_foreign(const struct place *pl);

/* Parses "YYYY-MM-DD" (exactly 10 bytes, a real calendar day, year 1800..9999)
 * into YYYYMMDD as an int (19800101); false otherwise. */
bool places_date_parse(const char *s, size_t len, int *out);

#endif

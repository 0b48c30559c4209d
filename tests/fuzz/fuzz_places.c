/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* libFuzzer driver: places_parse over the input; on success every entry is
 * looked up again by its code and dates and by its name, and a codice fiscale
 * check runs against the list. Properties: a refusal always has a message,
 * success never does; every entry found is well formed and is found again. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/cf_person.h"
#include "core/places.h"

/* Room for a few hundred lines; larger inputs only slow the fuzzer down (the
 * limits on lines and counts are unit-tested). */
#define FUZZ_MAX (64 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_entry(const struct places *p, const struct place *pl)
{
    if (strlen(pl->code) != 4 || strlen(pl->province) != 2 || strlen(pl->valid_from) != 10 ||
        strlen(pl->valid_to) != 10 || pl->name == NULL || pl->name[0] == '\0' ||
        strlen(pl->name) > PLACE_NAME_MAX)
        abort();
    if (place_is_foreign(pl) != (strcmp(pl->province, PLACES_FOREIGN) == 0))
        abort();
    if (places_find_code(p, pl->code, pl->valid_from) != pl ||
        places_find_code(p, pl->code, pl->valid_to) != pl)
        abort();
    const struct place *found[4];
    size_t n =
        places_find_name(p, pl->name, strlen(pl->name), pl->province, pl->valid_from, found, 4);
    bool seen = false;
    for (size_t i = 0; i < n && i < 4; i++)
        seen = seen || found[i] == pl;
    if (n == 0 || (n <= 4 && !seen))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX)
        return 0;
    struct places *p = NULL;
    char err[160];
    err[0] = 'x';
    enum vc_status st = places_parse((const char *)data, size, &p, err, sizeof err);
    if (st != VC_OK) {
        if (st != VC_ERR_INVALID || p != NULL || err[0] == '\0' || strlen(err) >= sizeof err)
            abort();
        return 0;
    }
    if (p == NULL || strlen(places_source(p)) >= PLACES_LINE_MAX)
        abort();
    size_t n = places_count(p);
    if (n == 0 || places_at(p, n) != NULL)
        abort();
    for (size_t i = 0; i < n; i++) {
        const struct place *pl = places_at(p, i);
        check_entry(p, pl);
        if (i > 0 && strcmp(places_at(p, i - 1)->code, pl->code) > 0)
            abort(); /* not in code order */
    }
    /* a person born in the first place of the list, on its first day */
    const struct place *first = places_at(p, 0);
    struct cf_person person = {"D'Angelo", "Noè", first->valid_from, "F", first->code};
    char cf[CF_LEN + 1];
    if (cf_person_compute(&person, cf) != VC_OK)
        abort();
    struct form_errors fe;
    form_errors_init(&fe);
    if (cf_person_check(p, &person, cf, CF_LEN, &fe) != VC_OK || fe.n != 0)
        abort();
    places_free(p);
    return 0;
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Loads data/places.tsv for the tests (see places_file.h). */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "tests/support/places_file.h"
#include "util/file.h"

struct places *test_places_load(void)
{
    char *buf = NULL;
    size_t len = 0;
    enum vc_status st = file_read_all(TEST_PLACES_PATH, PLACES_FILE_MAX, &buf, &len);
    if (st != VC_OK)
        cr_assert_fail("%s: %s; run scripts/deps (it builds the places list from npm), from the "
                       "repository root",
                       TEST_PLACES_PATH, vc_status_name(st));
    struct places *p = NULL;
    char err[256];
    st = places_parse(buf, len, &p, err, sizeof err);
    free(buf);
    if (st != VC_OK)
        cr_assert_fail("%s does not parse (%s): run scripts/build-data --force", TEST_PLACES_PATH,
                       err);
    return p;
}

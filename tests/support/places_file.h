/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The real places list (data/places.tsv, built by scripts/deps) for unit
 * tests; make test runs them from the repository root. */
#ifndef VARCO_TESTS_PLACES_FILE_H
#define VARCO_TESTS_PLACES_FILE_H

#include "core/places.h"

#define TEST_PLACES_PATH "data/places.tsv"

/* Reads and parses TEST_PLACES_PATH; fails the test with a message saying to
 * run scripts/deps when the file is missing or does not parse. Free with
 * places_free. */
struct places *test_places_load(void);

#endif

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* A test world for core: a fake clock the test moves, a seeded random
 * generator, and a real SQLite store in a temporary file (migrated, inside
 * a write transaction), with the enasarco profile and the demo member
 * Maria Rossi (matricola 100001). */
#ifndef VARCO_TESTS_FAKE_ENV_H
#define VARCO_TESTS_FAKE_ENV_H
#include <stdint.h>

#include "core/env.h"
#include "util/config.h"

struct fake_world {
    int64_t now;
    uint64_t counter;
    struct config cfg;
    struct core_config core;
    struct store *store;
    char path[256];
    struct vc_env env;
};

/* Sets everything up; aborts the test (cr_assert) on failure. */
void fake_world_open(struct fake_world *w);
void fake_world_close(struct fake_world *w);
/* The world runs the built-in profile of that name from now on. */
void fake_world_profile(struct fake_world *w, const char *name);
/* Registers maria.rossi@example.org (password "Segreta2024"); returns the account id. */
int64_t fake_world_register(struct fake_world *w);
/* Giulia Esposito's registration with personal data (her codice fiscale
 * agrees with them), in Italian, privacy accepted; no password, no mobile:
 * the test adds what its journey asks. */
struct register_form;
void fake_world_giulia(struct register_form *f);
/* Opens a fresh confirmation link of the account: its address is proven. */
void fake_world_confirm_email(struct fake_world *w, int64_t account_id);
#endif

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The SQLite migrations, embedded at build time from migrations/NNN_name.sql
 * by scripts/embed-migrations (generated file build/<variant>/gen/sqlite_migrations.c). */
#ifndef VARCO_STORE_SQLITE_MIGRATIONS_H
#define VARCO_STORE_SQLITE_MIGRATIONS_H

#include <stddef.h>

struct store_migration {
    const char *name; /* "001_init" */
    const char *sql;
};

extern const struct store_migration sqlite_migrations[];
extern const size_t sqlite_migrations_n;

#endif

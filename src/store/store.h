/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Opening a store and its transactions. A struct store is ONE connection:
 * not thread-safe, one per thread (web/app.c hands each HTTP thread its own).
 * The backend is chosen by URL scheme: "sqlite:PATH" (embedded default) and,
 * later, "postgres://...". The row operations are declared in core/repo.h.
 *
 * store.c is the front: it owns the struct, picks the backend's ops table,
 * and times every operation (slow ones are logged). Backends live in their
 * own folder (sqlite/) and export only their ops table. */
#ifndef VARCO_STORE_STORE_H
#define VARCO_STORE_STORE_H

#include <stdbool.h>

#include "core/repo.h"
#include "util/status.h"

struct store;

/* Opens a connection. For sqlite: WAL, foreign keys on, busy timeout, creates
 * the file if missing. Does not migrate. */
enum vc_status store_open(const char *url, struct store **out);
void store_close(struct store *s); /* NULL is a no-op */

/* Applies the backend's pending migrations in order, each in its own
 * transaction; records them in schema_migrations. Idempotent. */
enum vc_status store_migrate(struct store *s);

/* Write transaction (sqlite: BEGIN IMMEDIATE, so writers queue at begin and
 * never deadlock on upgrade). Nested begin is a bug. */
enum vc_status store_begin(struct store *s);
/* Read-only transaction: a consistent snapshot for pages that only read. */
enum vc_status store_begin_read(struct store *s);
enum vc_status store_commit(struct store *s);
void store_rollback(struct store *s); /* no-op outside a transaction */
/* A server's connections leave checkpoints (moving the write-ahead log
 * into the database, with its fsync) to a thread of their own that calls
 * store_checkpoint, so that no commit waits for one (SQLite:
 * wal_autocheckpoint=0 on this connection). Other connections (the CLI,
 * the outbox worker) keep checkpointing as they commit. */
void store_defer_checkpoints(struct store *s);
/* One checkpoint that blocks nobody (SQLite: PASSIVE; it copies what no
 * reader still needs); when it copied the whole log, the log is started
 * again here, so that the sync this takes is not a request's commit's. */
enum vc_status store_checkpoint(struct store *s);
/* True if the last committed transaction changed any row (callers wake the
 * outbox worker only then). */
bool store_last_commit_wrote(struct store *s);

#endif

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* What the files of the SQLite backend share (nothing outside store/sqlite/
 * includes this): the connection, the statement helpers of sqlite.c and the
 * row operations of rows.c, rows_people.c and rows_events.c. */
#ifndef VARCO_STORE_SQLITE_SQ_H
#define VARCO_STORE_SQLITE_SQ_H
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/backend.h"
#include "store/sqlite/readcache.h"

#define STMT_CACHE_MAX 160

struct sq {
    struct store base;
    sqlite3 *db;
    bool in_tx;
    bool read_only;       /* the open transaction is a read transaction: writes refused */
    bool last_wrote;      /* the last committed transaction changed rows */
    int changes_at_begin; /* sqlite3_total_changes() when it began */
    int64_t busy_us;      /* waited for a lock so far (busy_wait) */
    /* the checkpointer's connection (sq_checkpoint): data_version when it
     * last found the log wholly copied */
    bool ckpt_known;
    int64_t ckpt_version;
    /* the read cache (sqlite.c, "Reads served from memory") */
    sqlite3_file *file; /* the database file, for its WAL index; NULL: no cache */
    bool lazy;          /* a read transaction whose BEGIN has not run yet */
    bool cache_on;      /* this read transaction may use and fill the cache */
    bool pinned;        /* its snapshot is known to be at version */
    unsigned char version[READCACHE_VERSION_LEN]; /* the database's, when it began */
    struct readcache *rc;
    size_t n_cached;
    struct {
        const char *sql;
        sqlite3_stmt *st;
    } cache[STMT_CACHE_MAX];
};

static inline struct sq *SQ(struct store *s)
{
    return (struct sq *)s;
}

typedef void (*row_reader)(sqlite3_stmt *st, void *out);

/* Logs the connection's error about what; returns VC_ERR_STORE. */
enum vc_status sq_fail(struct sq *q, const char *what);
/* Runs a cached statement that returns no rows. Bind format: t = text
 * (NULL binds NULL), i = int64_t, n = int, f = double. VC_ERR_CONFLICT on a
 * constraint. */
enum vc_status sq_exec(struct sq *q, const char *sql, const char *fmt, ...);
/* One row into out (size bytes) through rd; VC_ERR_NOT_FOUND when there
 * is none. sq_query_one passes the size of what out points to. */
enum vc_status sq_query_row(struct sq *q, const char *sql, row_reader rd, void *out, size_t size,
                            const char *fmt, ...);
#define sq_query_one(q, sql, rd, out, ...)                                                         \
    sq_query_row((q), (sql), (rd), (out), sizeof *(out), __VA_ARGS__)
/* At most max rows, elem bytes apart; *out_n says how many. */
enum vc_status sq_query_list(struct sq *q, const char *sql, row_reader rd, void *out, size_t elem,
                             size_t max, size_t *out_n, const char *fmt, ...);
/* Column i as text into dst (truncated to size, "" for NULL). */
void sq_col(sqlite3_stmt *st, int i, char *dst, size_t size);
void sq_read_i64(sqlite3_stmt *st, void *out);
#define COL(st, i, field) sq_col(st, i, field, sizeof field)
#define I64(st, i) sqlite3_column_int64(st, i)

/* rows*.c: sq_<op> for every operation of core/repo.h */
#define X(name, params, args) enum vc_status sq_##name params;
REPO_OPS(X)
#undef X
#endif

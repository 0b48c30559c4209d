/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The SQLite backend, connections and transactions (the rows are in
 * rows*.c): one connection per thread, WAL, foreign keys, a busy
 * timeout, BEGIN IMMEDIATE for writers, prepared statements cached per
 * connection (keyed by the address of their static SQL text).
 *
 * A read transaction refuses every statement that would write, before it
 * runs (refuse_write). In WAL mode a deferred transaction that read first
 * cannot take the write lock once another connection has committed: SQLite
 * answers SQLITE_BUSY_SNAPSHOT at once, without the busy timeout, so a write
 * there fails only under concurrency (issue 8, item 15: 500s under load).
 * Refusing every write, always, makes the mistake fail in the first test
 * that reaches it instead of in production.
 *
 * Reads served from memory. A read transaction's queries are answered from
 * the connection's read cache (readcache.h) when the database has not
 * changed since the result was read; one whose queries all hit never runs
 * BEGIN at all (it is lazy: BEGIN runs before its first real statement).
 * "Not changed" is SQLite's own word for it: the header of the WAL index,
 * the shared memory every connection of every process updates as it
 * commits (iChange counts the commits; walformat.html), read through the
 * VFS's xShmMap as SQLite reads it (two copies, a barrier between). A
 * commit anywhere (this process, the CLI, a sqlite3 shell) changes it, so
 * a session ended, an account suspended or a delegation revoked is seen by
 * the next request as without the cache. A result is kept only when the
 * transaction's snapshot is known to be at the version it began with (the
 * header unchanged after the first real read); after a change, the rest of
 * that transaction reads SQLite. So a request reads the database as it was
 * when it began, or, when a commit lands between two of its reads, partly
 * as it is after (as READ COMMITTED would); writes never use the cache. */
#include <inttypes.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/backend.h"
#include "store/sqlite/sq.h"
#include "store/sqlite/migrations.h"
#include "util/log.h"
#include "util/str.h"
#include "util/xalloc.h"

#define BUSY_TIMEOUT_MS 10000
#define WAL_INDEX_REGION 32768 /* the size SQLite maps its WAL index in (walformat.html) */

enum vc_status sq_fail(struct sq *q, const char *what)
{
    log_error("sqlite: %s: %s", what, sqlite3_errmsg(q->db));
    return VC_ERR_STORE;
}

static sqlite3_stmt *prep(struct sq *q, const char *sql)
{
    for (size_t i = 0; i < q->n_cached; i++) {
        if (q->cache[i].sql == sql)
            return q->cache[i].st;
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(q->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        sq_fail(q, sql);
        return NULL;
    }
    if (q->n_cached < STMT_CACHE_MAX) {
        q->cache[q->n_cached].sql = sql;
        q->cache[q->n_cached].st = st;
        q->n_cached++;
    } else {
        log_warn("sqlite: statement cache full");
    }
    return st;
}

/* True (and logged) when st would write inside a read transaction.
 * sqlite3_stmt_readonly() is true for SELECT and for BEGIN, COMMIT and
 * ROLLBACK, false for anything that changes the database. */
static bool refuse_write(struct sq *q, sqlite3_stmt *st)
{
    if (!q->in_tx || !q->read_only || sqlite3_stmt_readonly(st))
        return false;
    log_error("sqlite: a write in a read transaction, refused: %s", sqlite3_sql(st));
    return true;
}

static void release(struct sq *q, sqlite3_stmt *st)
{
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    for (size_t i = 0; i < q->n_cached; i++) {
        if (q->cache[i].st == st)
            return;
    }
    sqlite3_finalize(st);
}

/* Binds by a format: t = text (const char *; NULL binds NULL), i = int64_t,
 * n = int (as integer), f = double. */
static bool vbind(sqlite3_stmt *st, const char *fmt, va_list ap)
{
    for (int i = 1; *fmt; fmt++, i++) {
        int rc;
        switch (*fmt) {
        case 't':
            rc = sqlite3_bind_text(st, i, va_arg(ap, const char *), -1, SQLITE_STATIC);
            break;
        case 'i':
            rc = sqlite3_bind_int64(st, i, va_arg(ap, int64_t));
            break;
        case 'n':
            rc = sqlite3_bind_int(st, i, va_arg(ap, int));
            break;
        case 'f':
            rc = sqlite3_bind_double(st, i, va_arg(ap, double));
            break;
        default:
            return false;
        }
        if (rc != SQLITE_OK)
            return false;
    }
    return true;
}

/* Runs BEGIN, COMMIT or ROLLBACK. */
static enum vc_status run_plain(struct sq *q, const char *sql)
{
    sqlite3_stmt *st = prep(q, sql);
    if (st == NULL)
        return VC_ERR_STORE;
    int rc = sqlite3_step(st);
    release(q, st);
    return rc == SQLITE_DONE ? VC_OK : sq_fail(q, sql);
}

static enum vc_status ensure_begun(struct sq *q);

/* Runs a statement that returns no rows. */
enum vc_status sq_exec(struct sq *q, const char *sql, const char *fmt, ...)
{
    if (ensure_begun(q) != VC_OK)
        return VC_ERR_STORE;
    sqlite3_stmt *st = prep(q, sql);
    if (st == NULL)
        return VC_ERR_STORE;
    if (refuse_write(q, st))
        return VC_ERR_INTERNAL;
    va_list ap;
    va_start(ap, fmt);
    bool ok = vbind(st, fmt, ap);
    va_end(ap);
    enum vc_status res = VC_OK;
    int rc = ok ? sqlite3_step(st) : SQLITE_MISUSE;
    if (rc == SQLITE_CONSTRAINT || (rc & 0xff) == SQLITE_CONSTRAINT)
        res = VC_ERR_CONFLICT;
    else if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        res = sq_fail(q, sql);
    release(q, st);
    return res;
}

/* ---- reads served from memory ---- */

/* The database's version: the first copy of the WAL index header when both
 * copies agree (a writer mid-update: none). False without a WAL index. */
static bool db_version(struct sq *q, unsigned char out[READCACHE_VERSION_LEN])
{
    sqlite3_file *f = q->file;
    if (f == NULL || f->pMethods == NULL || f->pMethods->iVersion < 2 ||
        f->pMethods->xShmMap == NULL)
        return false;
    volatile void *region = NULL;
    if (f->pMethods->xShmMap(f, 0, WAL_INDEX_REGION, 0, &region) != SQLITE_OK || region == NULL)
        return false;
    const volatile unsigned char *hdr = region;
    unsigned char second[READCACHE_VERSION_LEN];
    for (size_t i = 0; i < READCACHE_VERSION_LEN; i++)
        out[i] = hdr[i];
    f->pMethods->xShmBarrier(f);
    for (size_t i = 0; i < READCACHE_VERSION_LEN; i++)
        second[i] = hdr[READCACHE_VERSION_LEN + i];
    uint32_t version;
    memcpy(&version, out, sizeof version);
    /* iVersion 3007000 and isInit set: an index SQLite has written */
    return memcmp(out, second, sizeof second) == 0 && version == 3007000 && out[12] == 1;
}

static bool key_put(unsigned char *key, size_t *n, const void *p, size_t len)
{
    if (*n + len > READCACHE_KEY_MAX)
        return false;
    memcpy(key + *n, p, len);
    *n += len;
    return true;
}

/* What identifies a query's result: the statement, the reader, how many
 * rows of what size, each parameter. 0 when it does not fit the key. */
static size_t query_key(unsigned char key[READCACHE_KEY_MAX], const char *sql, row_reader rd,
                        size_t elem, size_t max, const char *fmt, va_list ap)
{
    size_t n = 0;
    if (!key_put(key, &n, &sql, sizeof sql) || !key_put(key, &n, &rd, sizeof rd) ||
        !key_put(key, &n, &elem, sizeof elem) || !key_put(key, &n, &max, sizeof max))
        return 0;
    for (; *fmt; fmt++) {
        unsigned char type = (unsigned char)*fmt;
        bool ok;
        if (*fmt == 't') {
            const char *t = va_arg(ap, const char *);
            size_t len = t != NULL ? strlen(t) : 0;
            type = t != NULL ? 't' : 'N';
            ok = key_put(key, &n, &type, 1) && key_put(key, &n, &len, sizeof len) &&
                 key_put(key, &n, t != NULL ? t : "", len);
        } else if (*fmt == 'i') {
            int64_t v = va_arg(ap, int64_t);
            ok = key_put(key, &n, &type, 1) && key_put(key, &n, &v, sizeof v);
        } else if (*fmt == 'n') {
            int v = va_arg(ap, int);
            ok = key_put(key, &n, &type, 1) && key_put(key, &n, &v, sizeof v);
        } else if (*fmt == 'f') {
            double v = va_arg(ap, double);
            ok = key_put(key, &n, &type, 1) && key_put(key, &n, &v, sizeof v);
        } else {
            ok = false;
        }
        if (!ok)
            return 0;
    }
    return n;
}

/* A lazy read transaction's BEGIN, before its first real statement. */
static enum vc_status ensure_begun(struct sq *q)
{
    if (!q->lazy)
        return VC_OK;
    q->lazy = false;
    return run_plain(q, "BEGIN");
}

/* After a real read: true when the transaction's snapshot is at the version
 * it began with (the header unchanged since, so no commit in between). */
static bool snapshot_at_version(struct sq *q)
{
    if (q->pinned)
        return true;
    unsigned char now[READCACHE_VERSION_LEN];
    if (!db_version(q, now) || memcmp(now, q->version, sizeof now) != 0) {
        q->cache_on = false;
        return false;
    }
    q->pinned = true;
    return true;
}

/* Runs a query; reads at most max rows into out (elem bytes apart). */
static enum vc_status vquery(struct sq *q, const char *sql, row_reader rd, void *out, size_t elem,
                             size_t max, size_t *out_n, const char *fmt, va_list ap)
{
    unsigned char key[READCACHE_KEY_MAX];
    size_t key_len = 0;
    if (q->in_tx && q->read_only && q->cache_on &&
        (q->rc != NULL || (q->rc = readcache_new()) != NULL)) {
        va_list aq;
        va_copy(aq, ap);
        key_len = query_key(key, sql, rd, elem, max, fmt, aq);
        va_end(aq);
        size_t cap = elem != 0 && max > SIZE_MAX / elem ? SIZE_MAX : elem * max;
        if (key_len > 0 && readcache_get(q->rc, key, key_len, q->version, out, cap, out_n))
            return VC_OK;
    }
    if (ensure_begun(q) != VC_OK)
        return VC_ERR_STORE;
    sqlite3_stmt *st = prep(q, sql);
    if (st == NULL)
        return VC_ERR_STORE;
    if (refuse_write(q, st))
        return VC_ERR_INTERNAL;
    if (!vbind(st, fmt, ap)) {
        release(q, st);
        return sq_fail(q, "bind");
    }
    size_t n = 0;
    int rc;
    while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        rd(st, (char *)out + n * elem);
        n++;
    }
    enum vc_status res = VC_OK;
    if (n < max && rc != SQLITE_DONE)
        res = sq_fail(q, sql);
    release(q, st);
    if (res != VC_OK)
        return res;
    *out_n = n;
    if (key_len > 0 && snapshot_at_version(q))
        readcache_put(q->rc, key, key_len, q->version, out, n * elem, n);
    return VC_OK;
}

enum vc_status sq_query_row(struct sq *q, const char *sql, row_reader rd, void *out, size_t size,
                            const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t n = 0;
    enum vc_status st = vquery(q, sql, rd, out, size, 1, &n, fmt, ap);
    va_end(ap);
    if (st == VC_OK && n == 0)
        return VC_ERR_NOT_FOUND;
    return st;
}

enum vc_status sq_query_list(struct sq *q, const char *sql, row_reader rd, void *out, size_t elem,
                             size_t max, size_t *out_n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    enum vc_status st = vquery(q, sql, rd, out, elem, max, out_n, fmt, ap);
    va_end(ap);
    return st;
}

void sq_col(sqlite3_stmt *st, int i, char *dst, size_t size)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    str_copy(dst, t ? (const char *)t : "", size);
}

void sq_read_i64(sqlite3_stmt *st, void *out)
{
    *(int64_t *)out = I64(st, 0);
}

/* ---- connection ---- */

/* Process-wide settings, before SQLite initialises: no memory statistics
 * (they take a global mutex on every allocation, which the connections of
 * the request threads contend for; nothing reads them). */
static void configure(void)
{
    if (sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK)
        log_warn("sqlite: memory statistics stay on (initialised before varco)");
}

/* Waiting for another connection's lock (a writer waiting for the write
 * lock, mostly): 50 us, doubling up to 2 ms per wait, BUSY_TIMEOUT_MS in all.
 * The transactions ahead last well under a millisecond, and a request
 * thread that sleeps keeps its other connections waiting too: SQLite's own
 * handler sleeps 1 ms first, then 2, 5, 10 ms ... */
static int busy_wait(void *ctx, int n)
{
    struct sq *q = ctx;
    if (n == 0)
        q->busy_us = 0;
    int64_t us = n < 6 ? (int64_t)50 << n : 2000;
    if (q->busy_us + us > (int64_t)BUSY_TIMEOUT_MS * 1000)
        return 0;
    q->busy_us += us;
    struct timespec ts = {.tv_sec = 0, .tv_nsec = (long)us * 1000};
    nanosleep(&ts, NULL);
    return 1;
}

static enum vc_status sq_open(const char *path, struct store **out)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, configure);
    struct sq *q = xcalloc(1, sizeof *q);
    q->base.ops = &sqlite_store_ops;
    if (sqlite3_open_v2(path, &q->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        log_error("sqlite: cannot open %s: %s", path, q->db ? sqlite3_errmsg(q->db) : "nomem");
        sqlite3_close(q->db);
        free(q);
        return VC_ERR_STORE;
    }
    sqlite3_busy_handler(q->db, busy_wait, q);
    const char *pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                          "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;";
    if (sqlite3_exec(q->db, pragmas, NULL, NULL, NULL) != SQLITE_OK) {
        sq_fail(q, "pragmas");
        sqlite3_close(q->db);
        free(q);
        return VC_ERR_STORE;
    }
    /* the read cache needs the WAL index (an in-memory database has none) */
    sqlite3_stmt *mode = NULL;
    if (sqlite3_prepare_v2(q->db, "PRAGMA journal_mode", -1, &mode, NULL) == SQLITE_OK &&
        sqlite3_step(mode) == SQLITE_ROW &&
        strcmp((const char *)sqlite3_column_text(mode, 0), "wal") == 0 &&
        sqlite3_file_control(q->db, "main", SQLITE_FCNTL_FILE_POINTER, &q->file) != SQLITE_OK)
        q->file = NULL;
    sqlite3_finalize(mode);
    *out = &q->base;
    return VC_OK;
}

static void sq_close(struct store *s)
{
    struct sq *q = SQ(s);
    readcache_free(q->rc);
    if (q->in_tx && !q->lazy)
        sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
    for (size_t i = 0; i < q->n_cached; i++)
        sqlite3_finalize(q->cache[i].st);
    sqlite3_close(q->db);
    free(q);
}

static enum vc_status sq_begin(struct store *s, bool read_only)
{
    struct sq *q = SQ(s);
    if (VC_NEVER(q->in_tx))
        return VC_ERR_INTERNAL;
    if (!read_only && run_plain(q, "BEGIN IMMEDIATE") != VC_OK)
        return VC_ERR_STORE;
    q->in_tx = true;
    q->read_only = read_only;
    q->lazy = read_only; /* BEGIN runs before the first statement the cache does not answer */
    q->pinned = false;
    q->cache_on = read_only && db_version(q, q->version);
    q->changes_at_begin = sqlite3_total_changes(q->db);
    return VC_OK;
}

static enum vc_status sq_commit(struct store *s)
{
    struct sq *q = SQ(s);
    if (q->lazy) { /* everything came from the cache: nothing to end */
        q->in_tx = q->lazy = false;
        q->last_wrote = false;
        return VC_OK;
    }
    if (run_plain(q, "COMMIT") != VC_OK) {
        enum vc_status st = VC_ERR_STORE;
        sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
        q->in_tx = false;
        return st;
    }
    q->in_tx = false;
    q->last_wrote = sqlite3_total_changes(q->db) != q->changes_at_begin;
    return VC_OK;
}

static bool sq_last_commit_wrote(struct store *s)
{
    return SQ(s)->last_wrote;
}

static void sq_defer_checkpoints(struct store *s)
{
    sqlite3_wal_autocheckpoint(SQ(s)->db, 0);
}

/* A pragma's integer answer. */
static bool pragma_int(struct sq *q, const char *sql, int64_t *out)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(q->db, sql, -1, &st, NULL) != SQLITE_OK)
        return false;
    bool ok = sqlite3_step(st) == SQLITE_ROW;
    if (ok)
        *out = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return ok;
}

/* The checkpoint, then the log's restart. A writer that finds the log
 * wholly copied into the database starts it again from its beginning, and
 * SQLite syncs the log's header before the first frame written there (an
 * out-of-order write after a restart could corrupt the database; wal.c).
 * Left to itself that fsync falls on the next commit of any connection: a
 * request thread, with every connection it serves waiting behind it (an
 * /area p99 of 40-120 ms while logins committed, on a slow disk). So once
 * a checkpoint has copied the whole log, this connection writes first: it
 * sets user_version to what it is (one page; varco keeps nothing there),
 * which restarts the log and takes the sync here. Only after another
 * connection committed (data_version moved): else its own page would be
 * copied and the log restarted again at every call. Best effort: a reader
 * still in the log, or a writer first, and the restart is theirs as
 * before. */
static enum vc_status sq_checkpoint(struct store *s)
{
    struct sq *q = SQ(s);
    int64_t version = 0, user = 0;
    if (!pragma_int(q, "PRAGMA data_version", &version))
        return sq_fail(q, "data_version");
    if (q->ckpt_known && version == q->ckpt_version)
        return VC_OK; /* nobody committed since the last whole copy */
    int n_log = 0, n_copied = 0;
    int rc = sqlite3_wal_checkpoint_v2(q->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &n_log, &n_copied);
    if (rc == SQLITE_BUSY || (rc == SQLITE_OK && n_copied < n_log))
        return VC_OK; /* a reader still needs part of the log: the next call goes on */
    if (rc != SQLITE_OK)
        return sq_fail(q, "checkpoint");
    q->ckpt_known = true;
    q->ckpt_version = version;
    if (n_log <= 0 || !pragma_int(q, "PRAGMA user_version", &user))
        return VC_OK;
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %" PRId64, user);
    /* without waiting: a writer holding the lock restarts the log itself */
    sqlite3_busy_handler(q->db, NULL, NULL);
    sqlite3_exec(q->db, sql, NULL, NULL, NULL);
    sqlite3_busy_handler(q->db, busy_wait, q);
    return VC_OK;
}

static void sq_rollback(struct store *s)
{
    struct sq *q = SQ(s);
    if (q->in_tx && !q->lazy)
        sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
    q->in_tx = q->lazy = false;
}

static enum vc_status sq_migrate(struct store *s)
{
    struct sq *q = SQ(s);
    if (sqlite3_exec(q->db,
                     "CREATE TABLE IF NOT EXISTS schema_migrations ("
                     " name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)",
                     NULL, NULL, NULL) != SQLITE_OK)
        return sq_fail(q, "schema_migrations");
    for (size_t i = 0; i < sqlite_migrations_n; i++) {
        const struct store_migration *m = &sqlite_migrations[i];
        enum vc_status st = sq_begin(s, false);
        if (st != VC_OK)
            return st;
        int64_t n = 0;
        size_t got = 0;
        st = sq_query_list(q, "SELECT count(*) FROM schema_migrations WHERE name = ?", sq_read_i64,
                           &n, sizeof n, 1, &got, "t", m->name);
        if (st == VC_OK && n == 0) {
            if (sqlite3_exec(q->db, m->sql, NULL, NULL, NULL) != SQLITE_OK)
                st = sq_fail(q, m->name);
            else
                st = sq_exec(q, "INSERT INTO schema_migrations VALUES (?, strftime('%s','now'))",
                             "t", m->name);
            if (st == VC_OK)
                log_info("store: applied migration %s", m->name);
        }
        if (st != VC_OK) {
            sq_rollback(s);
            return st;
        }
        if ((st = sq_commit(s)) != VC_OK)
            return st;
    }
    return VC_OK;
}

const struct store_ops sqlite_store_ops = {.scheme = "sqlite:",
                                           .open = sq_open,
                                           .close = sq_close,
                                           .migrate = sq_migrate,
                                           .begin = sq_begin,
                                           .commit = sq_commit,
                                           .rollback = sq_rollback,
                                           .last_commit_wrote = sq_last_commit_wrote,
                                           .defer_checkpoints = sq_defer_checkpoints,
                                           .checkpoint = sq_checkpoint,
#define X(name, params, args) .name = sq_##name,
                                           REPO_OPS(X)
#undef X
};

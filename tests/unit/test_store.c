/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The store's transactions (src/store/): a read transaction refuses every
 * write, whatever the concurrency (issue 8, item 15); the session check
 * only reads, and what it finds due is written by session_refresh in a
 * write transaction. Real SQLite store, fake clock. */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/audit.h"
#include "core/repo.h"
#include "core/session.h"
#include "store/sqlite/readcache.h"
#include "store/store.h"
#include "tests/support/fake_env.h"

static struct fake_world w;
static void setup(void)
{
    fake_world_open(&w);
}
static void teardown(void)
{
    fake_world_close(&w);
}
TestSuite(store, .init = setup, .fini = teardown);

/* fake_world_open leaves a write transaction open: end it, start a read one. */
static void read_transaction(void)
{
    cr_assert_eq(store_commit(w.store), VC_OK);
    cr_assert_eq(store_begin_read(w.store), VC_OK);
}

static void write_transaction(void)
{
    store_rollback(w.store);
    cr_assert_eq(store_begin(w.store), VC_OK);
}

Test(store, a_read_transaction_refuses_every_write_and_still_reads)
{
    char token[TOKEN_TEXT_LEN + 1];
    cr_assert_eq(session_create(&w.env, SESSION_MEMBER, 7, LEVEL_LIMITED, false, "ua", token),
                 VC_OK);
    read_transaction();
    /* an insert, an update, a delete: all refused, none half-done */
    cr_assert_eq(audit_record(&w.env, "anonymous", NULL, "login.fail", "", 0, "test"),
                 VC_ERR_INTERNAL);
    struct session se;
    cr_assert_eq(session_check(&w.env, token, TOKEN_TEXT_LEN, &se, NULL), VC_OK);
    cr_assert_eq(repo_session_touch(w.store, se.id_hash, w.now + 100), VC_ERR_INTERNAL);
    cr_assert_eq(repo_session_delete(w.store, se.id_hash), VC_ERR_INTERNAL);
    cr_assert_eq(repo_throttle_prune(w.store, w.now, 8), VC_ERR_INTERNAL);
    /* reads go on in the same transaction */
    struct audit_event last;
    enum vc_status st = repo_audit_last(w.store, &last);
    cr_assert(st == VC_OK || st == VC_ERR_NOT_FOUND);
    cr_assert_eq(session_check(&w.env, token, TOKEN_TEXT_LEN, &se, NULL), VC_OK);
    cr_assert_eq(se.last_seen_at, w.now, "the refused touch changed nothing");
    cr_assert_eq(store_commit(w.store), VC_OK);
    cr_assert_not(store_last_commit_wrote(w.store));
    /* the same writes pass in a write transaction */
    cr_assert_eq(store_begin(w.store), VC_OK);
    cr_assert_eq(repo_session_touch(w.store, se.id_hash, w.now + 100), VC_OK);
    cr_assert_eq(audit_record(&w.env, "anonymous", NULL, "login.fail", "", 0, "test"), VC_OK);
}

Test(store, the_session_check_only_reads_and_says_when_a_write_is_due)
{
    char token[TOKEN_TEXT_LEN + 1];
    cr_assert_eq(session_create(&w.env, SESSION_MEMBER, 7, LEVEL_LIMITED, false, "ua", token),
                 VC_OK);
    int64_t created = w.now;
    struct session se;
    bool due = true;
    read_transaction();
    cr_assert_eq(session_check(&w.env, token, TOKEN_TEXT_LEN, &se, &due), VC_OK);
    cr_assert_not(due, "a fresh session needs no write");
    /* a minute later: still live, last_seen due (and the check wrote nothing) */
    w.now += SESSION_TOUCH_SECONDS;
    cr_assert_eq(session_check(&w.env, token, TOKEN_TEXT_LEN, &se, &due), VC_OK);
    cr_assert(due);
    cr_assert_eq(se.last_seen_at, created);
    write_transaction();
    cr_assert_eq(session_refresh(&w.env, token, TOKEN_TEXT_LEN), VC_OK);
    cr_assert_eq(session_check(&w.env, token, TOKEN_TEXT_LEN, &se, &due), VC_OK);
    cr_assert_eq(se.last_seen_at, w.now);
    cr_assert_not(due);
    /* a second refresh in the same minute writes nothing */
    cr_assert_eq(session_refresh(&w.env, token, TOKEN_TEXT_LEN), VC_OK);
    /* idle expiry counts from the refreshed last_seen: just inside, then past */
    w.now += w.core.session_idle_seconds - 1;
    cr_assert_eq(session_check(&w.env, token, TOKEN_TEXT_LEN, &se, &due), VC_OK);
    w.now += 1;
    cr_assert_eq(session_check(&w.env, token, TOKEN_TEXT_LEN, &se, &due), VC_ERR_EXPIRED);
    cr_assert(due, "an expired row is due for deletion");
    /* refused before its row is gone, and gone after the refresh */
    cr_assert_eq(session_refresh(&w.env, token, TOKEN_TEXT_LEN), VC_OK);
    cr_assert_eq(session_check(&w.env, token, TOKEN_TEXT_LEN, &se, &due), VC_ERR_NOT_FOUND);
    cr_assert_not(due);
    /* refreshing what is gone is not an error (ended by another request) */
    cr_assert_eq(session_refresh(&w.env, token, TOKEN_TEXT_LEN), VC_OK);
}

Test(store, absolute_expiry_holds_whatever_the_activity)
{
    char token[TOKEN_TEXT_LEN + 1];
    cr_assert_eq(session_create(&w.env, SESSION_MEMBER, 7, LEVEL_LIMITED, false, "ua", token),
                 VC_OK);
    int64_t end = w.now + w.core.session_absolute_seconds;
    struct session se;
    bool due;
    while (w.now + SESSION_TOUCH_SECONDS < end) {
        w.now += SESSION_TOUCH_SECONDS;
        cr_assert_eq(session_check(&w.env, token, TOKEN_TEXT_LEN, &se, &due), VC_OK);
        cr_assert_eq(session_refresh(&w.env, token, TOKEN_TEXT_LEN), VC_OK);
    }
    w.now = end;
    cr_assert_eq(session_check(&w.env, token, TOKEN_TEXT_LEN, &se, &due), VC_ERR_EXPIRED);
}

/* ---- reads served from memory (store/sqlite/sqlite.c) ---- */

/* A second connection to the same database, as another thread or process
 * of varco would have. */
static struct store *other_connection(void)
{
    char url[300];
    snprintf(url, sizeof url, "sqlite:%s", w.path);
    struct store *s = NULL;
    cr_assert_eq(store_open(url, &s), VC_OK);
    return s;
}

/* Reads the session twice in two read transactions (the second from the
 * connection's cache), returning the second's status. */
static enum vc_status check_twice(const char *token)
{
    struct session se;
    enum vc_status st = VC_OK;
    for (int i = 0; i < 2; i++) {
        cr_assert_eq(store_begin_read(w.store), VC_OK);
        st = session_check(&w.env, token, TOKEN_TEXT_LEN, &se, NULL);
        cr_assert_eq(store_commit(w.store), VC_OK);
    }
    return st;
}

/* A live session, read twice (the second time from the connection's
 * cache); no transaction left open. */
static void cached_session(char token[TOKEN_TEXT_LEN + 1])
{
    cr_assert_eq(session_create(&w.env, SESSION_MEMBER, 7, LEVEL_LIMITED, false, "ua", token),
                 VC_OK);
    cr_assert_eq(store_commit(w.store), VC_OK);
    cr_assert_eq(check_twice(token), VC_OK);
}

/* The session's level, read in a read transaction of its own. */
static enum account_level level_now(const char *token)
{
    struct session se;
    cr_assert_eq(store_begin_read(w.store), VC_OK);
    cr_assert_eq(session_check(&w.env, token, TOKEN_TEXT_LEN, &se, NULL), VC_OK);
    cr_assert_eq(store_commit(w.store), VC_OK);
    return se.level;
}

/* The session's check refused in a read transaction of its own. */
static void refused_now(const char *token, const char *why)
{
    struct session se;
    cr_assert_eq(store_begin_read(w.store), VC_OK);
    cr_assert_neq(session_check(&w.env, token, TOKEN_TEXT_LEN, &se, NULL), VC_OK, "%s", why);
    store_rollback(w.store);
}

Test(store, a_session_ended_by_another_connection_is_refused_at_the_next_read)
{
    char token[TOKEN_TEXT_LEN + 1];
    cached_session(token);

    struct store *other = other_connection();
    struct vc_env env = w.env;
    env.store = other;
    cr_assert_eq(store_begin(other), VC_OK);
    cr_assert_eq(session_end(&env, token, TOKEN_TEXT_LEN), VC_OK);
    cr_assert_eq(store_commit(other), VC_OK);
    store_close(other);
    refused_now(token, "a session ended elsewhere was served from memory");
    cr_assert_eq(store_begin(w.store), VC_OK);
}

Test(store, a_change_made_outside_varco_is_seen_at_the_next_read)
{
    /* as an administrator's sqlite3 shell would: no varco code runs */
    char token[TOKEN_TEXT_LEN + 1];
    cached_session(token);
    cr_assert_eq(level_now(token), LEVEL_LIMITED);

    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open(w.path, &db), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(db, "UPDATE sessions SET level = 'full'", NULL, NULL, NULL),
                 SQLITE_OK);
    cr_assert_eq(check_twice(token), VC_OK);
    cr_assert_eq(level_now(token), LEVEL_FULL, "the level changed outside varco was not seen");

    cr_assert_eq(sqlite3_exec(db, "DELETE FROM sessions", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    refused_now(token, "a session deleted outside varco was served from memory");
    cr_assert_eq(store_begin(w.store), VC_OK);
}

Test(store, a_write_transaction_reads_its_own_changes_not_the_cache)
{
    char token[TOKEN_TEXT_LEN + 1];
    cached_session(token);
    cr_assert_eq(store_begin(w.store), VC_OK);
    cr_assert_eq(session_end(&w.env, token, TOKEN_TEXT_LEN), VC_OK);
    struct session se;
    cr_assert_neq(session_check(&w.env, token, TOKEN_TEXT_LEN, &se, NULL), VC_OK,
                  "the write transaction read the cache, not its own delete");
    /* rolled back: the session is there again, for reads from memory too */
    store_rollback(w.store);
    cr_assert_eq(check_twice(token), VC_OK);
    cr_assert_eq(store_begin(w.store), VC_OK);
}

Test(store, what_a_read_found_missing_is_found_once_another_connection_adds_it)
{
    /* "no row" is a result kept too: it must end with the insert */
    char token[TOKEN_TEXT_LEN + 1];
    struct store *other = other_connection();
    struct vc_env env = w.env;
    env.store = other;
    cr_assert_eq(store_commit(w.store), VC_OK);
    cr_assert_eq(store_begin(other), VC_OK);
    cr_assert_eq(session_create(&env, SESSION_MEMBER, 7, LEVEL_LIMITED, false, "ua", token), VC_OK);
    /* not yet committed: the first connection finds nothing, twice */
    cr_assert_neq(check_twice(token), VC_OK);
    cr_assert_eq(store_commit(other), VC_OK);
    store_close(other);
    cr_assert_eq(check_twice(token), VC_OK, "a session added elsewhere stayed missing");
    cr_assert_eq(store_begin(w.store), VC_OK);
}

/* store/sqlite/readcache.c: what a page reads (a couple of dozen keys) stays
 * kept together; a result is served at its version only. */
Test(store, the_read_cache_keeps_a_pages_keys_together_and_serves_only_their_version)
{
    struct readcache *rc = readcache_new();
    cr_assert_not_null(rc);
    unsigned char v1[READCACHE_VERSION_LEN] = {1}, v2[READCACHE_VERSION_LEN] = {2};
    char key[32];
    for (int i = 0; i < 24; i++) {
        int n = snprintf(key, sizeof key, "query %d", i);
        readcache_put(rc, (unsigned char *)key, (size_t)n, v1, &i, sizeof i, 1);
    }
    for (int i = 0; i < 24; i++) {
        int n = snprintf(key, sizeof key, "query %d", i);
        int got = -1;
        size_t rows = 0;
        cr_assert(readcache_get(rc, (unsigned char *)key, (size_t)n, v1, &got, sizeof got, &rows),
                  "key %d was evicted by another of the same page", i);
        cr_assert_eq(got, i);
        cr_assert_eq(rows, 1);
        cr_assert_not(
            readcache_get(rc, (unsigned char *)key, (size_t)n, v2, &got, sizeof got, &rows),
            "a result served at another version");
    }
    /* a result over the bound is not kept */
    static unsigned char big[READCACHE_VALUE_MAX + 1];
    readcache_put(rc, (const unsigned char *)"big", 3, v1, big, sizeof big, 1);
    size_t rows = 0;
    cr_assert_not(readcache_get(rc, (const unsigned char *)"big", 3, v1, big, sizeof big, &rows));
    readcache_free(rc);
}

/* The frames in the write-ahead log and how many are copied, as a plain
 * PASSIVE checkpoint from another connection reports them. */
static void log_frames(int *n_log, int *n_copied)
{
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open(w.path, &db), SQLITE_OK);
    /* a connection knows the log once it has read */
    cr_assert_eq(sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL),
                 SQLITE_OK);
    cr_assert_eq(sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_PASSIVE, n_log, n_copied),
                 SQLITE_OK);
    sqlite3_close(db);
}

static int64_t pragma_value(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static int64_t user_version(void)
{
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open(w.path, &db), SQLITE_OK);
    int64_t v = pragma_value(db, "PRAGMA user_version");
    sqlite3_close(db);
    return v;
}

/* store_checkpoint copies the log and starts it again itself, so that the
 * sync of the new log's header is not the next request's commit's (sqlite.c,
 * sq_checkpoint); with nothing committed since, it writes nothing. */
Test(store, the_checkpointer_restarts_the_log_it_copied_and_only_after_new_commits)
{
    cr_assert_eq(store_commit(w.store), VC_OK);
    store_defer_checkpoints(w.store);
    char token[TOKEN_TEXT_LEN + 1];
    for (int i = 0; i < 20; i++) { /* twenty commits: twenty-odd frames */
        cr_assert_eq(store_begin(w.store), VC_OK);
        cr_assert_eq(session_create(&w.env, SESSION_MEMBER, 7, LEVEL_LIMITED, false, "ua", token),
                     VC_OK);
        cr_assert_eq(store_commit(w.store), VC_OK);
    }
    int before = 0, copied = 0;
    log_frames(&before, &copied);
    cr_assert_geq(before, 20, "the commits left %d frames in the log", before);

    struct store *ckpt = other_connection();
    cr_assert_eq(store_checkpoint(ckpt), VC_OK);
    int after = 0;
    log_frames(&after, &copied);
    cr_assert_leq(after, 1, "the log was not restarted: %d frames (before: %d)", after, before);
    cr_assert_eq(user_version(), 0, "the restart changed user_version");

    /* nothing new: the next calls write nothing (another connection's
     * data_version would move) */
    sqlite3 *watch = NULL;
    cr_assert_eq(sqlite3_open(w.path, &watch), SQLITE_OK);
    int64_t seen = pragma_value(watch, "PRAGMA data_version");
    for (int i = 0; i < 3; i++)
        cr_assert_eq(store_checkpoint(ckpt), VC_OK);
    cr_assert_eq(pragma_value(watch, "PRAGMA data_version"), seen,
                 "a checkpoint with nothing new to copy wrote");
    sqlite3_close(watch);
    int again = 0;

    /* a commit elsewhere: copied and restarted once more */
    cr_assert_eq(store_begin(w.store), VC_OK);
    cr_assert_eq(session_create(&w.env, SESSION_MEMBER, 7, LEVEL_LIMITED, false, "ua", token),
                 VC_OK);
    cr_assert_eq(store_commit(w.store), VC_OK);
    cr_assert_eq(store_checkpoint(ckpt), VC_OK);
    log_frames(&again, &copied);
    cr_assert_leq(again, 1, "the log was not restarted after a new commit: %d frames", again);
    store_close(ckpt);
    cr_assert_eq(store_begin(w.store), VC_OK);
}

/* A writer holding the lock when the log is to be restarted: the
 * checkpointer does not wait for it (the restart is then the writer's); a
 * wait would be the busy timeout, 10 s. */
Test(store, the_checkpointer_does_not_wait_for_a_writer_to_restart_the_log)
{
    cr_assert_eq(store_commit(w.store), VC_OK);
    char token[TOKEN_TEXT_LEN + 1];
    cr_assert_eq(store_begin(w.store), VC_OK);
    cr_assert_eq(session_create(&w.env, SESSION_MEMBER, 7, LEVEL_LIMITED, false, "ua", token),
                 VC_OK);
    cr_assert_eq(store_commit(w.store), VC_OK);
    sqlite3 *holder = NULL;
    cr_assert_eq(sqlite3_open(w.path, &holder), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(holder, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);

    struct store *ckpt = other_connection();
    time_t t0 = time(NULL);
    cr_assert_eq(store_checkpoint(ckpt), VC_OK);
    cr_assert_lt(time(NULL) - t0, 5, "the checkpointer waited for the writer");
    cr_assert_eq(user_version(), 0);
    sqlite3_exec(holder, "COMMIT", NULL, NULL, NULL);
    sqlite3_close(holder);
    store_close(ckpt);
    cr_assert_eq(store_begin(w.store), VC_OK);
}

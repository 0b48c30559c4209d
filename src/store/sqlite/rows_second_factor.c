/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The SQLite backend's rows of members' second factor (migration 013):
 * the authenticator app of each account and its recovery codes (keyed
 * hashes only). One cached statement per operation of core/repo.h. */
#include <string.h>

#include "store/sqlite/sq.h"

/* ---- second_factors ---- */

#define SECOND_FACTOR_COLS                                                                         \
    "account_id, secret, last_step, enrolled_at, pending, pending_at, updated_at"

static void read_second_factor(sqlite3_stmt *st, void *out)
{
    struct second_factor *f = out;
    memset(f, 0, sizeof *f);
    f->account_id = I64(st, 0);
    COL(st, 1, f->secret);
    f->last_step = I64(st, 2);
    f->enrolled_at = I64(st, 3);
    COL(st, 4, f->pending);
    f->pending_at = I64(st, 5);
    f->updated_at = I64(st, 6);
}

enum vc_status sq_second_factor_get(struct store *s, int64_t a, struct second_factor *out)
{
    return sq_query_one(SQ(s),
                        "SELECT " SECOND_FACTOR_COLS " FROM second_factors WHERE account_id = ?",
                        read_second_factor, out, "i", a);
}

enum vc_status sq_second_factor_put(struct store *s, const struct second_factor *f)
{
    return sq_exec(SQ(s),
                   "INSERT OR REPLACE INTO second_factors (" SECOND_FACTOR_COLS
                   ") VALUES (?,?,?,?,?,?,?)",
                   "itiitii", f->account_id, f->secret, f->last_step, f->enrolled_at, f->pending,
                   f->pending_at, f->updated_at);
}

enum vc_status sq_second_factor_delete(struct store *s, int64_t a)
{
    return sq_exec(SQ(s), "DELETE FROM second_factors WHERE account_id = ?", "i", a);
}

/* ---- recovery_codes ---- */

#define RECOVERY_COLS "id, account_id, hash, created_at, used_at, voided"

static void read_recovery(sqlite3_stmt *st, void *out)
{
    struct recovery_code *c = out;
    memset(c, 0, sizeof *c);
    c->id = I64(st, 0);
    c->account_id = I64(st, 1);
    COL(st, 2, c->hash);
    c->created_at = I64(st, 3);
    c->used_at = I64(st, 4);
    c->voided = I64(st, 5) != 0;
}

enum vc_status sq_recovery_code_insert(struct store *s, struct recovery_code *c)
{
    struct sq *q = SQ(s);
    enum vc_status st =
        sq_exec(q,
                "INSERT INTO recovery_codes (account_id, hash, created_at, used_at,"
                " voided) VALUES (?,?,?,?,?)",
                "itiin", c->account_id, c->hash, c->created_at, c->used_at, (int)c->voided);
    if (st == VC_OK)
        c->id = sqlite3_last_insert_rowid(q->db);
    return st;
}

enum vc_status sq_recovery_code_update(struct store *s, const struct recovery_code *c)
{
    return sq_exec(SQ(s), "UPDATE recovery_codes SET used_at = ?, voided = ? WHERE id = ?", "ini",
                   c->used_at, (int)c->voided, c->id);
}

enum vc_status sq_recovery_code_by_hash(struct store *s, int64_t a, const char *h,
                                        struct recovery_code *out)
{
    return sq_query_one(SQ(s),
                        "SELECT " RECOVERY_COLS " FROM recovery_codes WHERE account_id = ?"
                        " AND hash = ? ORDER BY id DESC LIMIT 1",
                        read_recovery, out, "it", a, h);
}

enum vc_status sq_recovery_codes_void(struct store *s, int64_t a)
{
    return sq_exec(
        SQ(s), "UPDATE recovery_codes SET voided = 1 WHERE account_id = ? AND voided = 0", "i", a);
}

enum vc_status sq_recovery_codes_left(struct store *s, int64_t a, int64_t *out)
{
    return sq_query_one(SQ(s),
                        "SELECT count(*) FROM recovery_codes WHERE account_id = ? AND voided = 0"
                        " AND used_at = 0",
                        sq_read_i64, out, "i", a);
}

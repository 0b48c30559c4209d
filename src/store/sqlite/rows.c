/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The SQLite backend's row operations for accounts and their credentials:
 * accounts, journey steps, codes, personal codes, sessions, operators,
 * throttle. Every function of core/repo.h lives in one of the rows*.c files,
 * one section per table, each a cached statement and a row reader. */
#include <string.h>

#include "store/sqlite/sq.h"

/* ---- accounts ---- */

#define ACCOUNT_COLS                                                                               \
    "id, username, password_hash, state, level, profile, member_id, cf_norm, step,"                \
    " email_confirmed, lang, created_at, updated_at, must_change_password, journey, credential"

static void read_account(sqlite3_stmt *st, void *out)
{
    struct account *a = out;
    char buf[32];
    memset(a, 0, sizeof *a);
    a->id = I64(st, 0);
    COL(st, 1, a->username);
    COL(st, 2, a->password_hash);
    COL(st, 3, buf);
    account_state_parse(buf, &a->state);
    COL(st, 4, buf);
    account_level_parse(buf, &a->level);
    COL(st, 5, a->profile);
    a->member_id = I64(st, 6);
    COL(st, 7, a->cf_norm);
    COL(st, 8, a->step);
    a->email_confirmed = I64(st, 9) != 0;
    COL(st, 10, a->lang);
    a->created_at = I64(st, 11);
    a->updated_at = I64(st, 12);
    a->must_change_password = I64(st, 13) != 0;
    COL(st, 14, a->journey);
    COL(st, 15, buf);
    credential_kind_parse(buf, &a->credential);
}

enum vc_status sq_account_insert(struct store *s, struct account *a)
{
    struct sq *q = SQ(s);
    enum vc_status st = sq_exec(
        q,
        "INSERT INTO accounts (username, password_hash, state, level, profile, member_id,"
        " cf_norm, step, email_confirmed, lang, created_at, updated_at,"
        " must_change_password, journey, credential)"
        " VALUES (?,?,?,?,?,nullif(?,0),?,?,?,?,?,?,?,?,?)",
        "ttttti"
        "ttnt"
        "iintt",
        a->username, a->password_hash, account_state_name(a->state), account_level_name(a->level),
        a->profile, a->member_id, a->cf_norm, a->step, (int)a->email_confirmed, a->lang,
        a->created_at, a->updated_at, (int)a->must_change_password,
        a->journey[0] ? a->journey : "member", credential_kind_name(a->credential));
    if (st == VC_OK)
        a->id = sqlite3_last_insert_rowid(q->db);
    return st;
}

enum vc_status sq_account_update(struct store *s, const struct account *a)
{
    return sq_exec(SQ(s),
                   "UPDATE accounts SET username = ?, password_hash = ?, state = ?, level = ?,"
                   " step = ?, email_confirmed = ?, lang = ?, updated_at = ?,"
                   " must_change_password = ?, credential = ? WHERE id = ?",
                   "tttttntinti", a->username, a->password_hash, account_state_name(a->state),
                   account_level_name(a->level), a->step, (int)a->email_confirmed, a->lang,
                   a->updated_at, (int)a->must_change_password, credential_kind_name(a->credential),
                   a->id);
}

enum vc_status sq_account_by_id(struct store *s, int64_t id, struct account *out)
{
    return sq_query_one(SQ(s), "SELECT " ACCOUNT_COLS " FROM accounts WHERE id = ?", read_account,
                        out, "i", id);
}

enum vc_status sq_account_by_username(struct store *s, const char *u, struct account *out)
{
    return sq_query_one(SQ(s), "SELECT " ACCOUNT_COLS " FROM accounts WHERE username = ?",
                        read_account, out, "t", u);
}

enum vc_status sq_account_by_cf_norm(struct store *s, const char *cf, struct account *out)
{
    return sq_query_one(SQ(s), "SELECT " ACCOUNT_COLS " FROM accounts WHERE cf_norm = ?",
                        read_account, out, "t", cf);
}

/* ---- journey steps ---- */

static void read_step(sqlite3_stmt *st, void *out)
{
    struct journey_step *j = out;
    char buf[16];
    memset(j, 0, sizeof *j);
    j->account_id = I64(st, 0);
    COL(st, 1, j->step);
    COL(st, 2, buf);
    step_status_parse(buf, &j->status);
    j->started_at = I64(st, 3);
    j->done_at = I64(st, 4);
}

enum vc_status sq_step_upsert(struct store *s, const struct journey_step *j)
{
    return sq_exec(
        SQ(s),
        "INSERT INTO journey_steps (account_id, step, status, started_at, done_at, seq)"
        " VALUES (?, ?, ?, ?, ?,"
        " (SELECT count(*) FROM journey_steps WHERE account_id = ?1))"
        " ON CONFLICT (account_id, step) DO UPDATE SET status = excluded.status,"
        " started_at = CASE WHEN started_at = 0 THEN excluded.started_at ELSE started_at END,"
        " done_at = excluded.done_at",
        "ittii", j->account_id, j->step, step_status_name(j->status), j->started_at, j->done_at);
}

enum vc_status sq_steps_list(struct store *s, int64_t a, struct journey_step *out, size_t max,
                             size_t *n)
{
    return sq_query_list(SQ(s),
                         "SELECT account_id, step, status, started_at, done_at FROM journey_steps"
                         " WHERE account_id = ? ORDER BY seq",
                         read_step, out, sizeof *out, max, n, "i", a);
}

/* ---- codes ---- */

#define CODE_COLS                                                                                  \
    "id, account_id, purpose, hash, created_at, expires_at, used_at, voided, attempts_left, data"

static void read_code(sqlite3_stmt *st, void *out)
{
    struct code *c = out;
    char buf[32];
    memset(c, 0, sizeof *c);
    c->id = I64(st, 0);
    c->account_id = I64(st, 1);
    COL(st, 2, buf);
    code_purpose_parse(buf, &c->purpose);
    COL(st, 3, c->hash);
    c->created_at = I64(st, 4);
    c->expires_at = I64(st, 5);
    c->used_at = I64(st, 6);
    c->voided = I64(st, 7) != 0;
    c->attempts_left = (int)I64(st, 8);
    COL(st, 9, c->data);
}

enum vc_status sq_code_insert(struct store *s, struct code *c)
{
    struct sq *q = SQ(s);
    enum vc_status st =
        sq_exec(q,
                "INSERT INTO codes (account_id, purpose, hash, created_at, expires_at,"
                " used_at, voided, attempts_left, data) VALUES (?,?,?,?,?,?,?,?,?)",
                "ittiiinnt", c->account_id, code_purpose_name(c->purpose), c->hash, c->created_at,
                c->expires_at, c->used_at, (int)c->voided, c->attempts_left, c->data);
    if (st == VC_OK)
        c->id = sqlite3_last_insert_rowid(q->db);
    return st;
}

enum vc_status sq_code_update(struct store *s, const struct code *c)
{
    return sq_exec(SQ(s),
                   "UPDATE codes SET used_at = ?, voided = ?, attempts_left = ? WHERE id = ?",
                   "inni", c->used_at, (int)c->voided, c->attempts_left, c->id);
}

enum vc_status sq_code_by_hash(struct store *s, enum code_purpose p, const char *h,
                               struct code *out)
{
    return sq_query_one(SQ(s), "SELECT " CODE_COLS " FROM codes WHERE purpose = ? AND hash = ?",
                        read_code, out, "tt", code_purpose_name(p), h);
}

enum vc_status sq_code_active(struct store *s, int64_t a, enum code_purpose p, struct code *out)
{
    return sq_query_one(SQ(s),
                        "SELECT " CODE_COLS " FROM codes WHERE account_id = ? AND purpose = ?"
                        " AND used_at = 0 AND voided = 0 ORDER BY created_at DESC, id DESC LIMIT 1",
                        read_code, out, "it", a, code_purpose_name(p));
}

enum vc_status sq_code_void_all(struct store *s, int64_t a, enum code_purpose p)
{
    return sq_exec(
        SQ(s),
        "UPDATE codes SET voided = 1 WHERE account_id = ? AND purpose = ? AND used_at = 0"
        " AND voided = 0",
        "it", a, code_purpose_name(p));
}

enum vc_status sq_code_count_since(struct store *s, int64_t a, enum code_purpose p, int64_t since,
                                   int64_t *out)
{
    return sq_query_one(SQ(s),
                        "SELECT count(*) FROM codes WHERE account_id = ? AND purpose = ?"
                        " AND created_at >= ?",
                        sq_read_i64, out, "iti", a, code_purpose_name(p), since);
}

enum vc_status sq_code_first_since(struct store *s, int64_t a, enum code_purpose p, int64_t since,
                                   int64_t *out)
{
    return sq_query_one(SQ(s),
                        "SELECT coalesce(min(created_at), 0) FROM codes WHERE account_id = ?"
                        " AND purpose = ? AND created_at >= ?",
                        sq_read_i64, out, "iti", a, code_purpose_name(p), since);
}

/* ---- personal codes ---- */

#define PERSONAL_CODE_COLS                                                                         \
    "id, account_id, hash, is_temporary, attempts_left, voided, created_at, confirmed_at"

static void read_personal_code(sqlite3_stmt *st, void *out)
{
    struct personal_code *c = out;
    memset(c, 0, sizeof *c);
    c->id = I64(st, 0);
    c->account_id = I64(st, 1);
    COL(st, 2, c->hash);
    c->is_temporary = I64(st, 3) != 0;
    c->attempts_left = (int)I64(st, 4);
    c->voided = I64(st, 5) != 0;
    c->created_at = I64(st, 6);
    c->confirmed_at = I64(st, 7);
}

enum vc_status sq_personal_code_insert(struct store *s, struct personal_code *c)
{
    struct sq *q = SQ(s);
    enum vc_status st = sq_exec(q,
                                "INSERT INTO personal_codes (account_id, hash, is_temporary,"
                                " attempts_left, voided, created_at, confirmed_at)"
                                " VALUES (?,?,?,?,?,?,?)",
                                "itnnnii", c->account_id, c->hash, (int)c->is_temporary,
                                c->attempts_left, (int)c->voided, c->created_at, c->confirmed_at);
    if (st == VC_OK)
        c->id = sqlite3_last_insert_rowid(q->db);
    return st;
}

enum vc_status sq_personal_code_update(struct store *s, const struct personal_code *c)
{
    return sq_exec(SQ(s),
                   "UPDATE personal_codes SET attempts_left = ?, voided = ?, confirmed_at = ?"
                   " WHERE id = ?",
                   "nnii", c->attempts_left, (int)c->voided, c->confirmed_at, c->id);
}

enum vc_status sq_personal_code_current(struct store *s, int64_t a, bool temporary,
                                        struct personal_code *out)
{
    return sq_query_one(SQ(s),
                        "SELECT " PERSONAL_CODE_COLS " FROM personal_codes WHERE account_id = ?"
                        " AND voided = 0 AND is_temporary = ? ORDER BY id DESC LIMIT 1",
                        read_personal_code, out, "in", a, (int)temporary);
}

enum vc_status sq_personal_code_void_others(struct store *s, int64_t a, int64_t keep)
{
    return sq_exec(SQ(s),
                   "UPDATE personal_codes SET voided = 1 WHERE account_id = ? AND id <> ?"
                   " AND voided = 0",
                   "ii", a, keep);
}

enum vc_status sq_personal_code_count_since(struct store *s, int64_t a, int64_t since, int64_t *out)
{
    return sq_query_one(SQ(s),
                        "SELECT count(*) FROM personal_codes WHERE account_id = ?"
                        " AND is_temporary = 1 AND created_at >= ?",
                        sq_read_i64, out, "ii", a, since);
}

/* ---- sessions ---- */

static const char *kind_name(enum session_kind k)
{
    return k == SESSION_OPERATOR        ? "operator"
           : k == SESSION_LEGACY        ? "legacy"
           : k == SESSION_SECOND_FACTOR ? "second_factor"
                                        : "member";
}

#define SESSION_COLS                                                                               \
    "id_hash, kind, principal_id, level, mfa_done, created_at, last_seen_at, ip, user_agent, amr," \
    " acting_for"

static void read_session(sqlite3_stmt *st, void *out)
{
    struct session *se = out;
    char buf[16];
    memset(se, 0, sizeof *se);
    COL(st, 0, se->id_hash);
    COL(st, 1, buf);
    se->kind = strcmp(buf, "operator") == 0        ? SESSION_OPERATOR
               : strcmp(buf, "legacy") == 0        ? SESSION_LEGACY
               : strcmp(buf, "second_factor") == 0 ? SESSION_SECOND_FACTOR
                                                   : SESSION_MEMBER;
    se->principal_id = I64(st, 2);
    COL(st, 3, buf);
    account_level_parse(buf, &se->level);
    se->mfa_done = I64(st, 4) != 0;
    se->created_at = I64(st, 5);
    se->last_seen_at = I64(st, 6);
    COL(st, 7, se->ip);
    COL(st, 8, se->user_agent);
    COL(st, 9, se->amr);
    se->acting_for = I64(st, 10);
}

enum vc_status sq_session_insert(struct store *s, const struct session *se)
{
    return sq_exec(SQ(s), "INSERT INTO sessions (" SESSION_COLS ") VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                   "ttitniittti", se->id_hash, kind_name(se->kind), se->principal_id,
                   account_level_name(se->level), (int)se->mfa_done, se->created_at,
                   se->last_seen_at, se->ip, se->user_agent, se->amr, se->acting_for);
}

enum vc_status sq_session_get(struct store *s, const char *h, struct session *out)
{
    return sq_query_one(SQ(s), "SELECT " SESSION_COLS " FROM sessions WHERE id_hash = ?",
                        read_session, out, "t", h);
}

enum vc_status sq_session_touch(struct store *s, const char *h, int64_t t)
{
    return sq_exec(SQ(s), "UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?", "it", t, h);
}

enum vc_status sq_session_set_acting(struct store *s, const char *h, int64_t delegation_id)
{
    return sq_exec(SQ(s), "UPDATE sessions SET acting_for = ? WHERE id_hash = ?", "it",
                   delegation_id, h);
}

enum vc_status sq_session_delete(struct store *s, const char *h)
{
    return sq_exec(SQ(s), "DELETE FROM sessions WHERE id_hash = ?", "t", h);
}

enum vc_status sq_session_delete_all(struct store *s, enum session_kind k, int64_t p)
{
    return sq_exec(SQ(s), "DELETE FROM sessions WHERE kind = ? AND principal_id = ?", "ti",
                   kind_name(k), p);
}

enum vc_status sq_sessions_of(struct store *s, enum session_kind k, int64_t p, struct session *out,
                              size_t max, size_t *n)
{
    return sq_query_list(SQ(s),
                         "SELECT " SESSION_COLS " FROM sessions WHERE kind = ? AND principal_id = ?"
                         " ORDER BY last_seen_at DESC, created_at DESC",
                         read_session, out, sizeof *out, max, n, "ti", kind_name(k), p);
}

enum vc_status sq_session_delete_others(struct store *s, enum session_kind k, int64_t p,
                                        const char *keep)
{
    return sq_exec(SQ(s),
                   "DELETE FROM sessions WHERE kind = ? AND principal_id = ? AND id_hash != ?",
                   "tit", kind_name(k), p, keep);
}

/* ---- operators ---- */

#define OPERATOR_COLS                                                                              \
    "id, username, display_name, password_hash, totp_secret, totp_enrolled, totp_last_step,"       \
    " role, office_code, disabled, created_at, must_change_password"

static void read_operator(sqlite3_stmt *st, void *out)
{
    struct operator_account *o = out;
    memset(o, 0, sizeof *o);
    o->id = I64(st, 0);
    COL(st, 1, o->username);
    COL(st, 2, o->display_name);
    COL(st, 3, o->password_hash);
    COL(st, 4, o->totp_secret);
    o->totp_enrolled = I64(st, 5) != 0;
    o->totp_last_step = I64(st, 6);
    char role[16];
    COL(st, 7, role);
    if (!operator_role_parse(role, &o->role))
        o->role = OPERATOR_BACKOFFICE; /* an unknown role grants no more than the least */
    COL(st, 8, o->office_code);
    o->disabled = I64(st, 9) != 0;
    o->created_at = I64(st, 10);
    o->must_change_password = I64(st, 11) != 0;
}

enum vc_status sq_operator_insert(struct store *s, struct operator_account *o)
{
    struct sq *q = SQ(s);
    enum vc_status st =
        sq_exec(q,
                "INSERT INTO operators (username, display_name, password_hash, totp_secret,"
                " totp_enrolled, totp_last_step, role, office_code, disabled, created_at,"
                " must_change_password) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                "ttttnittnin", o->username, o->display_name, o->password_hash, o->totp_secret,
                (int)o->totp_enrolled, o->totp_last_step, operator_role_name(o->role),
                o->office_code, (int)o->disabled, o->created_at, (int)o->must_change_password);
    if (st == VC_OK)
        o->id = sqlite3_last_insert_rowid(q->db);
    return st;
}

enum vc_status sq_operator_update(struct store *s, const struct operator_account *o)
{
    return sq_exec(SQ(s),
                   "UPDATE operators SET display_name = ?, password_hash = ?, totp_secret = ?,"
                   " totp_enrolled = ?, totp_last_step = ?, role = ?, office_code = ?,"
                   " disabled = ?, must_change_password = ? WHERE id = ?",
                   "tttnittnni", o->display_name, o->password_hash, o->totp_secret,
                   (int)o->totp_enrolled, o->totp_last_step, operator_role_name(o->role),
                   o->office_code, (int)o->disabled, (int)o->must_change_password, o->id);
}

enum vc_status sq_operator_by_id(struct store *s, int64_t id, struct operator_account *out)
{
    return sq_query_one(SQ(s), "SELECT " OPERATOR_COLS " FROM operators WHERE id = ?",
                        read_operator, out, "i", id);
}

enum vc_status sq_operator_by_username(struct store *s, const char *u, struct operator_account *out)
{
    return sq_query_one(SQ(s), "SELECT " OPERATOR_COLS " FROM operators WHERE username = ?",
                        read_operator, out, "t", u);
}

/* ---- throttle ---- */

static void read_throttle(sqlite3_stmt *st, void *out)
{
    struct throttle_row *r = out;
    memset(r, 0, sizeof *r);
    COL(st, 0, r->key);
    r->window_start = I64(st, 1);
    r->failures = (int)I64(st, 2);
    r->next_at = I64(st, 3);
    r->notified = I64(st, 4) != 0;
}

enum vc_status sq_throttle_get(struct store *s, const char *k, struct throttle_row *out)
{
    return sq_query_one(SQ(s),
                        "SELECT key, window_start, failures, next_at, notified"
                        " FROM throttle WHERE key = ?",
                        read_throttle, out, "t", k);
}

enum vc_status sq_throttle_put(struct store *s, const struct throttle_row *r)
{
    return sq_exec(
        SQ(s),
        "INSERT OR REPLACE INTO throttle (key, window_start, failures, next_at, notified)"
        " VALUES (?,?,?,?,?)",
        "tinin", r->key, r->window_start, r->failures, r->next_at, (int)r->notified);
}

enum vc_status sq_throttle_delete(struct store *s, const char *k)
{
    return sq_exec(SQ(s), "DELETE FROM throttle WHERE key = ?", "t", k);
}

enum vc_status sq_throttle_prune(struct store *s, int64_t before, int limit)
{
    return sq_exec(SQ(s),
                   "DELETE FROM throttle WHERE key IN (SELECT key FROM throttle"
                   " WHERE window_start < ?1 AND next_at < ?1 LIMIT ?2)",
                   "in", before, limit);
}

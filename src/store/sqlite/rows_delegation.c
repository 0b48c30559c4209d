/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The SQLite backend's rows of delegation (migration 016): firms, their
 * operators and invitations, delegations and mandates. One cached statement
 * per operation of core/repo.h. */
#include <string.h>

#include "store/sqlite/sq.h"

/* ---- firms ---- */

#define FIRM_COLS "id, tax_id, name, created_at"

static void read_firm(sqlite3_stmt *st, void *out)
{
    struct firm *f = out;
    memset(f, 0, sizeof *f);
    f->id = I64(st, 0);
    COL(st, 1, f->tax_id);
    COL(st, 2, f->name);
    f->created_at = I64(st, 3);
}

enum vc_status sq_firm_insert(struct store *s, struct firm *f)
{
    struct sq *q = SQ(s);
    enum vc_status st = sq_exec(q, "INSERT INTO firms (tax_id, name, created_at) VALUES (?,?,?)",
                                "tti", f->tax_id, f->name, f->created_at);
    if (st == VC_OK)
        f->id = sqlite3_last_insert_rowid(q->db);
    return st;
}

enum vc_status sq_firm_update(struct store *s, const struct firm *f)
{
    return sq_exec(SQ(s), "UPDATE firms SET name = ? WHERE id = ?", "ti", f->name, f->id);
}

enum vc_status sq_firm_by_id(struct store *s, int64_t id, struct firm *out)
{
    return sq_query_one(SQ(s), "SELECT " FIRM_COLS " FROM firms WHERE id = ?", read_firm, out, "i",
                        id);
}

enum vc_status sq_firm_by_tax_id(struct store *s, const char *t, struct firm *out)
{
    return sq_query_one(SQ(s), "SELECT " FIRM_COLS " FROM firms WHERE tax_id = ?", read_firm, out,
                        "t", t);
}

/* ---- firm_members ---- */

#define MEMBER_COLS                                                                                \
    "id, firm_id, account_id, email, role, state, invited_by, created_at, updated_at"

static void read_member(sqlite3_stmt *st, void *out)
{
    struct firm_member *m = out;
    char buf[16];
    memset(m, 0, sizeof *m);
    m->id = I64(st, 0);
    m->firm_id = I64(st, 1);
    m->account_id = I64(st, 2);
    COL(st, 3, m->email);
    COL(st, 4, buf);
    firm_role_parse(buf, &m->role);
    COL(st, 5, buf);
    firm_member_state_parse(buf, &m->state);
    m->invited_by = I64(st, 6);
    m->created_at = I64(st, 7);
    m->updated_at = I64(st, 8);
}

enum vc_status sq_firm_member_insert(struct store *s, struct firm_member *m)
{
    struct sq *q = SQ(s);
    enum vc_status st =
        sq_exec(q,
                "INSERT INTO firm_members (firm_id, account_id, email, role, state, invited_by,"
                " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)",
                "iitttiii", m->firm_id, m->account_id, m->email, firm_role_name(m->role),
                firm_member_state_name(m->state), m->invited_by, m->created_at, m->updated_at);
    if (st == VC_OK)
        m->id = sqlite3_last_insert_rowid(q->db);
    return st;
}

enum vc_status sq_firm_member_update(struct store *s, const struct firm_member *m)
{
    return sq_exec(SQ(s),
                   "UPDATE firm_members SET account_id = ?, role = ?, state = ?, updated_at = ?"
                   " WHERE id = ?",
                   "ittii", m->account_id, firm_role_name(m->role),
                   firm_member_state_name(m->state), m->updated_at, m->id);
}

enum vc_status sq_firm_member_by_id(struct store *s, int64_t id, struct firm_member *out)
{
    return sq_query_one(SQ(s), "SELECT " MEMBER_COLS " FROM firm_members WHERE id = ?", read_member,
                        out, "i", id);
}

enum vc_status sq_firm_members_of(struct store *s, int64_t f, struct firm_member *out, size_t max,
                                  size_t *n)
{
    return sq_query_list(SQ(s),
                         "SELECT " MEMBER_COLS " FROM firm_members WHERE firm_id = ?"
                         " AND state != 'removed' ORDER BY role = 'operator', id",
                         read_member, out, sizeof *out, max, n, "i", f);
}

enum vc_status sq_firm_member_of_account(struct store *s, int64_t a, struct firm_member *out)
{
    return sq_query_one(SQ(s),
                        "SELECT " MEMBER_COLS " FROM firm_members WHERE account_id = ?"
                        " AND state = 'active' ORDER BY id DESC LIMIT 1",
                        read_member, out, "i", a);
}

enum vc_status sq_firm_member_invited(struct store *s, const char *e, struct firm_member *out)
{
    return sq_query_one(SQ(s),
                        "SELECT " MEMBER_COLS " FROM firm_members WHERE email = ?"
                        " AND state = 'invited' ORDER BY id DESC LIMIT 1",
                        read_member, out, "t", e);
}

/* ---- delegations ---- */

#define DELEGATION_COLS                                                                            \
    "id, kind, state, principal_account_id, company_member_id, principal_tax_id,"                  \
    " principal_name, firm_id, agent_account_id, email, case_id, created_at, created_by,"          \
    " decided_at, decided_by, ended_at, ended_by"

static void read_delegation(sqlite3_stmt *st, void *out)
{
    struct delegation *d = out;
    char buf[16];
    memset(d, 0, sizeof *d);
    d->id = I64(st, 0);
    COL(st, 1, buf);
    delegation_kind_parse(buf, &d->kind);
    COL(st, 2, buf);
    delegation_state_parse(buf, &d->state);
    d->principal_account_id = I64(st, 3);
    d->company_member_id = I64(st, 4);
    COL(st, 5, d->principal_tax_id);
    COL(st, 6, d->principal_name);
    d->firm_id = I64(st, 7);
    d->agent_account_id = I64(st, 8);
    COL(st, 9, d->email);
    d->case_id = I64(st, 10);
    d->created_at = I64(st, 11);
    d->created_by = I64(st, 12);
    d->decided_at = I64(st, 13);
    d->decided_by = I64(st, 14);
    d->ended_at = I64(st, 15);
    d->ended_by = I64(st, 16);
}

enum vc_status sq_delegation_insert(struct store *s, struct delegation *d)
{
    struct sq *q = SQ(s);
    enum vc_status st = sq_exec(
        q,
        "INSERT INTO delegations (kind, state, principal_account_id, company_member_id,"
        " principal_tax_id, principal_name, firm_id, agent_account_id, email, case_id, created_at,"
        " created_by, decided_at, decided_by, ended_at, ended_by)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        "ttiittiitiiiiiii", delegation_kind_name(d->kind), delegation_state_name(d->state),
        d->principal_account_id, d->company_member_id, d->principal_tax_id, d->principal_name,
        d->firm_id, d->agent_account_id, d->email, d->case_id, d->created_at, d->created_by,
        d->decided_at, d->decided_by, d->ended_at, d->ended_by);
    if (st == VC_OK)
        d->id = sqlite3_last_insert_rowid(q->db);
    return st;
}

enum vc_status sq_delegation_update(struct store *s, const struct delegation *d)
{
    return sq_exec(SQ(s),
                   "UPDATE delegations SET state = ?, principal_account_id = ?, case_id = ?,"
                   " decided_at = ?, decided_by = ?, ended_at = ?, ended_by = ? WHERE id = ?",
                   "tiiiiiii", delegation_state_name(d->state), d->principal_account_id, d->case_id,
                   d->decided_at, d->decided_by, d->ended_at, d->ended_by, d->id);
}

enum vc_status sq_delegation_by_id(struct store *s, int64_t id, struct delegation *out)
{
    return sq_query_one(SQ(s), "SELECT " DELEGATION_COLS " FROM delegations WHERE id = ?",
                        read_delegation, out, "i", id);
}

enum vc_status sq_delegations_of_company(struct store *s, int64_t m, struct delegation *out,
                                         size_t max, size_t *n)
{
    return sq_query_list(SQ(s),
                         "SELECT " DELEGATION_COLS " FROM delegations WHERE company_member_id = ?"
                         " AND kind = 'firm' ORDER BY id DESC",
                         read_delegation, out, sizeof *out, max, n, "i", m);
}

enum vc_status sq_delegations_of_firm(struct store *s, int64_t f, struct delegation *out,
                                      size_t max, size_t *n)
{
    return sq_query_list(SQ(s),
                         "SELECT " DELEGATION_COLS " FROM delegations WHERE firm_id = ?"
                         " AND kind = 'firm' ORDER BY id DESC",
                         read_delegation, out, sizeof *out, max, n, "i", f);
}

enum vc_status sq_delegations_of_agent(struct store *s, int64_t a, struct delegation *out,
                                       size_t max, size_t *n)
{
    return sq_query_list(SQ(s),
                         "SELECT " DELEGATION_COLS " FROM delegations WHERE agent_account_id = ?"
                         " AND kind = 'mandate' ORDER BY id DESC",
                         read_delegation, out, sizeof *out, max, n, "i", a);
}

enum vc_status sq_delegations_of_principal(struct store *s, int64_t a, struct delegation *out,
                                           size_t max, size_t *n)
{
    return sq_query_list(SQ(s),
                         "SELECT " DELEGATION_COLS " FROM delegations"
                         " WHERE principal_account_id = ? ORDER BY id DESC",
                         read_delegation, out, sizeof *out, max, n, "i", a);
}

enum vc_status sq_delegations_link_principal(struct store *s, const char *cf, int64_t a)
{
    return sq_exec(SQ(s),
                   "UPDATE delegations SET principal_account_id = ? WHERE principal_tax_id = ?"
                   " AND kind = 'mandate' AND principal_account_id = 0",
                   "it", a, cf);
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The SQLite backend's row operations: every function of core/repo.h, one
 * section per table, each a cached statement and a row reader. */
#include <string.h>

#include "store/sqlite/sq.h"

/* ---- members ---- */

#define MEMBER_COLS                                                                                \
    "id, matricola, codice_fiscale, category, given_name, family_name, birth_date, birth_place, "  \
    "address, postcode, city, province, mobile, company_name, partita_iva, updated_at"

static void read_member(sqlite3_stmt *st, void *out)
{
    struct member *m = out;
    char cat[32];
    memset(m, 0, sizeof *m);
    m->id = I64(st, 0);
    COL(st, 1, m->matricola);
    COL(st, 2, m->codice_fiscale);
    COL(st, 3, cat);
    member_category_parse(cat, &m->category);
    COL(st, 4, m->given_name);
    COL(st, 5, m->family_name);
    COL(st, 6, m->birth_date);
    COL(st, 7, m->birth_place);
    COL(st, 8, m->address);
    COL(st, 9, m->postcode);
    COL(st, 10, m->city);
    COL(st, 11, m->province);
    COL(st, 12, m->mobile);
    COL(st, 13, m->company_name);
    COL(st, 14, m->partita_iva);
    m->updated_at = I64(st, 15);
}

enum vc_status sq_member_upsert(struct store *s, struct member *m)
{
    struct sq *q = SQ(s);
    enum vc_status st = sq_exec(
        q,
        "INSERT INTO members (matricola, codice_fiscale, category, given_name, family_name,"
        " birth_date, birth_place, address, postcode, city, province, mobile, company_name,"
        " partita_iva, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
        " ON CONFLICT (matricola) DO UPDATE SET codice_fiscale = excluded.codice_fiscale,"
        " category = excluded.category, given_name = excluded.given_name,"
        " family_name = excluded.family_name, birth_date = excluded.birth_date,"
        " birth_place = excluded.birth_place, address = excluded.address,"
        " postcode = excluded.postcode, city = excluded.city, province = excluded.province,"
        " mobile = excluded.mobile, company_name = excluded.company_name,"
        " partita_iva = excluded.partita_iva, updated_at = excluded.updated_at",
        "tttttttttttttti", m->matricola, m->codice_fiscale, member_category_name(m->category),
        m->given_name, m->family_name, m->birth_date, m->birth_place, m->address, m->postcode,
        m->city, m->province, m->mobile, m->company_name, m->partita_iva, m->updated_at);
    if (st != VC_OK)
        return st;
    size_t n = 0;
    st = sq_query_list(q, "SELECT id FROM members WHERE matricola = ?", sq_read_i64, &m->id,
                       sizeof m->id, 1, &n, "t", m->matricola);
    return st == VC_OK && n == 0 ? VC_ERR_STORE : st;
}

enum vc_status sq_member_by_id(struct store *s, int64_t id, struct member *out)
{
    return sq_query_one(SQ(s), "SELECT " MEMBER_COLS " FROM members WHERE id = ?", read_member, out,
                        "i", id);
}

enum vc_status sq_member_by_matricola(struct store *s, const char *mat, struct member *out)
{
    return sq_query_one(SQ(s), "SELECT " MEMBER_COLS " FROM members WHERE matricola = ?",
                        read_member, out, "t", mat);
}

enum vc_status sq_member_by_cf(struct store *s, const char *cf, struct member *out)
{
    return sq_query_one(SQ(s),
                        "SELECT " MEMBER_COLS " FROM members WHERE codice_fiscale = ?"
                        " ORDER BY id LIMIT 1",
                        read_member, out, "t", cf);
}

enum vc_status sq_member_count(struct store *s, int64_t *out)
{
    return sq_query_one(SQ(s), "SELECT count(*) FROM members", sq_read_i64, out, "");
}

/* ---- offices ---- */

#define OFFICE_COLS                                                                                \
    "code, network, name, address, postcode, city, province, latitude, longitude, phone, email,"   \
    " hours, updated_at"
/* network, province and city compare and sort without regard to ASCII
 * case: the columns are COLLATE NOCASE (009_offices.sql); name likewise. */
#define OFFICE_ORDER " ORDER BY province, city, name COLLATE NOCASE, code"

static void read_office(sqlite3_stmt *st, void *out)
{
    struct office *o = out;
    memset(o, 0, sizeof *o);
    COL(st, 0, o->code);
    COL(st, 1, o->network);
    COL(st, 2, o->name);
    COL(st, 3, o->address);
    COL(st, 4, o->postcode);
    COL(st, 5, o->city);
    COL(st, 6, o->province);
    o->has_position =
        sqlite3_column_type(st, 7) != SQLITE_NULL && sqlite3_column_type(st, 8) != SQLITE_NULL;
    if (o->has_position) {
        o->latitude = sqlite3_column_double(st, 7);
        o->longitude = sqlite3_column_double(st, 8);
    }
    COL(st, 9, o->phone);
    COL(st, 10, o->email);
    COL(st, 11, o->hours);
    o->updated_at = I64(st, 12);
}

enum vc_status sq_office_upsert(struct store *s, const struct office *o)
{
    return sq_exec(SQ(s),
                   "INSERT INTO offices (" OFFICE_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
                   " CASE WHEN ?8 THEN ?9 END, CASE WHEN ?8 THEN ?10 END, ?11, ?12, ?13, ?14)"
                   " ON CONFLICT (code) DO UPDATE SET network = excluded.network,"
                   " name = excluded.name, address = excluded.address,"
                   " postcode = excluded.postcode, city = excluded.city,"
                   " province = excluded.province, latitude = excluded.latitude,"
                   " longitude = excluded.longitude, phone = excluded.phone,"
                   " email = excluded.email, hours = excluded.hours,"
                   " updated_at = excluded.updated_at",
                   "tttttttnffttti", o->code, o->network, o->name, o->address, o->postcode, o->city,
                   o->province, (int)o->has_position, o->latitude, o->longitude, o->phone, o->email,
                   o->hours, o->updated_at);
}

enum vc_status sq_office_by_code(struct store *s, const char *code, struct office *out)
{
    return sq_query_one(SQ(s), "SELECT " OFFICE_COLS " FROM offices WHERE code = ?", read_office,
                        out, "t", code);
}

/* Two statements, so that a set of networks is looked up in the index
 * (offices_place) and "every network" is no test at all. The set fills
 * ?1..?12; the slots it leaves bind NULL, which equals nothing. */
enum vc_status sq_offices_list(struct store *s, const struct office_filter *f, struct office *out,
                               size_t max, size_t *n)
{
    if (f->n_networks > OFFICE_FILTER_NETWORKS_MAX)
        return VC_ERR_INVALID;
    if (f->n_networks == 0)
        return sq_query_list(
            SQ(s),
            "SELECT " OFFICE_COLS " FROM offices"
            " WHERE (?1 = '' OR province = ?1) AND (?2 = '' OR city = ?2)" OFFICE_ORDER " LIMIT ?3",
            read_office, out, sizeof *out, max, n, "tti", f->province, f->city, (int64_t)max);
    const char *nw[OFFICE_FILTER_NETWORKS_MAX] = {NULL};
    for (size_t i = 0; i < f->n_networks; i++)
        nw[i] = f->networks[i];
    _Static_assert(OFFICE_FILTER_NETWORKS_MAX == 12, "the statement below has 12 slots");
    return sq_query_list(
        SQ(s),
        "SELECT " OFFICE_COLS " FROM offices"
        " WHERE network IN (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
        " AND (?13 = '' OR province = ?13) AND (?14 = '' OR city = ?14)" OFFICE_ORDER " LIMIT ?15",
        read_office, out, sizeof *out, max, n, "tttttttttttttti", nw[0], nw[1], nw[2], nw[3], nw[4],
        nw[5], nw[6], nw[7], nw[8], nw[9], nw[10], nw[11], f->province, f->city, (int64_t)max);
}

static void read_network(sqlite3_stmt *st, void *out)
{
    sq_col(st, 0, out, OFFICE_NETWORK_MAX + 1);
}

enum vc_status sq_office_networks(struct store *s, char (*out)[OFFICE_NETWORK_MAX + 1], size_t max,
                                  size_t *n)
{
    /* network is COLLATE NOCASE: "CAF" and "Caf" group as one network,
     * shown in the spelling that sorts first byte by byte ("CAF") */
    return sq_query_list(SQ(s),
                         "SELECT min(network COLLATE BINARY) FROM offices GROUP BY network"
                         " ORDER BY network LIMIT ?",
                         read_network, out, OFFICE_NETWORK_MAX + 1, max, n, "i", (int64_t)max);
}

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

/* ---- persons ---- */

#define PERSON_COLS                                                                                \
    "id, account_id, given_name, family_name, sex, birth_date, birth_place, birth_place_code,"     \
    " codice_fiscale, address, postcode, city, province, mobile, company_name, source,"            \
    " updated_at"

static void read_person(sqlite3_stmt *st, void *out)
{
    struct person *p = out;
    memset(p, 0, sizeof *p);
    p->id = I64(st, 0);
    p->account_id = I64(st, 1);
    COL(st, 2, p->given_name);
    COL(st, 3, p->family_name);
    COL(st, 4, p->sex);
    COL(st, 5, p->birth_date);
    COL(st, 6, p->birth_place);
    COL(st, 7, p->birth_place_code);
    COL(st, 8, p->codice_fiscale);
    COL(st, 9, p->address);
    COL(st, 10, p->postcode);
    COL(st, 11, p->city);
    COL(st, 12, p->province);
    COL(st, 13, p->mobile);
    COL(st, 14, p->company_name);
    COL(st, 15, p->source);
    p->updated_at = I64(st, 16);
}

enum vc_status sq_person_insert(struct store *s, struct person *p)
{
    struct sq *q = SQ(s);
    enum vc_status st = sq_exec(
        q,
        "INSERT INTO persons (account_id, given_name, family_name, sex, birth_date, birth_place,"
        " birth_place_code, codice_fiscale, address, postcode, city, province, mobile,"
        " company_name, source, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        "itttttttttttttti", p->account_id, p->given_name, p->family_name, p->sex, p->birth_date,
        p->birth_place, p->birth_place_code, p->codice_fiscale, p->address, p->postcode, p->city,
        p->province, p->mobile, p->company_name, p->source, p->updated_at);
    if (st == VC_OK)
        p->id = sqlite3_last_insert_rowid(q->db);
    return st;
}

enum vc_status sq_person_update(struct store *s, const struct person *p)
{
    return sq_exec(SQ(s),
                   "UPDATE persons SET given_name = ?, family_name = ?, sex = ?, birth_date = ?,"
                   " birth_place = ?, birth_place_code = ?, codice_fiscale = ?, address = ?,"
                   " postcode = ?, city = ?, province = ?, mobile = ?, company_name = ?,"
                   " source = ?, updated_at = ? WHERE id = ?",
                   "ttttttttttttttii", p->given_name, p->family_name, p->sex, p->birth_date,
                   p->birth_place, p->birth_place_code, p->codice_fiscale, p->address, p->postcode,
                   p->city, p->province, p->mobile, p->company_name, p->source, p->updated_at,
                   p->id);
}

enum vc_status sq_person_by_account(struct store *s, int64_t account_id, struct person *out)
{
    return sq_query_one(SQ(s), "SELECT " PERSON_COLS " FROM persons WHERE account_id = ?",
                        read_person, out, "i", account_id);
}

/* ---- letters ---- */

#define LETTER_COLS                                                                                \
    "id, account_id, outbox_id, kind, registered, tracking, address, status, queued_at,"           \
    " status_at, operator_id"

static void read_letter(sqlite3_stmt *st, void *out)
{
    struct letter *l = out;
    char buf[32];
    memset(l, 0, sizeof *l);
    l->id = I64(st, 0);
    l->account_id = I64(st, 1);
    l->outbox_id = I64(st, 2);
    COL(st, 3, l->kind);
    l->registered = I64(st, 4) != 0;
    COL(st, 5, l->tracking);
    COL(st, 6, l->address);
    COL(st, 7, buf);
    letter_status_parse(buf, &l->status);
    l->queued_at = I64(st, 8);
    l->status_at = I64(st, 9);
    l->operator_id = I64(st, 10);
}

enum vc_status sq_letter_insert(struct store *s, struct letter *l)
{
    struct sq *q = SQ(s);
    enum vc_status st =
        sq_exec(q,
                "INSERT INTO letters (account_id, outbox_id, kind, registered, tracking, address,"
                " status, queued_at, status_at, operator_id) VALUES (?,?,?,?,?,?,?,?,?,?)",
                "iitnttti"
                "ii",
                l->account_id, l->outbox_id, l->kind, (int)l->registered, l->tracking, l->address,
                letter_status_name(l->status), l->queued_at, l->status_at, l->operator_id);
    if (st == VC_OK)
        l->id = sqlite3_last_insert_rowid(q->db);
    return st;
}

enum vc_status sq_letter_update(struct store *s, const struct letter *l)
{
    return sq_exec(SQ(s),
                   "UPDATE letters SET status = ?, status_at = ?, operator_id = ? WHERE id = ?",
                   "tiii", letter_status_name(l->status), l->status_at, l->operator_id, l->id);
}

enum vc_status sq_letter_by_id(struct store *s, int64_t id, struct letter *out)
{
    return sq_query_one(SQ(s), "SELECT " LETTER_COLS " FROM letters WHERE id = ?", read_letter, out,
                        "i", id);
}

enum vc_status sq_letter_by_tracking(struct store *s, const char *tracking, struct letter *out)
{
    return sq_query_one(SQ(s), "SELECT " LETTER_COLS " FROM letters WHERE tracking = ?",
                        read_letter, out, "t", tracking);
}

enum vc_status sq_letters_of(struct store *s, int64_t account_id, struct letter *out, size_t max,
                             size_t *out_n)
{
    return sq_query_list(
        SQ(s), "SELECT " LETTER_COLS " FROM letters WHERE account_id = ? ORDER BY id DESC",
        read_letter, out, sizeof *out, max, out_n, "i", account_id);
}

enum vc_status sq_letters_recent(struct store *s, struct letter *out, size_t max, size_t *out_n)
{
    return sq_query_list(SQ(s), "SELECT " LETTER_COLS " FROM letters ORDER BY id DESC", read_letter,
                         out, sizeof *out, max, out_n, "");
}

enum vc_status sq_letter_printed(struct store *s, int64_t outbox_id, int64_t at)
{
    return sq_exec(SQ(s),
                   "UPDATE letters SET status = 'printed', status_at = ? WHERE outbox_id = ?"
                   " AND status = 'queued'",
                   "ii", at, outbox_id);
}

/* ---- identification cases ---- */

#define CASE_COLS                                                                                  \
    "id, number, account_id, step, status, channel, created_at, received_at, due_at,"              \
    " decided_at, operator_id, reasons"

static void read_case(sqlite3_stmt *st, void *out)
{
    struct id_case *c = out;
    char buf[16];
    memset(c, 0, sizeof *c);
    c->id = I64(st, 0);
    COL(st, 1, c->number);
    c->account_id = I64(st, 2);
    COL(st, 3, c->step);
    COL(st, 4, buf);
    case_status_parse(buf, &c->status);
    COL(st, 5, buf);
    case_channel_parse(buf, &c->channel);
    c->created_at = I64(st, 6);
    c->received_at = I64(st, 7);
    c->due_at = I64(st, 8);
    c->decided_at = I64(st, 9);
    c->operator_id = I64(st, 10);
    COL(st, 11, c->reasons);
}

enum vc_status sq_case_insert(struct store *s, struct id_case *c)
{
    struct sq *q = SQ(s);
    enum vc_status st = sq_exec(
        q,
        "INSERT INTO id_cases (number, account_id, step, status, channel, created_at,"
        " received_at, due_at, decided_at, operator_id, reasons) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        "titttiiiiit", c->number, c->account_id, c->step, case_status_name(c->status),
        case_channel_name(c->channel), c->created_at, c->received_at, c->due_at, c->decided_at,
        c->operator_id, c->reasons);
    if (st == VC_OK)
        c->id = sqlite3_last_insert_rowid(q->db);
    return st;
}

enum vc_status sq_case_update(struct store *s, const struct id_case *c)
{
    return sq_exec(SQ(s),
                   "UPDATE id_cases SET status = ?, channel = ?, received_at = ?, due_at = ?,"
                   " decided_at = ?, operator_id = ?, reasons = ? WHERE id = ?",
                   "ttiiiiti", case_status_name(c->status), case_channel_name(c->channel),
                   c->received_at, c->due_at, c->decided_at, c->operator_id, c->reasons, c->id);
}

enum vc_status sq_case_by_id(struct store *s, int64_t id, struct id_case *out)
{
    return sq_query_one(SQ(s), "SELECT " CASE_COLS " FROM id_cases WHERE id = ?", read_case, out,
                        "i", id);
}

enum vc_status sq_case_by_account(struct store *s, int64_t a, const char *step, struct id_case *out)
{
    return sq_query_one(SQ(s),
                        "SELECT " CASE_COLS " FROM id_cases WHERE account_id = ? AND step = ?",
                        read_case, out, "it", a, step);
}

enum vc_status sq_case_by_number(struct store *s, const char *number, struct id_case *out)
{
    return sq_query_one(SQ(s), "SELECT " CASE_COLS " FROM id_cases WHERE number = ?", read_case,
                        out, "t", number);
}

enum vc_status sq_case_queue(struct store *s, struct id_case *out, size_t max, size_t *n)
{
    return sq_query_list(SQ(s),
                         "SELECT " CASE_COLS " FROM id_cases WHERE status = 'received'"
                         " ORDER BY due_at, id",
                         read_case, out, sizeof *out, max, n, "");
}

enum vc_status sq_case_next_number(struct store *s, int64_t *out)
{
    struct sq *q = SQ(s);
    enum vc_status st = sq_exec(q,
                                "INSERT INTO counters (name, value) VALUES ('case', 1)"
                                " ON CONFLICT (name) DO UPDATE SET value = value + 1",
                                "");
    if (st != VC_OK)
        return st;
    return sq_query_one(q, "SELECT value FROM counters WHERE name = 'case'", sq_read_i64, out, "");
}

#define DOC_COLS "id, case_id, channel, blob, sha256, mime, size, received_at, recorded_by"

static void read_doc(sqlite3_stmt *st, void *out)
{
    struct case_document *d = out;
    char buf[16];
    memset(d, 0, sizeof *d);
    d->id = I64(st, 0);
    d->case_id = I64(st, 1);
    COL(st, 2, buf);
    case_channel_parse(buf, &d->channel);
    COL(st, 3, d->blob);
    COL(st, 4, d->sha256);
    COL(st, 5, d->mime);
    d->size = I64(st, 6);
    d->received_at = I64(st, 7);
    d->recorded_by = I64(st, 8);
}

enum vc_status sq_case_document_insert(struct store *s, struct case_document *d)
{
    struct sq *q = SQ(s);
    enum vc_status st = sq_exec(q,
                                "INSERT INTO case_documents (case_id, channel, blob, sha256, mime,"
                                " size, received_at, recorded_by) VALUES (?,?,?,?,?,?,?,?)",
                                "itttti"
                                "ii",
                                d->case_id, case_channel_name(d->channel), d->blob, d->sha256,
                                d->mime, d->size, d->received_at, d->recorded_by);
    if (st == VC_OK)
        d->id = sqlite3_last_insert_rowid(q->db);
    return st;
}

enum vc_status sq_case_documents(struct store *s, int64_t c, struct case_document *out, size_t max,
                                 size_t *n)
{
    return sq_query_list(
        SQ(s), "SELECT " DOC_COLS " FROM case_documents WHERE case_id = ? ORDER BY id DESC",
        read_doc, out, sizeof *out, max, n, "i", c);
}

enum vc_status sq_case_document_by_id(struct store *s, int64_t id, struct case_document *out)
{
    return sq_query_one(SQ(s), "SELECT " DOC_COLS " FROM case_documents WHERE id = ?", read_doc,
                        out, "i", id);
}

/* ---- audit ---- */

#define AUDIT_COLS                                                                                 \
    "seq, at, actor, on_behalf_of, action, object, account_id, ip, request_id, detail,"            \
    " prev_hash, hash"

static void read_audit(sqlite3_stmt *st, void *out)
{
    struct audit_event *e = out;
    memset(e, 0, sizeof *e);
    e->seq = I64(st, 0);
    e->at = I64(st, 1);
    COL(st, 2, e->actor);
    COL(st, 3, e->on_behalf_of);
    COL(st, 4, e->action);
    COL(st, 5, e->object);
    e->account_id = I64(st, 6);
    COL(st, 7, e->ip);
    COL(st, 8, e->request_id);
    COL(st, 9, e->detail);
    COL(st, 10, e->prev_hash);
    COL(st, 11, e->hash);
}

enum vc_status sq_audit_last(struct store *s, struct audit_event *out)
{
    return sq_query_one(SQ(s), "SELECT " AUDIT_COLS " FROM audit_events ORDER BY seq DESC LIMIT 1",
                        read_audit, out, "");
}

enum vc_status sq_audit_insert(struct store *s, const struct audit_event *e)
{
    return sq_exec(SQ(s),
                   "INSERT INTO audit_events (" AUDIT_COLS ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                   "iitttti"
                   "ttttt",
                   e->seq, e->at, e->actor, e->on_behalf_of, e->action, e->object, e->account_id,
                   e->ip, e->request_id, e->detail, e->prev_hash, e->hash);
}

enum vc_status sq_audit_each(struct store *s, int (*cb)(void *ctx, const struct audit_event *ev),
                             void *ctx)
{
    struct sq *q = SQ(s);
    /* A statement of its own: callbacks must not disturb the cache. */
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(q->db, "SELECT " AUDIT_COLS " FROM audit_events ORDER BY seq", -1, &st,
                           NULL) != SQLITE_OK)
        return sq_fail(q, "audit_each");
    int rc;
    struct audit_event ev;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        read_audit(st, &ev);
        if (cb(ctx, &ev) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    enum vc_status res = rc == SQLITE_DONE ? VC_OK : sq_fail(q, "audit_each");
    sqlite3_finalize(st);
    return res;
}

enum vc_status sq_audit_for_account(struct store *s, int64_t a, struct audit_event *out, size_t max,
                                    size_t *n)
{
    return sq_query_list(SQ(s),
                         "SELECT " AUDIT_COLS " FROM audit_events WHERE account_id = ?"
                         " ORDER BY seq DESC",
                         read_audit, out, sizeof *out, max, n, "i", a);
}

/* ---- outbox ---- */

#define OUTBOX_COLS                                                                                \
    "id, channel, recipient, template, lang, payload, status, attempts, created_at,"               \
    " next_attempt_at, delivered_at, idempotency_key, last_error, account_id"

static void read_outbox(sqlite3_stmt *st, void *out)
{
    struct outbox_msg *m = out;
    char buf[32]; /* the longest name: "registered_letter" */
    memset(m, 0, sizeof *m);
    m->id = I64(st, 0);
    COL(st, 1, buf);
    outbox_channel_parse(buf, &m->channel);
    COL(st, 2, m->recipient);
    COL(st, 3, m->template_name);
    COL(st, 4, m->lang);
    COL(st, 5, m->payload);
    COL(st, 6, buf);
    outbox_status_parse(buf, &m->status);
    m->attempts = (int)I64(st, 7);
    m->created_at = I64(st, 8);
    m->next_attempt_at = I64(st, 9);
    m->delivered_at = I64(st, 10);
    COL(st, 11, m->idempotency_key);
    COL(st, 12, m->last_error);
    m->account_id = I64(st, 13);
}

enum vc_status sq_outbox_insert(struct store *s, struct outbox_msg *m)
{
    struct sq *q = SQ(s);
    enum vc_status st = sq_exec(
        q,
        "INSERT INTO outbox (channel, recipient, template, lang, payload, status, attempts,"
        " created_at, next_attempt_at, delivered_at, idempotency_key, last_error, account_id)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        "ttttttn"
        "iiitti",
        outbox_channel_name(m->channel), m->recipient, m->template_name, m->lang, m->payload,
        outbox_status_name(m->status), m->attempts, m->created_at, m->next_attempt_at,
        m->delivered_at, m->idempotency_key, m->last_error, m->account_id);
    if (st == VC_OK)
        m->id = sqlite3_last_insert_rowid(q->db);
    return st;
}

enum vc_status sq_outbox_update(struct store *s, const struct outbox_msg *m)
{
    return sq_exec(SQ(s),
                   "UPDATE outbox SET payload = ?, status = ?, attempts = ?, next_attempt_at = ?,"
                   " delivered_at = ?, last_error = ?, claimed_until = 0, claimed_by = ''"
                   " WHERE id = ?",
                   "ttniiti", m->payload, outbox_status_name(m->status), m->attempts,
                   m->next_attempt_at, m->delivered_at, m->last_error, m->id);
}

enum vc_status sq_outbox_due(struct store *s, int64_t now, struct outbox_msg *out, size_t max,
                             size_t *n)
{
    return sq_query_list(SQ(s),
                         "SELECT " OUTBOX_COLS " FROM outbox WHERE status IN ('pending', 'stuck')"
                         " AND next_attempt_at <= ? ORDER BY next_attempt_at, id",
                         read_outbox, out, sizeof *out, max, n, "i", now);
}

enum vc_status sq_outbox_claim(struct store *s, int64_t now, int64_t until, const char *worker,
                               struct outbox_msg *out, size_t max, size_t *n)
{
    return sq_query_list(
        SQ(s),
        "UPDATE outbox SET claimed_until = ?, claimed_by = ? WHERE id IN (SELECT id FROM outbox"
        " WHERE status IN ('pending', 'stuck') AND next_attempt_at <= ? AND claimed_until <= ?"
        " ORDER BY next_attempt_at, id LIMIT ?) RETURNING " OUTBOX_COLS,
        read_outbox, out, sizeof *out, max, n, "itiii", until, worker, now, now, (int64_t)max);
}

static void read_claimer(sqlite3_stmt *st, void *out)
{
    sq_col(st, 0, out, OUTBOX_WORKER_MAX);
}

enum vc_status sq_outbox_claimers(struct store *s, int64_t now, char (*out)[OUTBOX_WORKER_MAX],
                                  size_t max, size_t *n)
{
    return sq_query_list(SQ(s),
                         "SELECT DISTINCT claimed_by FROM outbox WHERE claimed_until > ?"
                         " AND claimed_by <> '' ORDER BY claimed_by LIMIT ?",
                         read_claimer, out, OUTBOX_WORKER_MAX, max, n, "ii", now, (int64_t)max);
}

enum vc_status sq_outbox_release(struct store *s, const char *worker)
{
    return sq_exec(SQ(s),
                   "UPDATE outbox SET claimed_until = 0, claimed_by = '' WHERE claimed_by = ?", "t",
                   worker);
}

enum vc_status sq_outbox_list(struct store *s, int status, struct outbox_msg *out, size_t max,
                              size_t *n)
{
    if (status < 0)
        return sq_query_list(SQ(s), "SELECT " OUTBOX_COLS " FROM outbox ORDER BY id DESC",
                             read_outbox, out, sizeof *out, max, n, "");
    return sq_query_list(
        SQ(s), "SELECT " OUTBOX_COLS " FROM outbox WHERE status = ? ORDER BY id DESC", read_outbox,
        out, sizeof *out, max, n, "t", outbox_status_name((enum outbox_status)status));
}

enum vc_status sq_outbox_by_id(struct store *s, int64_t id, struct outbox_msg *out)
{
    return sq_query_one(SQ(s), "SELECT " OUTBOX_COLS " FROM outbox WHERE id = ?", read_outbox, out,
                        "i", id);
}

/* ---- sessions ---- */

static const char *kind_name(enum session_kind k)
{
    return k == SESSION_OPERATOR ? "operator" : k == SESSION_LEGACY ? "legacy" : "member";
}

#define SESSION_COLS                                                                               \
    "id_hash, kind, principal_id, level, mfa_done, created_at, last_seen_at, ip, user_agent"

static void read_session(sqlite3_stmt *st, void *out)
{
    struct session *se = out;
    char buf[16];
    memset(se, 0, sizeof *se);
    COL(st, 0, se->id_hash);
    COL(st, 1, buf);
    se->kind = strcmp(buf, "operator") == 0 ? SESSION_OPERATOR
               : strcmp(buf, "legacy") == 0 ? SESSION_LEGACY
                                            : SESSION_MEMBER;
    se->principal_id = I64(st, 2);
    COL(st, 3, buf);
    account_level_parse(buf, &se->level);
    se->mfa_done = I64(st, 4) != 0;
    se->created_at = I64(st, 5);
    se->last_seen_at = I64(st, 6);
    COL(st, 7, se->ip);
    COL(st, 8, se->user_agent);
}

enum vc_status sq_session_insert(struct store *s, const struct session *se)
{
    return sq_exec(SQ(s), "INSERT INTO sessions (" SESSION_COLS ") VALUES (?,?,?,?,?,?,?,?,?)",
                   "ttitniitt", se->id_hash, kind_name(se->kind), se->principal_id,
                   account_level_name(se->level), (int)se->mfa_done, se->created_at,
                   se->last_seen_at, se->ip, se->user_agent);
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

/* ---- legacy accounts ---- */

#define LEGACY_COLS                                                                                \
    "id, username, cf_norm, member_id, password_hash, email, state, weak_password, account_id,"    \
    " imported_at, migrated_at"

static const char *legacy_state_name(enum legacy_state st)
{
    return st == LEGACY_MIGRATED ? "migrated" : st == LEGACY_DISABLED ? "disabled" : "active";
}

static void read_legacy(sqlite3_stmt *st, void *out)
{
    struct legacy_account *l = out;
    char buf[16];
    memset(l, 0, sizeof *l);
    l->id = I64(st, 0);
    COL(st, 1, l->username);
    COL(st, 2, l->cf_norm);
    l->member_id = I64(st, 3);
    COL(st, 4, l->password_hash);
    COL(st, 5, l->email);
    COL(st, 6, buf);
    l->state = strcmp(buf, "migrated") == 0   ? LEGACY_MIGRATED
               : strcmp(buf, "disabled") == 0 ? LEGACY_DISABLED
                                              : LEGACY_ACTIVE;
    l->weak_password = I64(st, 7) != 0;
    l->account_id = I64(st, 8);
    l->imported_at = I64(st, 9);
    l->migrated_at = I64(st, 10);
}

enum vc_status sq_legacy_upsert(struct store *s, struct legacy_account *l)
{
    struct sq *q = SQ(s);
    enum vc_status st = sq_exec(
        q,
        "INSERT INTO legacy_accounts (username, cf_norm, member_id, password_hash, email, state,"
        " weak_password, account_id, imported_at, migrated_at) VALUES (?,?,?,?,?,?,?,?,?,?)"
        " ON CONFLICT (username) DO UPDATE SET cf_norm = excluded.cf_norm,"
        " member_id = excluded.member_id, password_hash = excluded.password_hash,"
        " email = excluded.email, imported_at = excluded.imported_at WHERE state = 'active'",
        "tti"
        "tttn"
        "iii",
        l->username, l->cf_norm, l->member_id, l->password_hash, l->email,
        legacy_state_name(l->state), (int)l->weak_password, l->account_id, l->imported_at,
        l->migrated_at);
    if (st != VC_OK)
        return st;
    return sq_query_one(q, "SELECT " LEGACY_COLS " FROM legacy_accounts WHERE username = ?",
                        read_legacy, l, "t", l->username);
}

enum vc_status sq_legacy_update(struct store *s, const struct legacy_account *l)
{
    return sq_exec(SQ(s),
                   "UPDATE legacy_accounts SET password_hash = ?, email = ?, state = ?,"
                   " weak_password = ?, account_id = ?, migrated_at = ? WHERE id = ?",
                   "tttniii", l->password_hash, l->email, legacy_state_name(l->state),
                   (int)l->weak_password, l->account_id, l->migrated_at, l->id);
}

enum vc_status sq_legacy_by_id(struct store *s, int64_t id, struct legacy_account *out)
{
    return sq_query_one(SQ(s), "SELECT " LEGACY_COLS " FROM legacy_accounts WHERE id = ?",
                        read_legacy, out, "i", id);
}

enum vc_status sq_legacy_by_username(struct store *s, const char *u, struct legacy_account *out)
{
    return sq_query_one(SQ(s), "SELECT " LEGACY_COLS " FROM legacy_accounts WHERE username = ?",
                        read_legacy, out, "t", u);
}

enum vc_status sq_legacy_disable_person(struct store *s, const char *cf, int64_t keep)
{
    return sq_exec(SQ(s),
                   "UPDATE legacy_accounts SET state = 'disabled'"
                   " WHERE cf_norm = ? AND id != ? AND state = 'active'",
                   "ti", cf, keep);
}

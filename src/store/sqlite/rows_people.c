/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The SQLite backend's row operations for the people and places imported
 * or registered: members (the registry), persons, legacy accounts, offices. Every
 * function of core/repo.h lives in one of the rows*.c files, one section per
 * table, each a cached statement and a row reader. */
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

/* ---- in-person recognition ---- */

#define IN_PERSON_COLS                                                                             \
    "account_id, office_code, status, chosen_at, appt_at, appt_minutes, appt_no, appt_seq,"        \
    " doc_type, doc_number, doc_issuer, doc_expiry, health_card, recorded_at, recorded_by,"        \
    " case_id, reasons, updated_at"

static void read_in_person(sqlite3_stmt *st, void *out)
{
    struct in_person *ip = out;
    char buf[16];
    memset(ip, 0, sizeof *ip);
    ip->account_id = I64(st, 0);
    COL(st, 1, ip->office_code);
    COL(st, 2, buf);
    in_person_status_parse(buf, &ip->status);
    ip->chosen_at = I64(st, 3);
    ip->appt_at = I64(st, 4);
    ip->appt_minutes = (int)I64(st, 5);
    ip->appt_no = (int)I64(st, 6);
    ip->appt_seq = (int)I64(st, 7);
    COL(st, 8, ip->doc_type);
    COL(st, 9, ip->doc_number);
    COL(st, 10, ip->doc_issuer);
    COL(st, 11, ip->doc_expiry);
    COL(st, 12, ip->health_card);
    ip->recorded_at = I64(st, 13);
    ip->recorded_by = I64(st, 14);
    ip->case_id = I64(st, 15);
    COL(st, 16, ip->reasons);
    ip->updated_at = I64(st, 17);
}

enum vc_status sq_in_person_upsert(struct store *s, const struct in_person *ip)
{
    return sq_exec(SQ(s),
                   "INSERT INTO in_person (" IN_PERSON_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
                   " ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)"
                   " ON CONFLICT (account_id) DO UPDATE SET office_code = ?2, status = ?3,"
                   " chosen_at = ?4, appt_at = ?5, appt_minutes = ?6, appt_no = ?7,"
                   " appt_seq = ?8, doc_type = ?9, doc_number = ?10, doc_issuer = ?11,"
                   " doc_expiry = ?12, health_card = ?13, recorded_at = ?14, recorded_by = ?15,"
                   " case_id = ?16, reasons = ?17, updated_at = ?18",
                   "ittiinnntttttiiiti", ip->account_id, ip->office_code,
                   in_person_status_name(ip->status), ip->chosen_at, ip->appt_at, ip->appt_minutes,
                   ip->appt_no, ip->appt_seq, ip->doc_type, ip->doc_number, ip->doc_issuer,
                   ip->doc_expiry, ip->health_card, ip->recorded_at, ip->recorded_by, ip->case_id,
                   ip->reasons, ip->updated_at);
}

enum vc_status sq_in_person_by_account(struct store *s, int64_t a, struct in_person *out)
{
    return sq_query_one(SQ(s), "SELECT " IN_PERSON_COLS " FROM in_person WHERE account_id = ?",
                        read_in_person, out, "i", a);
}

enum vc_status sq_in_person_of_office(struct store *s, const char *office, struct in_person *out,
                                      size_t max, size_t *n)
{
    return sq_query_list(SQ(s),
                         "SELECT " IN_PERSON_COLS " FROM in_person WHERE office_code = ?"
                         " AND status IN ('chosen', 'scheduled', 'recorded', 'rejected')"
                         " ORDER BY appt_at = 0, appt_at, chosen_at, account_id",
                         read_in_person, out, sizeof *out, max, n, "t", office);
}

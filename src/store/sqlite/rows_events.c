/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The SQLite backend's row operations for what happens to a person: letters,
 * identification cases and their documents, the audit chain, the outbox. Every
 * function of core/repo.h lives in one of the rows*.c files, one section per
 * table, each a cached statement and a row reader. */
#include <string.h>

#include "store/sqlite/sq.h"

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
    " decided_at, operator_id, reasons, delegation_id"

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
    c->delegation_id = I64(st, 12);
}

enum vc_status sq_case_insert(struct store *s, struct id_case *c)
{
    struct sq *q = SQ(s);
    enum vc_status st =
        sq_exec(q,
                "INSERT INTO id_cases (number, account_id, step, status, channel, created_at,"
                " received_at, due_at, decided_at, operator_id, reasons, delegation_id)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                "titttiiiiiti", c->number, c->account_id, c->step, case_status_name(c->status),
                case_channel_name(c->channel), c->created_at, c->received_at, c->due_at,
                c->decided_at, c->operator_id, c->reasons, c->delegation_id);
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
                        "SELECT " CASE_COLS " FROM id_cases WHERE account_id = ? AND step = ?"
                        " AND delegation_id = 0",
                        read_case, out, "it", a, step);
}

enum vc_status sq_case_by_number(struct store *s, const char *number, struct id_case *out)
{
    return sq_query_one(SQ(s), "SELECT " CASE_COLS " FROM id_cases WHERE number = ?", read_case,
                        out, "t", number);
}

enum vc_status sq_case_queue(struct store *s, const char *step, struct id_case *out, size_t max,
                             size_t *n)
{
    return sq_query_list(SQ(s),
                         "SELECT " CASE_COLS " FROM id_cases WHERE status = 'received'"
                         " AND (?1 = '' OR step = ?1) ORDER BY due_at, id",
                         read_case, out, sizeof *out, max, n, "t", step);
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
                         "SELECT " AUDIT_COLS " FROM audit_events WHERE account_id = ?1"
                         " OR actor = 'account:' || ?1 ORDER BY seq DESC",
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

/* ---- contracts ---- */

#define CONTRACT_COLS                                                                              \
    "account_id, status, clauses, pdf_blob, pdf_sha256, mobile, codes_sent, last_code_at,"         \
    " sealed_blob, sealed_sha256, sealed_size, signed_at, signed_ip, updated_at"

static void read_contract(sqlite3_stmt *st, void *out)
{
    struct contract *c = out;
    char buf[16];
    memset(c, 0, sizeof *c);
    c->account_id = I64(st, 0);
    COL(st, 1, buf);
    contract_status_parse(buf, &c->status);
    COL(st, 2, c->clauses);
    COL(st, 3, c->pdf_blob);
    COL(st, 4, c->pdf_sha256);
    COL(st, 5, c->mobile);
    c->codes_sent = (int)I64(st, 6);
    c->last_code_at = I64(st, 7);
    COL(st, 8, c->sealed_blob);
    COL(st, 9, c->sealed_sha256);
    c->sealed_size = I64(st, 10);
    c->signed_at = I64(st, 11);
    COL(st, 12, c->signed_ip);
    c->updated_at = I64(st, 13);
}

enum vc_status sq_contract_upsert(struct store *s, const struct contract *c)
{
    return sq_exec(SQ(s),
                   "INSERT INTO contracts (" CONTRACT_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
                   " ?8, ?9, ?10, ?11, ?12, ?13, ?14) ON CONFLICT (account_id) DO UPDATE SET"
                   " status = ?2, clauses = ?3, pdf_blob = ?4, pdf_sha256 = ?5, mobile = ?6,"
                   " codes_sent = ?7, last_code_at = ?8, sealed_blob = ?9, sealed_sha256 = ?10,"
                   " sealed_size = ?11, signed_at = ?12, signed_ip = ?13, updated_at = ?14",
                   "itttttnittiiti", c->account_id, contract_status_name(c->status), c->clauses,
                   c->pdf_blob, c->pdf_sha256, c->mobile, c->codes_sent, c->last_code_at,
                   c->sealed_blob, c->sealed_sha256, c->sealed_size, c->signed_at, c->signed_ip,
                   c->updated_at);
}

enum vc_status sq_contract_by_account(struct store *s, int64_t a, struct contract *out)
{
    return sq_query_one(SQ(s), "SELECT " CONTRACT_COLS " FROM contracts WHERE account_id = ?",
                        read_contract, out, "i", a);
}

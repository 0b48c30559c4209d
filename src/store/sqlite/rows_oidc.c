/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The SQLite backend's rows of the OpenID Connect provider (migration 015):
 * clients, grants with their codes, refresh tokens, consents, client
 * assertions seen, and varco's signing keys. One cached statement per
 * operation of core/repo.h. */
#include <string.h>

#include "store/sqlite/sq.h"

/* ---- oidc_clients ---- */

#define CLIENT_COLS                                                                                \
    "id, client_id, name, secret_hash, auth_method, jwks, redirect_uris, post_logout_uris,"        \
    " backchannel_uri, home_url, first_party, id_token_alg, pairwise, created_at, removed_at"

static void read_client(sqlite3_stmt *st, void *out)
{
    struct oidc_client *c = out;
    memset(c, 0, sizeof *c);
    c->id = I64(st, 0);
    COL(st, 1, c->client_id);
    COL(st, 2, c->name);
    COL(st, 3, c->secret_hash);
    const unsigned char *m = sqlite3_column_text(st, 4);
    c->auth_method = m != NULL && strcmp((const char *)m, "private_key_jwt") == 0
                         ? OIDC_AUTH_PRIVATE_KEY_JWT
                         : OIDC_AUTH_SECRET;
    COL(st, 5, c->jwks);
    COL(st, 6, c->redirect_uris);
    COL(st, 7, c->post_logout_uris);
    COL(st, 8, c->backchannel_uri);
    COL(st, 9, c->home_url);
    c->first_party = I64(st, 10) != 0;
    COL(st, 11, c->id_token_alg);
    c->pairwise = I64(st, 12) != 0;
    c->created_at = I64(st, 13);
    c->removed_at = I64(st, 14);
}

static const char *method_name(enum oidc_auth_method m)
{
    return m == OIDC_AUTH_PRIVATE_KEY_JWT ? "private_key_jwt" : "client_secret";
}

enum vc_status sq_oidc_client_insert(struct store *s, struct oidc_client *c)
{
    struct sq *q = SQ(s);
    enum vc_status st = sq_exec(
        q,
        "INSERT INTO oidc_clients (client_id, name, secret_hash, auth_method, jwks,"
        " redirect_uris, post_logout_uris, backchannel_uri, home_url, first_party, id_token_alg,"
        " pairwise, created_at, removed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        "tttttttttntnii", c->client_id, c->name, c->secret_hash, method_name(c->auth_method),
        c->jwks, c->redirect_uris, c->post_logout_uris, c->backchannel_uri, c->home_url,
        (int)c->first_party, c->id_token_alg, (int)c->pairwise, c->created_at, c->removed_at);
    if (st == VC_OK)
        c->id = sqlite3_last_insert_rowid(q->db);
    return st;
}

enum vc_status sq_oidc_client_update(struct store *s, const struct oidc_client *c)
{
    return sq_exec(SQ(s),
                   "UPDATE oidc_clients SET name = ?, secret_hash = ?, auth_method = ?, jwks = ?,"
                   " redirect_uris = ?, post_logout_uris = ?, backchannel_uri = ?, home_url = ?,"
                   " first_party = ?, id_token_alg = ?, pairwise = ?, removed_at = ? WHERE id = ?",
                   "ttttttttntnii", c->name, c->secret_hash, method_name(c->auth_method), c->jwks,
                   c->redirect_uris, c->post_logout_uris, c->backchannel_uri, c->home_url,
                   (int)c->first_party, c->id_token_alg, (int)c->pairwise, c->removed_at, c->id);
}

enum vc_status sq_oidc_client_by_client_id(struct store *s, const char *id, struct oidc_client *out)
{
    return sq_query_one(SQ(s), "SELECT " CLIENT_COLS " FROM oidc_clients WHERE client_id = ?",
                        read_client, out, "t", id);
}

enum vc_status sq_oidc_client_by_id(struct store *s, int64_t id, struct oidc_client *out)
{
    return sq_query_one(SQ(s), "SELECT " CLIENT_COLS " FROM oidc_clients WHERE id = ?", read_client,
                        out, "i", id);
}

enum vc_status sq_oidc_clients_list(struct store *s, struct oidc_client *out, size_t max, size_t *n)
{
    return sq_query_list(SQ(s),
                         "SELECT " CLIENT_COLS " FROM oidc_clients WHERE removed_at = 0"
                         " ORDER BY name, client_id",
                         read_client, out, sizeof *out, max, n, "");
}

static void read_service(sqlite3_stmt *st, void *out)
{
    struct oidc_service *v = out;
    memset(v, 0, sizeof *v);
    COL(st, 0, v->client_id);
    COL(st, 1, v->name);
    COL(st, 2, v->home_url);
}

enum vc_status sq_oidc_services(struct store *s, struct oidc_service *out, size_t max, size_t *n)
{
    return sq_query_list(SQ(s),
                         "SELECT client_id, name, home_url FROM oidc_clients WHERE removed_at = 0"
                         " AND home_url != '' ORDER BY name, client_id",
                         read_service, out, sizeof *out, max, n, "");
}

static void read_consent_view(sqlite3_stmt *st, void *out)
{
    struct oidc_consent_view *v = out;
    memset(v, 0, sizeof *v);
    COL(st, 0, v->client_id);
    COL(st, 1, v->client_name);
    COL(st, 2, v->scope);
    v->granted_at = I64(st, 3);
}

enum vc_status sq_oidc_consents_of(struct store *s, int64_t a, struct oidc_consent_view *out,
                                   size_t max, size_t *n)
{
    return sq_query_list(SQ(s),
                         "SELECT c.client_id, c.name, k.scope, k.granted_at FROM oidc_consents k"
                         " JOIN oidc_clients c ON c.id = k.client WHERE k.account_id = ?"
                         " AND c.removed_at = 0 ORDER BY c.name",
                         read_consent_view, out, sizeof *out, max, n, "i", a);
}

/* ---- oidc_grants ---- */

#define GRANT_COLS                                                                                 \
    "id, client, account_id, session_hash, sid, scope, nonce, acr, amr, auth_time, code_hash,"     \
    " redirect_uri, code_challenge, code_expires_at, code_used_at, created_at, revoked_at,"        \
    " acting_for"

static void read_grant(sqlite3_stmt *st, void *out)
{
    struct oidc_grant *g = out;
    memset(g, 0, sizeof *g);
    g->id = I64(st, 0);
    g->client = I64(st, 1);
    g->account_id = I64(st, 2);
    COL(st, 3, g->session_hash);
    COL(st, 4, g->sid);
    COL(st, 5, g->scope);
    COL(st, 6, g->nonce);
    COL(st, 7, g->acr);
    COL(st, 8, g->amr);
    g->auth_time = I64(st, 9);
    COL(st, 10, g->code_hash);
    COL(st, 11, g->redirect_uri);
    COL(st, 12, g->code_challenge);
    g->code_expires_at = I64(st, 13);
    g->code_used_at = I64(st, 14);
    g->created_at = I64(st, 15);
    g->revoked_at = I64(st, 16);
    g->acting_for = I64(st, 17);
}

enum vc_status sq_oidc_grant_insert(struct store *s, struct oidc_grant *g)
{
    struct sq *q = SQ(s);
    enum vc_status st = sq_exec(
        q,
        "INSERT INTO oidc_grants (client, account_id, session_hash, sid, scope, nonce, acr, amr,"
        " auth_time, code_hash, redirect_uri, code_challenge, code_expires_at, code_used_at,"
        " created_at, revoked_at, acting_for) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        "iittttttitttiiiii", g->client, g->account_id, g->session_hash, g->sid, g->scope, g->nonce,
        g->acr, g->amr, g->auth_time, g->code_hash, g->redirect_uri, g->code_challenge,
        g->code_expires_at, g->code_used_at, g->created_at, g->revoked_at, g->acting_for);
    if (st == VC_OK)
        g->id = sqlite3_last_insert_rowid(q->db);
    return st;
}

enum vc_status sq_oidc_grant_update(struct store *s, const struct oidc_grant *g)
{
    return sq_exec(SQ(s), "UPDATE oidc_grants SET code_used_at = ?, revoked_at = ? WHERE id = ?",
                   "iii", g->code_used_at, g->revoked_at, g->id);
}

enum vc_status sq_oidc_grant_by_code(struct store *s, const char *h, struct oidc_grant *out)
{
    return sq_query_one(SQ(s), "SELECT " GRANT_COLS " FROM oidc_grants WHERE code_hash = ?",
                        read_grant, out, "t", h);
}

enum vc_status sq_oidc_grant_by_sid(struct store *s, const char *sid, struct oidc_grant *out)
{
    return sq_query_one(SQ(s), "SELECT " GRANT_COLS " FROM oidc_grants WHERE sid = ?", read_grant,
                        out, "t", sid);
}

enum vc_status sq_oidc_grant_by_id(struct store *s, int64_t id, struct oidc_grant *out)
{
    return sq_query_one(SQ(s), "SELECT " GRANT_COLS " FROM oidc_grants WHERE id = ?", read_grant,
                        out, "i", id);
}

enum vc_status sq_oidc_grants_live(struct store *s, int64_t a, struct oidc_grant *out, size_t max,
                                   size_t *n)
{
    return sq_query_list(SQ(s),
                         "SELECT " GRANT_COLS " FROM oidc_grants WHERE account_id = ?"
                         " AND revoked_at = 0 AND code_used_at != 0 ORDER BY id DESC",
                         read_grant, out, sizeof *out, max, n, "i", a);
}

enum vc_status sq_oidc_grants_revoke_of(struct store *s, int64_t a, int64_t c, int64_t at)
{
    return sq_exec(SQ(s),
                   "UPDATE oidc_grants SET revoked_at = ? WHERE account_id = ? AND client = ?"
                   " AND revoked_at = 0",
                   "iii", at, a, c);
}

enum vc_status sq_oidc_grants_revoke_client(struct store *s, int64_t c, int64_t at)
{
    return sq_exec(SQ(s),
                   "UPDATE oidc_grants SET revoked_at = ? WHERE client = ? AND revoked_at = 0",
                   "ii", at, c);
}

enum vc_status sq_oidc_grants_revoke_acting(struct store *s, int64_t delegation_id, int64_t at)
{
    return sq_exec(SQ(s),
                   "UPDATE oidc_grants SET revoked_at = ? WHERE acting_for = ? AND revoked_at = 0",
                   "ii", at, delegation_id);
}

/* ---- oidc_refresh_tokens ---- */

static void read_refresh(sqlite3_stmt *st, void *out)
{
    struct oidc_refresh *r = out;
    memset(r, 0, sizeof *r);
    COL(st, 0, r->hash);
    r->grant_id = I64(st, 1);
    r->created_at = I64(st, 2);
    r->expires_at = I64(st, 3);
    r->used_at = I64(st, 4);
}

enum vc_status sq_oidc_refresh_insert(struct store *s, const struct oidc_refresh *r)
{
    return sq_exec(SQ(s),
                   "INSERT INTO oidc_refresh_tokens (hash, grant_id, created_at, expires_at,"
                   " used_at) VALUES (?,?,?,?,?)",
                   "tiiii", r->hash, r->grant_id, r->created_at, r->expires_at, r->used_at);
}

enum vc_status sq_oidc_refresh_by_hash(struct store *s, const char *h, struct oidc_refresh *out)
{
    return sq_query_one(SQ(s),
                        "SELECT hash, grant_id, created_at, expires_at, used_at"
                        " FROM oidc_refresh_tokens WHERE hash = ?",
                        read_refresh, out, "t", h);
}

enum vc_status sq_oidc_refresh_update(struct store *s, const struct oidc_refresh *r)
{
    return sq_exec(SQ(s), "UPDATE oidc_refresh_tokens SET used_at = ? WHERE hash = ?", "it",
                   r->used_at, r->hash);
}

/* ---- oidc_consents ---- */

static void read_consent(sqlite3_stmt *st, void *out)
{
    struct oidc_consent *c = out;
    memset(c, 0, sizeof *c);
    c->account_id = I64(st, 0);
    c->client = I64(st, 1);
    COL(st, 2, c->scope);
    c->granted_at = I64(st, 3);
}

enum vc_status sq_oidc_consent_get(struct store *s, int64_t a, int64_t c, struct oidc_consent *out)
{
    return sq_query_one(SQ(s),
                        "SELECT account_id, client, scope, granted_at FROM oidc_consents"
                        " WHERE account_id = ? AND client = ?",
                        read_consent, out, "ii", a, c);
}

enum vc_status sq_oidc_consent_put(struct store *s, const struct oidc_consent *c)
{
    return sq_exec(SQ(s),
                   "INSERT OR REPLACE INTO oidc_consents (account_id, client, scope, granted_at)"
                   " VALUES (?,?,?,?)",
                   "iiti", c->account_id, c->client, c->scope, c->granted_at);
}

enum vc_status sq_oidc_consent_delete(struct store *s, int64_t a, int64_t c)
{
    return sq_exec(SQ(s), "DELETE FROM oidc_consents WHERE account_id = ? AND client = ?", "ii", a,
                   c);
}

/* ---- oidc_assertions ---- */

enum vc_status sq_oidc_assertion_seen(struct store *s, const char *h, int64_t exp, int64_t now)
{
    struct sq *q = SQ(s);
    enum vc_status st = sq_exec(q, "DELETE FROM oidc_assertions WHERE expires_at < ?", "i", now);
    if (st != VC_OK)
        return st;
    return sq_exec(q, "INSERT INTO oidc_assertions (hash, expires_at) VALUES (?,?)", "ti", h, exp);
}

/* ---- signing_keys ---- */

static void read_key(sqlite3_stmt *st, void *out)
{
    struct signing_key *k = out;
    memset(k, 0, sizeof *k);
    COL(st, 0, k->kid);
    COL(st, 1, k->alg);
    COL(st, 2, k->private_sealed);
    k->created_at = I64(st, 3);
    k->retired_at = I64(st, 4);
}

enum vc_status sq_signing_key_insert(struct store *s, const struct signing_key *k)
{
    return sq_exec(SQ(s),
                   "INSERT INTO signing_keys (kid, alg, private_sealed, created_at, retired_at)"
                   " VALUES (?,?,?,?,?)",
                   "tttii", k->kid, k->alg, k->private_sealed, k->created_at, k->retired_at);
}

enum vc_status sq_signing_key_update(struct store *s, const struct signing_key *k)
{
    return sq_exec(SQ(s), "UPDATE signing_keys SET retired_at = ? WHERE kid = ?", "it",
                   k->retired_at, k->kid);
}

enum vc_status sq_signing_keys_list(struct store *s, struct signing_key *out, size_t max, size_t *n)
{
    return sq_query_list(SQ(s),
                         "SELECT kid, alg, private_sealed, created_at, retired_at FROM signing_keys"
                         " ORDER BY created_at DESC, kid",
                         read_key, out, sizeof *out, max, n, "");
}

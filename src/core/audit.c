/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "core/repo.h"
#include "crypto/token.h"
#include "util/buf.h"
#include "util/str.h"

static void put_field(struct buf *b, const char *s)
{
    buf_printf(b, "%zu:", strlen(s));
    buf_puts(b, s);
    buf_putc(b, '\n');
}

void audit_hash(const struct audit_event *ev, char out[HASH_HEX])
{
    struct buf b;
    buf_init(&b);
    buf_puts(&b, "varco-audit-v1\n");
    put_field(&b, ev->prev_hash);
    buf_printf(&b, "%" PRId64 "\n%" PRId64 "\n", ev->seq, ev->at);
    put_field(&b, ev->actor);
    put_field(&b, ev->on_behalf_of);
    put_field(&b, ev->action);
    put_field(&b, ev->object);
    buf_printf(&b, "%" PRId64 "\n", ev->account_id);
    put_field(&b, ev->ip);
    put_field(&b, ev->request_id);
    put_field(&b, ev->detail);
    token_sha256_hex(b.data, b.len, out);
    buf_fini(&b);
}

enum vc_status audit_record(const struct vc_env *env, const char *actor, const char *on_behalf_of,
                            const char *action, const char *object, int64_t account_id,
                            const char *detail)
{
    struct audit_event last, ev;
    memset(&ev, 0, sizeof ev);
    enum vc_status st = repo_audit_last(env->store, &last);
    if (st == VC_OK) {
        ev.seq = last.seq + 1;
        memcpy(ev.prev_hash, last.hash, HASH_HEX);
    } else if (st == VC_ERR_NOT_FOUND) {
        ev.seq = 1;
        memset(ev.prev_hash, '0', HASH_HEX - 1);
    } else {
        return st;
    }
    ev.at = env_now(env);
    str_copy(ev.actor, actor ? actor : "", sizeof ev.actor);
    str_copy(ev.on_behalf_of, on_behalf_of ? on_behalf_of : "", sizeof ev.on_behalf_of);
    str_copy(ev.action, action, sizeof ev.action);
    str_copy(ev.object, object ? object : "", sizeof ev.object);
    ev.account_id = account_id;
    str_copy(ev.ip, env->ip ? env->ip : "", sizeof ev.ip);
    str_copy(ev.request_id, env->request_id ? env->request_id : "", sizeof ev.request_id);
    str_copy(ev.detail, detail ? detail : "", sizeof ev.detail);
    audit_hash(&ev, ev.hash);
    return repo_audit_insert(env->store, &ev);
}

struct verify_state {
    int64_t n;
    int64_t bad;
    char prev[HASH_HEX];
};

static int verify_one(void *ctx, const struct audit_event *ev)
{
    struct verify_state *vs = ctx;
    char h[HASH_HEX];
    audit_hash(ev, h);
    if (ev->seq != vs->n + 1 || strcmp(ev->prev_hash, vs->prev) != 0 || strcmp(h, ev->hash) != 0) {
        vs->bad = ev->seq != vs->n + 1 ? vs->n + 1 : ev->seq;
        return 1;
    }
    vs->n++;
    memcpy(vs->prev, ev->hash, HASH_HEX);
    return 0;
}

enum vc_status audit_verify(struct store *s, int64_t *out_n, int64_t *out_bad_seq)
{
    struct verify_state vs = {0};
    memset(vs.prev, '0', HASH_HEX - 1);
    enum vc_status st = repo_audit_each(s, verify_one, &vs);
    if (st != VC_OK)
        return st;
    *out_n = vs.n;
    if (vs.bad != 0) {
        *out_bad_seq = vs.bad;
        return VC_ERR_INVALID;
    }
    return VC_OK;
}

void audit_name(const char *kind, int64_t id, char out[64])
{
    snprintf(out, 64, "%s:%" PRId64, kind, id);
}

enum vc_status audit_history(const struct vc_env *env, int64_t account_id, struct audit_event *out,
                             size_t max, size_t *out_n)
{
    return repo_audit_for_account(env->store, account_id, out, max, out_n);
}

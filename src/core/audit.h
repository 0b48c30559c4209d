/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The tamper-evident audit trail: every operation is an append-only event
 * whose hash covers the previous event's hash, so editing, deleting or
 * reordering any event breaks the chain from there on.
 *
 * Invariants: 1. seq is 1, 2, 3 ... with no gap; 2. ev.prev_hash equals the
 * hash of event seq-1 (64 zeros for seq 1); 3. ev.hash = audit_hash(ev).
 * The event is written in the caller's transaction, so an operation and its
 * event commit together or not at all. */
#ifndef VARCO_CORE_AUDIT_H
#define VARCO_CORE_AUDIT_H

#include <stdint.h>

#include "core/env.h"
#include <stddef.h>
#include "core/types.h"
#include "util/status.h"

/* Appends an event at env_now() with env->ip and env->request_id. actor,
 * on_behalf_of, object and detail may be NULL (stored as ""). */
enum vc_status audit_record(const struct vc_env *env, const char *actor, const char *on_behalf_of,
                            const char *action, const char *object, int64_t account_id,
                            const char *detail);

/* SHA-256 hex over prev_hash and the canonical encoding of every other field
 * (seq, at, actor, on_behalf_of, action, object, account_id, ip, request_id,
 * detail; each length-prefixed so fields cannot bleed into each other). */
void audit_hash(const struct audit_event *ev, char out[HASH_HEX]);

/* Walks the whole chain. VC_OK with *out_n events if intact; VC_ERR_INVALID
 * with *out_bad_seq the first broken event otherwise. */
enum vc_status audit_verify(struct store *s, int64_t *out_n, int64_t *out_bad_seq);

/* "account:12" style actor/object names into out (64 bytes). */
void audit_name(const char *kind, int64_t id, char out[64]);

/* Events concerning the account, newest first ("I miei accessi"). */
enum vc_status audit_history(const struct vc_env *env, int64_t account_id, struct audit_event *out,
                             size_t max, size_t *out_n);
#endif

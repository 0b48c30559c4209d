/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The outbox worker (transactional outbox, DESIGN.md §3): core writes
 * messages into the outbox table in the same transaction as the state change;
 * this worker renders and delivers them after commit, with retries.
 *
 *   PENDING ──deliver ok──▶ DELIVERED (secrets in payload wiped)
 *      │ └─fail─▶ PENDING (attempts+1, next_attempt_at = now + backoff)
 *      └── attempts >= max ──▶ STUCK (shown to operators, still retried at the
 *                               longest back-off, so it goes out when the channel heals)
 *
 * Invariants: 1. a message is delivered at most once per idempotency key:
 * file channels write to a name derived from the key and treat "already
 * there" as delivered; the SMS gateway gets the key in an Idempotency-Key
 * header and deduplicates (notify/sms_http.h); 2. a crash, or a timeout,
 * between delivery and the DELIVERED update re-delivers under the same key,
 * so nothing is duplicated; 3. nothing is lost: a message leaves PENDING or
 * STUCK only by DELIVERED, and only after the channel said so (for the
 * gateway: a 2xx answer); 4. a failure's description (last_error) names
 * what went wrong, never a message's text or a credential. */
#ifndef VARCO_NOTIFY_OUTBOX_H
#define VARCO_NOTIFY_OUTBOX_H

#include <stddef.h>
#include <stdint.h>

#include "render/i18n.h"
#include "render/template.h"
#include "util/status.h"

struct store;
struct sms_http_config;

struct notify_config {
    const char *data_dir; /* files go to <data_dir>/outbox/{mail,sms,letters}/ */
    const char *mail_from;
    const char *base_url;
    const char *institution;
    const char *institution_address;
    const struct tmpl_set *templates;       /* mail/<template>.txt and .html */
    const struct i18n *i18n;                /* subjects: "mail.<template>.subject" */
    const struct sms_http_config *sms_http; /* NULL: SMS are files under outbox/sms/ */
    int max_attempts;
    int64_t backoff_base_seconds; /* first wait after a failure; doubles */
    int64_t backoff_max_seconds;  /* longest wait; stuck messages keep this pace */
    int64_t (*now)(void *ctx);
    void *now_ctx;
    /* Signs the logout token of a back-channel logout (the payload's
     * fields: client_id, sub, sid, alg) into *jwt (malloc'd); NULL where
     * nobody can sign (then such messages wait for the server). */
    enum vc_status (*logout_token)(void *ctx, const char *payload_json, char **jwt);
    void *logout_token_ctx;
};

/* Delivers every due message once through its channel (one pass). Used by
 * the worker thread, `varco outbox run` and tests. *out_delivered counts the
 * messages delivered in this pass (may be NULL). */
enum vc_status outbox_run_once(const struct notify_config *cfg, struct store *s,
                               size_t *out_delivered);

/* Releases the claims of workers of this host whose process is gone (a
 * crash mid-batch): their messages are due again now, not at the lease's
 * end. Run when a worker starts (the serve thread, `varco outbox run`). */
enum vc_status outbox_release_dead_claims(struct store *s, int64_t now);

/* Backoff before attempt n+1 after n failures: base doubling, at most max. */
int64_t outbox_backoff_seconds(int attempts, int64_t base, int64_t max);

struct outbox_worker;

/* Starts a thread that opens its own store connection (store_url) and runs
 * outbox_run_once every second and whenever kicked. */
enum vc_status outbox_worker_start(const struct notify_config *cfg, const char *store_url,
                                   struct outbox_worker **out);
void outbox_worker_kick(struct outbox_worker *w); /* after a commit that queued mail */
void outbox_worker_stop(struct outbox_worker *w); /* NULL no-op; finishes the pass in progress */

#endif

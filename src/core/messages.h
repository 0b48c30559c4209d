/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Queues a message in the outbox inside the caller's transaction
 * (transactional outbox, DESIGN.md §3): the row commits with the state change
 * that caused it, and notify/ delivers it after commit. Templates and their
 * payload fields are listed in docs/messages.md. */
#ifndef VARCO_CORE_MESSAGES_H
#define VARCO_CORE_MESSAGES_H
#include <stddef.h>
#include <stdint.h>

#include "core/env.h"
#include "core/types.h"
#include "util/status.h"

/* A payload field: name and value (both strings). */
struct msg_field {
    const char *name;
    const char *value;
};

/* Queues template for recipient (an email address; "" for letters) with the
 * fields as a JSON object. The idempotency key is random (env). */
enum vc_status messages_queue(const struct vc_env *env, enum outbox_channel channel,
                              const char *recipient, const char *template_name, const char *lang,
                              int64_t account_id, const struct msg_field *fields, size_t n);

/* The fields every letter to a member carries: name and registry address. */
#define MSG_MEMBER_ADDRESS_FIELDS 7
void messages_member_address(const struct member *m,
                             struct msg_field out[MSG_MEMBER_ADDRESS_FIELDS]);
/* Messages for the operators' outbox page, newest first; status -1 for all. */
enum vc_status messages_list(const struct vc_env *env, int status, struct outbox_msg *out,
                             size_t max, size_t *out_n);
#endif

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Queues a message in the outbox inside the caller's transaction
 * (transactional outbox, DESIGN.md §3): the row commits with the state change
 * that caused it, and notify/ delivers it after commit.
 *
 * Every message is declared in one table (messages.c): its channel and the
 * payload fields that are secret -- links with tokens, codes -- which the
 * outbox wipes once the message is delivered. Links are named, never
 * formatted here: a field made with MSG_LINK holds "link:<page>[?query]"
 * and notify/ turns the page name into a URL of this deployment
 * (render/links.h). docs/messages.md lists templates and fields. */
#ifndef VARCO_CORE_MESSAGES_H
#define VARCO_CORE_MESSAGES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/env.h"
#include "core/types.h"
#include "util/status.h"

#define MSG_SECRETS_MAX 4
#define MSG_LINK_PREFIX "link:"

/* A message as the table declares it. */
struct message_def {
    const char *name; /* the template: mail/<name>.txt|.html, or a PDF layout */
    enum outbox_channel channel;
    const char *secrets[MSG_SECRETS_MAX]; /* fields wiped once delivered; NULL-ended */
};

/* The declaration of that template, or NULL. */
const struct message_def *messages_def(const char *name);

/* A payload field: name and value (both strings). A value that starts
 * with MSG_LINK_PREFIX names a page ("link:activation",
 * "link:confirm_email?t=TOKEN"); notify/ makes it a URL. */
struct msg_field {
    const char *name;
    const char *value;
};
#define MSG_LINK(field, page)                                                                      \
    {                                                                                              \
        (field), MSG_LINK_PREFIX page                                                              \
    }

/* Queues a declared template for recipient (an email address, a mobile
 * number, "" for letters) with the fields as a JSON object. The
 * idempotency key is random (env). VC_ERR_INTERNAL for an undeclared
 * template or a channel other than its declaration's. */
enum vc_status messages_queue(const struct vc_env *env, enum outbox_channel channel,
                              const char *recipient, const char *template_name, const char *lang,
                              int64_t account_id, const struct msg_field *fields, size_t n);

/* The same, with the outbox row's id in *out_id (letters are tracked). */
enum vc_status messages_queue_id(const struct vc_env *env, enum outbox_channel channel,
                                 const char *recipient, const char *template_name, const char *lang,
                                 int64_t account_id, const struct msg_field *fields, size_t n,
                                 int64_t *out_id);

/* The fields every letter carries: the person's name and residence. */
struct person;
#define MSG_ADDRESS_FIELDS 7
void messages_person_address(const struct person *p, struct msg_field out[MSG_ADDRESS_FIELDS]);

/* Messages for the operators' outbox page, newest first; status -1 for all. */
enum vc_status messages_list(const struct vc_env *env, int status, struct outbox_msg *out,
                             size_t max, size_t *out_n);
#endif

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The SMS channel over HTTP ([sms] gateway = http): one POST per message
 * to the operator's gateway with libcurl, the body from [sms] body
 * (notify/sms_body.h), basic or bearer authentication.
 *
 * Exactly once, by idempotency key: every request carries the outbox
 * message's key in an `Idempotency-Key` header, and the same key on every
 * retry. The outbox marks a message delivered only after a 2xx answer; a
 * crash, a timeout or a lost answer after the gateway accepted it means the
 * message is sent again with the same key, and the gateway, which must
 * deduplicate on that header, does not send the SMS twice. A gateway that
 * ignores the header gives at-least-once, never at-most-once: nothing is
 * lost. Non-2xx answers and network errors are failures for the outbox's
 * retries and back-off (notify/outbox.h); their description names the
 * status or curl's error, never the message text, the number or a secret,
 * and nothing here logs.
 *
 * Thread-safety: call sms_http_global_init once before threads start; then
 * sms_http_deliver is reentrant (one curl handle per call). */
#ifndef VARCO_NOTIFY_SMS_HTTP_H
#define VARCO_NOTIFY_SMS_HTTP_H

#include <stddef.h>

#include "util/status.h"

/* What config [sms] says; strings borrowed for the life of the outbox. */
struct sms_http_config {
    const char *url;          /* checked by util/config.c: https, or http on loopback */
    const char *username;     /* "" or basic auth's user, with password */
    const char *password;     /* secret */
    const char *token;        /* "" or a bearer token; secret */
    const char *body;         /* template with {to} {text} {key} */
    const char *content_type; /* sent as Content-Type; also picks the escaping */
    long timeout_seconds;     /* the whole request, connection included */
};

struct config;

/* Fills out from cfg's [sms] and returns it, or returns NULL when SMS go to
 * files (gateway = file, or dev mode). out borrows cfg's strings. */
const struct sms_http_config *sms_http_config_of(const struct config *cfg,
                                                 struct sms_http_config *out);

/* libcurl's process-wide set-up; before any thread (cli/serve, cli/outbox). */
enum vc_status sms_http_global_init(void);
/* Its undoing, after the last thread that sent is gone. */
void sms_http_global_cleanup(void);

/* Sends text to the E.164 number `to` with key as Idempotency-Key.
 * VC_OK on a 2xx answer; VC_ERR_IO with err filled ("sms gateway: HTTP 500",
 * "sms gateway: Timeout was reached") otherwise. */
enum vc_status sms_http_deliver(const struct sms_http_config *c, const char *key, const char *to,
                                const char *text, char *err, size_t err_len);

#endif

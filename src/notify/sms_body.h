/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The request body of the SMS gateway ([sms] body): a template with {to}
 * (the E.164 number), {text} (the message) and {key} (the outbox message's
 * idempotency key), each value escaped for the body's content type so that
 * a quote or a newline in a message cannot change the request's shape.
 * Pure: no I/O; the text passes through and is never logged. */
#ifndef VARCO_NOTIFY_SMS_BODY_H
#define VARCO_NOTIFY_SMS_BODY_H

#include "util/buf.h"
#include "util/status.h"

enum sms_body_escape {
    SMS_BODY_RAW,  /* text/plain and the like: values as they are */
    SMS_BODY_JSON, /* application/json, *+json: inside a JSON string ("{text}") */
    SMS_BODY_FORM, /* application/x-www-form-urlencoded: percent-encoded */
    SMS_BODY_XML,  /* application/xml, text/xml, *+xml: & < > " ' as entities */
};

/* How values are escaped for a Content-Type (parameters such as
 * "; charset=utf-8" ignored, case-insensitive). */
enum sms_body_escape sms_body_escape_for(const char *content_type);

/* Appends to out the template with {to}, {text} and {key} replaced by the
 * escaped values; any other brace is copied as it is (a JSON body is full
 * of them). Never fails. */
void sms_body_render(const char *tmpl, enum sms_body_escape esc, const char *to, const char *text,
                     const char *key, struct buf *out);

#endif

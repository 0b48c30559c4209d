/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* RFC 5322 messages: UTF-8, multipart/alternative text + HTML, headers
 * encoded per RFC 2047, bodies base64 or quoted-printable, CRLF line ends.
 * Pure formatting; delivery is notify/'s job. */
#ifndef VARCO_RENDER_MAIL_H
#define VARCO_RENDER_MAIL_H

#include <stdint.h>

#include "util/buf.h"
#include "util/status.h"

struct mail_message {
    const char *from; /* "varco <noreply@varco.local>" */
    const char *to;
    const char *subject;    /* UTF-8 */
    const char *text;       /* UTF-8 plain text body */
    const char *html;       /* UTF-8 HTML body, or NULL for text only */
    const char *message_id; /* without <>; e.g. "<key>@varco" is built from it */
    int64_t date;           /* seconds since epoch */
    /* An invitation (render/ics.h), or NULL: shown by calendars as the event
     * (text/calendar beside the text and HTML) and attached as invito.ics.
     * method: "REQUEST" or "CANCEL", as the calendar's METHOD says. */
    const char *calendar;
    const char *calendar_method;
};

/* Appends the complete message to out. VC_ERR_INVALID for header injection
 * (CR/LF in from, to, subject), or a calendar without an HTML body or with a
 * method other than REQUEST or CANCEL. */
enum vc_status mail_format(const struct mail_message *m, struct buf *out);

#endif

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* iCalendar invitations (render/ics.h): the lines RFC 5545 asks for, text
 * escaped, long lines folded at 75 octets without splitting a UTF-8
 * character, CRLF everywhere, a cancellation, and bad input refused; and
 * the invitation in a mail (render/mail.h), in place and attached. */
#include <criterion/criterion.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/ics.h"
#include "render/mail.h"

static struct ics_event appointment(void)
{
    return (struct ics_event){
        .uid = "appt-42@varco.example",
        .sequence = 0,
        .stamp_utc = 1796119200, /* 2026-12-01T10:00:00Z */
        .start = {2026, 12, 9, 10, 30, 0},
        .end = {2026, 12, 9, 11, 0, 0},
        .summary = "Riconoscimento di persona: CAF Roma, Via Nazionale 10",
        .location = "Via Nazionale 10, 00184 Roma RM",
        .description = "Porta un documento d'identità valido; e la tessera sanitaria.\nGrazie!",
        .organizer_name = "CAF Roma Centro",
        .organizer_email = "roma@caf.invalid",
        .attendee_email = "giulia.esposito@example.org",
    };
}

/* The logical lines of an iCalendar text: CRLF split, folds joined. */
static char *unfold(const char *ics)
{
    size_t n = strlen(ics);
    char *out = malloc(n + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        if (ics[i] == '\r' && ics[i + 1] == '\n' && ics[i + 2] == ' ') {
            i += 2;
            continue;
        }
        *o++ = ics[i];
    }
    *o = '\0';
    return out;
}

static bool has_line(const char *unfolded, const char *line)
{
    size_t n = strlen(line);
    for (const char *p = unfolded; (p = strstr(p, line)) != NULL; p++) {
        bool starts = p == unfolded || p[-1] == '\n';
        if (starts && p[n] == '\r' && p[n + 1] == '\n')
            return true;
    }
    return false;
}

Test(ics, an_invitation_in_rome_time)
{
    struct ics_event e = appointment();
    struct buf b;
    buf_init(&b);
    cr_assert_eq(ics_render(&e, &b), VC_OK);
    buf_putc(&b, '\0');
    char *u = unfold(b.data);
    const char *want[] = {
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "METHOD:REQUEST",
        "TZID:Europe/Rome",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "UID:appt-42@varco.example",
        "SEQUENCE:0",
        "DTSTAMP:20261201T100000Z",
        "DTSTART;TZID=Europe/Rome:20261209T103000",
        "DTEND;TZID=Europe/Rome:20261209T110000",
        "SUMMARY:Riconoscimento di persona: CAF Roma\\, Via Nazionale 10",
        "LOCATION:Via Nazionale 10\\, 00184 Roma RM",
        "DESCRIPTION:Porta un documento d'identità valido\\; e la tessera sanitaria.\\nGrazie!",
        "ORGANIZER;CN=\"CAF Roma Centro\":mailto:roma@caf.invalid",
        "ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:giulia.esposito@example.org",
        "STATUS:CONFIRMED",
        "END:VEVENT",
        "END:VCALENDAR",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        cr_assert(has_line(u, want[i]), "missing line %s in:\n%s", want[i], u);
    /* every line ends in CRLF: no bare LF anywhere */
    for (size_t i = 0; i + 1 < b.len - 1; i++) {
        if (b.data[i + 1] == '\n')
            cr_assert_eq(b.data[i], '\r', "bare LF at %zu", i);
    }
    free(u);
    buf_fini(&b);
}

Test(ics, long_lines_fold_at_75_octets_between_characters)
{
    struct ics_event e = appointment();
    char desc[600] = "";
    for (int i = 0; i < 40; i++)
        strcat(desc, "àèìòù€ "); /* 2- and 3-byte characters */
    e.description = desc;
    struct buf b;
    buf_init(&b);
    cr_assert_eq(ics_render(&e, &b), VC_OK);
    buf_putc(&b, '\0');
    const char *p = b.data;
    int folds = 0;
    while (*p) {
        const char *end = strstr(p, "\r\n");
        cr_assert_not_null(end);
        size_t len = (size_t)(end - p);
        cr_assert_leq(len, 75, "a line of %zu octets", len);
        /* a physical line never starts inside a character */
        size_t body = *p == ' ' ? 1 : 0;
        if (len > body)
            cr_assert_neq((unsigned char)p[body] & 0xC0, 0x80, "fold inside a character");
        folds += *p == ' ';
        p = end + 2;
    }
    cr_assert_gt(folds, 3);
    char *u = unfold(b.data);
    char expect[700];
    snprintf(expect, sizeof expect, "DESCRIPTION:%s", desc);
    cr_assert(has_line(u, expect), "the unfolded description differs");
    free(u);
    buf_fini(&b);
}

Test(ics, a_moved_appointment_and_a_cancelled_one)
{
    struct ics_event e = appointment();
    e.sequence = 2;
    e.cancelled = true;
    struct buf b;
    buf_init(&b);
    cr_assert_eq(ics_render(&e, &b), VC_OK);
    buf_putc(&b, '\0');
    cr_assert(has_line(b.data, "METHOD:CANCEL"));
    cr_assert(has_line(b.data, "STATUS:CANCELLED"));
    cr_assert(has_line(b.data, "SEQUENCE:2"));
    cr_assert(has_line(b.data, "UID:appt-42@varco.example"));
    buf_fini(&b);
}

Test(ics, bad_input_is_refused)
{
    struct buf b;
    buf_init(&b);
    struct ics_event e = appointment();
    e.end = e.start;
    cr_assert_eq(ics_render(&e, &b), VC_ERR_INVALID, "an end not after the start");
    e = appointment();
    e.start.day = 31;
    e.start.month = 11;
    cr_assert_eq(ics_render(&e, &b), VC_ERR_INVALID, "31 November");
    e = appointment();
    e.summary = "ok\r\nATTENDEE:mailto:x@y";
    cr_assert_eq(ics_render(&e, &b), VC_ERR_INVALID, "a CR in a text");
    e = appointment();
    e.organizer_name = "CAF \"Roma\"";
    cr_assert_eq(ics_render(&e, &b), VC_ERR_INVALID, "a quote in a parameter");
    e = appointment();
    e.attendee_email = "x@y.org;ROLE=CHAIR";
    cr_assert_eq(ics_render(&e, &b), VC_ERR_INVALID, "a parameter smuggled in an address");
    e = appointment();
    e.uid = "";
    cr_assert_eq(ics_render(&e, &b), VC_ERR_INVALID, "no uid");
    cr_assert_eq(b.len, 0, "nothing written when refused");
    buf_fini(&b);
}

/* ---- the invitation in a mail (render/mail.h) ---- */

/* The base64 body of the MIME part whose headers contain marker, decoded. */
static char *part_body(const char *mail, const char *marker)
{
    const char *h = strstr(mail, marker);
    cr_assert_not_null(h, "no part %s", marker);
    const char *body = strstr(h, "\r\n\r\n");
    cr_assert_not_null(body);
    body += 4;
    const char *end = strstr(body, "\r\n--");
    cr_assert_not_null(end);
    size_t n = (size_t)(end - body);
    char *bin = malloc(n + 1);
    size_t len = 0;
    cr_assert_eq(sodium_base642bin((unsigned char *)bin, n, body, n, "\r\n", &len, NULL,
                                   sodium_base64_VARIANT_ORIGINAL),
                 0);
    bin[len] = '\0';
    return bin;
}

Test(ics, a_mail_carries_the_invitation_in_place_and_attached)
{
    struct ics_event e = appointment();
    struct buf ics, mail;
    buf_init(&ics);
    buf_init(&mail);
    cr_assert_eq(ics_render(&e, &ics), VC_OK);
    buf_putc(&ics, '\0');
    struct mail_message m = {.from = "varco <noreply@varco.example>",
                             .to = "giulia.esposito@example.org",
                             .subject = "Appuntamento per il riconoscimento",
                             .text = "Ti aspettiamo.\n",
                             .html = "<p>Ti aspettiamo.</p>",
                             .message_id = "appt-42-0",
                             .date = 1796119200,
                             .calendar = ics.data,
                             .calendar_method = "REQUEST"};
    cr_assert_eq(mail_format(&m, &mail), VC_OK);
    buf_putc(&mail, '\0');
    cr_assert(strstr(mail.data, "Content-Type: multipart/mixed;") != NULL);
    cr_assert(strstr(mail.data, "Content-Type: multipart/alternative;") != NULL);
    char *in_place = part_body(mail.data, "Content-Type: text/calendar; method=REQUEST");
    char *attached = part_body(mail.data, "filename=\"invito.ics\"");
    cr_assert_str_eq(in_place, ics.data, "the calendar part is the invitation, byte for byte");
    cr_assert_str_eq(attached, ics.data);
    char *text = part_body(mail.data, "Content-Type: text/plain");
    cr_assert_str_eq(text, "Ti aspettiamo.\r\n");
    free(in_place);
    free(attached);
    free(text);
    /* a method other than the calendar's two, or no HTML: refused */
    m.calendar_method = "PUBLISH\r\nBcc: x@y";
    cr_assert_eq(mail_format(&m, &mail), VC_ERR_INVALID);
    m.calendar_method = "CANCEL";
    m.html = NULL;
    cr_assert_eq(mail_format(&m, &mail), VC_ERR_INVALID);
    buf_fini(&ics);
    buf_fini(&mail);
}

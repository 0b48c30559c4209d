/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* iCalendar invitations (render/ics.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "render/ics.h"

#define ICS_LINE_MAX 75 /* octets of a content line, CRLF excluded (RFC 5545 3.1) */

/* Europe/Rome since 1996: the EU rule (Directive 2000/84/EC), summer time
 * from the last Sunday of March at 02:00 local to the last Sunday of October
 * at 03:00 local. */
static const char VTIMEZONE[] = "BEGIN:VTIMEZONE\r\n"
                                "TZID:Europe/Rome\r\n"
                                "BEGIN:DAYLIGHT\r\n"
                                "TZOFFSETFROM:+0100\r\n"
                                "TZOFFSETTO:+0200\r\n"
                                "TZNAME:CEST\r\n"
                                "DTSTART:19700329T020000\r\n"
                                "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
                                "END:DAYLIGHT\r\n"
                                "BEGIN:STANDARD\r\n"
                                "TZOFFSETFROM:+0200\r\n"
                                "TZOFFSETTO:+0100\r\n"
                                "TZNAME:CET\r\n"
                                "DTSTART:19701025T030000\r\n"
                                "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
                                "END:STANDARD\r\n"
                                "END:VTIMEZONE\r\n";

/* Appends one content line, folded: a line longer than 75 octets goes on
 * in lines that begin with a space, never inside a UTF-8 character. */
static void line(struct buf *out, const char *text, size_t len)
{
    size_t room = ICS_LINE_MAX;
    while (len > room) {
        size_t cut = room;
        while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
            cut--; /* a continuation byte: fold before its character */
        buf_append(out, text, cut);
        buf_puts(out, "\r\n ");
        text += cut;
        len -= cut;
        room = ICS_LINE_MAX - 1; /* the leading space counts */
    }
    buf_append(out, text, len);
    buf_puts(out, "\r\n");
}

/* True when s has a control character other than newline (which TEXT
 * escapes); in_param also refuses the double quote (RFC 5545 3.2). */
static bool bad_text(const char *s, bool allow_newline, bool in_param)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p < 0x20 && !(allow_newline && *p == '\n')) || *p == 0x7F)
            return true;
        if (in_param && *p == '"')
            return true;
    }
    return false;
}

/* NAME:value with the value escaped as TEXT (RFC 5545 3.3.11). */
static void text_line(struct buf *out, struct buf *tmp, const char *name, const char *value)
{
    buf_reset(tmp);
    buf_puts(tmp, name);
    buf_putc(tmp, ':');
    for (const char *p = value; *p; p++) {
        if (*p == '\\' || *p == ';' || *p == ',')
            buf_putc(tmp, '\\');
        if (*p == '\n') {
            buf_puts(tmp, "\\n");
            continue;
        }
        buf_putc(tmp, *p);
    }
    line(out, tmp->data, tmp->len);
}

static bool time_ok(const struct ics_time *t)
{
    static const int DAYS[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return t->year >= 1970 && t->year <= 9999 && t->month >= 1 && t->month <= 12 && t->day >= 1 &&
           t->day <= DAYS[t->month - 1] && t->hour >= 0 && t->hour <= 23 && t->minute >= 0 &&
           t->minute <= 59 && t->second >= 0 && t->second <= 59;
}

static long long time_key(const struct ics_time *t)
{
    return ((((t->year * 100LL + t->month) * 100 + t->day) * 100 + t->hour) * 100 + t->minute) *
               100 +
           t->second;
}

static void local_line(struct buf *out, const char *name, const struct ics_time *t)
{
    char s[80];
    int n = snprintf(s, sizeof s, "%s;TZID=Europe/Rome:%04d%02d%02dT%02d%02d%02d", name, t->year,
                     t->month, t->day, t->hour, t->minute, t->second);
    line(out, s, (size_t)n);
}

static const char *or_empty(const char *s)
{
    return s != NULL ? s : "";
}

enum vc_status ics_render(const struct ics_event *e, struct buf *out)
{
    const char *texts[] = {or_empty(e->summary), or_empty(e->location), or_empty(e->description)};
    const char *params[] = {or_empty(e->organizer_name), or_empty(e->organizer_email),
                            or_empty(e->attendee_email)};
    if (e->uid == NULL || e->uid[0] == '\0' || e->summary == NULL || e->summary[0] == '\0' ||
        !time_ok(&e->start) || !time_ok(&e->end) || time_key(&e->end) <= time_key(&e->start) ||
        e->sequence < 0)
        return VC_ERR_INVALID;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        if (bad_text(texts[i], true, false))
            return VC_ERR_INVALID;
    }
    if (bad_text(e->uid, false, false))
        return VC_ERR_INVALID;
    for (size_t i = 0; i < sizeof params / sizeof params[0]; i++) {
        /* the name is a quoted parameter; the addresses go after mailto: */
        if (bad_text(params[i], false, true) || (i > 0 && strpbrk(params[i], " ;:,<>") != NULL))
            return VC_ERR_INVALID;
    }
    struct tm tm;
    time_t stamp = (time_t)e->stamp_utc;
    if (gmtime_r(&stamp, &tm) == NULL)
        return VC_ERR_INVALID;

    struct buf tmp;
    buf_init(&tmp);
    buf_puts(out, "BEGIN:VCALENDAR\r\n"
                  "VERSION:2.0\r\n"
                  "PRODID:-//varco//appointments//IT\r\n"
                  "CALSCALE:GREGORIAN\r\n");
    buf_puts(out, e->cancelled ? "METHOD:CANCEL\r\n" : "METHOD:REQUEST\r\n");
    buf_puts(out, VTIMEZONE);
    buf_puts(out, "BEGIN:VEVENT\r\n");
    text_line(out, &tmp, "UID", e->uid);
    buf_printf(out, "SEQUENCE:%d\r\n", e->sequence);
    buf_printf(out, "DTSTAMP:%04d%02d%02dT%02d%02d%02dZ\r\n", tm.tm_year + 1900, tm.tm_mon + 1,
               tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    local_line(out, "DTSTART", &e->start);
    local_line(out, "DTEND", &e->end);
    text_line(out, &tmp, "SUMMARY", texts[0]);
    if (texts[1][0] != '\0')
        text_line(out, &tmp, "LOCATION", texts[1]);
    if (texts[2][0] != '\0')
        text_line(out, &tmp, "DESCRIPTION", texts[2]);
    if (params[1][0] != '\0') {
        buf_reset(&tmp);
        if (params[0][0] != '\0')
            buf_printf(&tmp, "ORGANIZER;CN=\"%s\":mailto:%s", params[0], params[1]);
        else
            buf_printf(&tmp, "ORGANIZER:mailto:%s", params[1]);
        line(out, tmp.data, tmp.len);
    }
    if (params[2][0] != '\0') {
        buf_reset(&tmp);
        buf_printf(&tmp, "ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:%s", params[2]);
        line(out, tmp.data, tmp.len);
    }
    buf_puts(out, e->cancelled ? "STATUS:CANCELLED\r\n" : "STATUS:CONFIRMED\r\n");
    buf_puts(out, "END:VEVENT\r\n"
                  "END:VCALENDAR\r\n");
    buf_fini(&tmp);
    return VC_OK;
}

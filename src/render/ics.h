/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Calendar invitations (RFC 5545 iCalendar, with RFC 5546's METHOD): one
 * VEVENT in Europe/Rome time, for the appointment at the office where a
 * person is recognised. Times come in as local civil times (the caller
 * converts with core/calendar.h) and go out with TZID=Europe/Rome and the
 * zone's VTIMEZONE (the EU summer-time rule), so every calendar shows the
 * hour the desk set. Pure formatting: text escaped (\\ ; , newline), lines
 * folded at 75 octets without splitting a UTF-8 character, CRLF line ends.
 * A moved appointment is the same UID with a higher SEQUENCE; a cancelled
 * one is METHOD:CANCEL, STATUS:CANCELLED. */
#ifndef VARCO_RENDER_ICS_H
#define VARCO_RENDER_ICS_H

#include <stdbool.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/status.h"

/* A civil time in Europe/Rome. */
struct ics_time {
    int year, month, day, hour, minute, second;
};

struct ics_event {
    const char *uid;             /* stable per appointment: "appt-42@varco.example" */
    int sequence;                /* 0, then +1 at every change */
    bool cancelled;              /* METHOD:CANCEL */
    int64_t stamp_utc;           /* DTSTAMP: when this version was made */
    struct ics_time start;       /* Europe/Rome */
    struct ics_time end;         /* Europe/Rome, after start */
    const char *summary;         /* UTF-8 */
    const char *location;        /* UTF-8, may be "" */
    const char *description;     /* UTF-8, may be "" */
    const char *organizer_name;  /* UTF-8: the office */
    const char *organizer_email; /* may be "": no ORGANIZER line */
    const char *attendee_email;  /* the person; may be "" */
};

/* Appends the VCALENDAR to out. VC_ERR_INVALID for a missing uid or summary,
 * a time out of range, an end not after the start, or a control character
 * (but newline) in a text or an address. */
enum vc_status ics_render(const struct ics_event *e, struct buf *out);

#endif

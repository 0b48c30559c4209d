/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The working-hours calendar of the back office (issue 12, DESIGN.md "Cases
 * have kinds"): which days are working days in Italy, what time it is in
 * Europe/Rome, and when a deadline of N working hours falls.
 *
 * Invariants:
 *  1. Pure arithmetic: no clock, no files, no tzdata, no localtime(); the
 *     same inputs give the same answer on every machine and in every thread.
 *  2. Local time is Europe/Rome by the EU summer-time rule (Directive
 *     2000/84/EC): UTC+2 from 01:00 UTC on the last Sunday of March to 01:00
 *     UTC on the last Sunday of October, UTC+1 otherwise. The rule holds
 *     since 1996; earlier instants are read by it too (not historical).
 *  3. A working day is a Monday to Friday that is neither a national holiday
 *     (calendar_is_national_holiday) nor one of the calendar's local ones;
 *     it counts whole, local 00:00 to 24:00.
 *  4. Dates are Gregorian (year CALENDAR_YEAR_MIN..MAX, month 1-12, day
 *     1-31); times are int64_t seconds since the epoch, UTC: a deadline
 *     starts between CALENDAR_MIN_UTC and CALENDAR_MAX_UTC, and any instant
 *     in the years CALENDAR_YEAR_MIN..MAX converts. A date or time outside
 *     them is a caller's bug (VC_NEVER, clamped in release builds), except
 *     in calendar_from_local, which checks its input.
 * Thread-safe: a struct calendar is read-only once built. */
#ifndef VARCO_CORE_CALENDAR_H
#define VARCO_CORE_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

/* Local holidays one deployment may configure: a patron saint or two, with
 * room to spare ([cases] local_holidays, CONFIG_LOCAL_HOLIDAYS_MAX). */
#define CALENDAR_LOCAL_MAX 16
/* Times the calendar answers for: 1970-01-01 to 9999-12-31 (UTC). */
#define CALENDAR_MIN_UTC INT64_C(0)
#define CALENDAR_MAX_UTC INT64_C(253402300799)
/* Dates it takes: Gregorian years (Easter's rule starts in 1583), with room
 * for a deadline counted from CALENDAR_MAX_UTC. */
#define CALENDAR_YEAR_MIN 1583
#define CALENDAR_YEAR_MAX 19999
/* The longest deadline calendar_add_working_hours counts (ten years of whole
 * days); it walks day by day, so an absurd count must not walk for ever. */
#define CALENDAR_HOURS_MAX (10 * 366 * 24)

/* A day of every year ("06-29": month 6, day 29). */
struct calendar_day {
    uint8_t month; /* 1-12 */
    uint8_t day;   /* 1-31; 02-29 counts in leap years only */
};

/* The national holidays (built in) plus the local ones. A value struct:
 * copy it freely; calendar_init before use. */
struct calendar {
    struct calendar_day local[CALENDAR_LOCAL_MAX];
    size_t n_local;
};

/* A civil date and time in Europe/Rome. */
struct calendar_local {
    int year;
    int month;   /* 1-12 */
    int day;     /* 1-31 */
    int hour;    /* 0-23 */
    int minute;  /* 0-59 */
    int second;  /* 0-59 */
    int weekday; /* 0 Sunday ... 6 Saturday; set by calendar_to_local, ignored as input */
};

/* An empty calendar: national holidays only. */
void calendar_init(struct calendar *c);

/* Adds a local holiday (a patron saint) on month-day of every year.
 * VC_ERR_INVALID if no year has that date (02-30, 13-01; 02-29 is allowed),
 * VC_ERR_LIMIT if the calendar already holds CALENDAR_LOCAL_MAX. A date given
 * twice is kept once. */
enum vc_status calendar_add_local(struct calendar *c, int month, int day);

/* Whether month-day exists in some year (02-29 does). */
bool calendar_is_valid_day(int month, int day);

/* Easter Sunday of a Gregorian year (CALENDAR_YEAR_MIN..MAX) by the anonymous
 * Gregorian algorithm (Meeus/Jones/Butcher). OUT: month (3 or 4), day. */
void calendar_easter(int year, int *out_month, int *out_day);

/* Whether the date is a national holiday in Italy (legge 27 maggio 1949
 * n. 260 art. 2 as in force since 2001, and legge 8 ottobre 2025 n. 151):
 * 1 Jan, 6 Jan, Easter Sunday and Monday, 25 Apr, 1 May, 2 Jun, 15 Aug,
 * 4 Oct (from 2026), 1 Nov, 8 Dec, 25 Dec, 26 Dec. Earlier rules (1977-2000,
 * when 6 Jan and 2 Jun were not holidays) are not modelled. */
bool calendar_is_national_holiday(int year, int month, int day);

/* Whether the date is a working day for c: Monday to Friday, not a national
 * holiday, not one of c's local holidays. */
bool calendar_is_working_day(const struct calendar *c, int year, int month, int day);

/* Day of the week of a date: 0 Sunday ... 6 Saturday. */
int calendar_weekday(int year, int month, int day);

/* Europe/Rome's offset from UTC at the instant utc: 3600 or 7200 seconds. */
int calendar_utc_offset(int64_t utc);

/* The Europe/Rome date and time of the instant utc. OUT: out. */
void calendar_to_local(int64_t utc, struct calendar_local *out);

/* The instant of a Europe/Rome date and time (weekday ignored) into *out.
 * A time the clocks skip (02:00-02:59 on the last Sunday of March) is read
 * as winter time, i.e. one hour later on the clock; a time they repeat
 * (02:00-02:59 on the last Sunday of October) as its first occurrence
 * (summer time). VC_ERR_INVALID, *out untouched, if a field is out of range
 * (30 February, 24:00, a year outside CALENDAR_YEAR_MIN..MAX). */
enum vc_status calendar_from_local(const struct calendar_local *l, int64_t *out);

/* The deadline that falls `hours` working hours after start_utc: time runs
 * only on c's working days, whole local days 00:00-24:00. A start on a
 * non-working day counts from the next working day's 00:00. A deadline that
 * ends exactly at a working day's end is that day's 24:00 (the next day's
 * 00:00 instant), not the next working day's start. hours == 0 gives
 * start_utc. hours is clamped to 0..CALENDAR_HOURS_MAX and start_utc to
 * CALENDAR_MIN_UTC..CALENDAR_MAX_UTC (outside is a caller's bug). */
int64_t calendar_add_working_hours(const struct calendar *c, int64_t start_utc, int hours);

#endif

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Italian working days, Europe/Rome local time and working-hours deadlines
 * (issue 12: "the back office verifies within 48 working hours"). Pure
 * arithmetic over day numbers (days since 1970-01-01); no clock, no tzdata,
 * no localtime(), no state beyond the caller's struct calendar. The
 * invariants are listed in calendar.h. */
#include "core/calendar.h"

#include <string.h>

#define DAY_SECONDS INT64_C(86400)
#define CET_SECONDS 3600  /* UTC+1, winter */
#define CEST_SECONDS 7200 /* UTC+2, summer */

static bool is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int m)
{
    static const int n[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : n[m - 1];
}

/* A date day_number can take: CALENDAR_YEAR_MIN..MAX keeps every sum in
 * range and the Gregorian rules meaningful. */
static bool is_date(int64_t y, int m, int d)
{
    return y >= CALENDAR_YEAR_MIN && y <= CALENDAR_YEAR_MAX && m >= 1 && m <= 12 && d >= 1 &&
           d <= days_in_month(y, m);
}

/* Days from 0001-01-01 to January 1st of year y (y >= 1). */
static int64_t days_before_year(int64_t y)
{
    int64_t p = y - 1;
    return 365 * p + p / 4 - p / 100 + p / 400;
}

/* Day number of a valid date (0 = 1970-01-01; negative before). */
static int64_t day_number(int64_t y, int m, int d)
{
    static const int before[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    int64_t n = days_before_year(y) - days_before_year(1970) + before[m - 1] + d - 1;
    if (m > 2 && is_leap(y))
        n++;
    return n;
}

/* The date of day number n (in year 1 or later). */
static void date_of(int64_t n, int *out_y, int *out_m, int *out_d)
{
    /* 146097 days are exactly 400 Gregorian years: the estimate is within a
     * year of the truth, and the loops settle it. */
    int64_t y = 1970 + n * 400 / 146097;
    while (day_number(y, 1, 1) > n)
        y--;
    while (day_number(y + 1, 1, 1) <= n)
        y++;
    int64_t rest = n - day_number(y, 1, 1);
    int m = 1;
    while (rest >= days_in_month(y, m))
        rest -= days_in_month(y, m++);
    *out_y = (int)y;
    *out_m = m;
    *out_d = (int)rest + 1;
}

/* 0 Sunday ... 6 Saturday; 1970-01-01 was a Thursday. */
static int weekday_of(int64_t n)
{
    return (int)(((n + 4) % 7 + 7) % 7);
}

void calendar_init(struct calendar *c)
{
    memset(c, 0, sizeof *c);
}

bool calendar_is_valid_day(int month, int day)
{
    /* 2000 is a leap year: 02-29 exists in some year. */
    return month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(2000, month);
}

enum vc_status calendar_add_local(struct calendar *c, int month, int day)
{
    if (!calendar_is_valid_day(month, day))
        return VC_ERR_INVALID;
    for (size_t i = 0; i < c->n_local; i++)
        if (c->local[i].month == month && c->local[i].day == day)
            return VC_OK;
    if (c->n_local == CALENDAR_LOCAL_MAX)
        return VC_ERR_LIMIT;
    c->local[c->n_local++] = (struct calendar_day){(uint8_t)month, (uint8_t)day};
    return VC_OK;
}

/* Meeus, "Astronomical Algorithms" ch. 8, after the anonymous 1876 method
 * (Jones, Butcher): valid for every Gregorian year. a: place in the 19-year
 * Metonic cycle; h: days from 21 March to the Paschal full moon (mod 30,
 * with the century corrections b, d, f, g); l: days from that full moon to
 * the following Sunday; m: the correction for the two exceptional epacts. */
void calendar_easter(int year, int *out_month, int *out_day)
{
    int a = year % 19;
    int b = year / 100, c = year % 100;
    int d = b / 4, e = b % 4;
    int f = (b + 8) / 25;
    int g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4, k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int n = h + l - 7 * m + 114;
    *out_month = n / 31;
    *out_day = n % 31 + 1;
}

/* Legge 27 maggio 1949 n. 260 artt. 1-2 (Sundays aside) as it stands: legge
 * 5 marzo 1977 n. 54 removed 6 Jan and 2 Jun among others; D.P.R. 28
 * dicembre 1985 n. 792 restored 6 Jan, legge 20 novembre 2000 n. 336 2 Jun
 * from 2001. 4 Oct was added by legge 8 ottobre 2025 n. 151 (G.U. n. 236 of
 * 10 October 2025), in force from 1 January 2026. */
static const struct calendar_day NATIONAL[] = {
    {1, 1},   /* Capodanno */
    {1, 6},   /* Epifania */
    {4, 25},  /* Liberazione */
    {5, 1},   /* Festa del lavoro */
    {6, 2},   /* Festa della Repubblica */
    {8, 15},  /* Assunzione */
    {11, 1},  /* Ognissanti */
    {12, 8},  /* Immacolata */
    {12, 25}, /* Natale */
    {12, 26}, /* Santo Stefano */
};
#define SAN_FRANCESCO_FROM 2026 /* legge 151/2025: 4 Oct, "festa nazionale di San Francesco" */

bool calendar_is_national_holiday(int year, int month, int day)
{
    if (VC_NEVER(!is_date(year, month, day)))
        return false;
    for (size_t i = 0; i < sizeof NATIONAL / sizeof NATIONAL[0]; i++)
        if (NATIONAL[i].month == month && NATIONAL[i].day == day)
            return true;
    if (month == 10 && day == 4 && year >= SAN_FRANCESCO_FROM)
        return true;
    int em, ed;
    calendar_easter(year, &em, &ed);
    int64_t easter = day_number(year, em, ed);
    int64_t n = day_number(year, month, day);
    return n == easter || n == easter + 1; /* Pasqua, Lunedì dell'Angelo */
}

static bool is_local_holiday(const struct calendar *c, int month, int day)
{
    for (size_t i = 0; i < c->n_local; i++)
        if (c->local[i].month == month && c->local[i].day == day)
            return true;
    return false;
}

/* Whether day number n is a working day for c. */
static bool works(const struct calendar *c, int64_t n)
{
    int wd = weekday_of(n);
    if (wd == 0 || wd == 6)
        return false;
    int y, m, d;
    date_of(n, &y, &m, &d);
    return !calendar_is_national_holiday(y, m, d) && !is_local_holiday(c, m, d);
}

bool calendar_is_working_day(const struct calendar *c, int year, int month, int day)
{
    if (VC_NEVER(!is_date(year, month, day)))
        return false;
    return works(c, day_number(year, month, day));
}

int calendar_weekday(int year, int month, int day)
{
    if (VC_NEVER(!is_date(year, month, day)))
        return -1;
    return weekday_of(day_number(year, month, day));
}

/* 01:00 UTC on the last Sunday of month m of year y: when the EU's clocks
 * change (Directive 2000/84/EC arts. 2 and 3), the same instant everywhere. */
static int64_t change_at(int64_t y, int m)
{
    int last = days_in_month(y, m);
    int64_t n = day_number(y, m, last);
    return (n - weekday_of(n)) * DAY_SECONDS + 3600;
}

/* Floor division: day numbers before 1970 are negative. */
static int64_t days_of(int64_t seconds)
{
    return seconds >= 0 ? seconds / DAY_SECONDS : -((-seconds + DAY_SECONDS - 1) / DAY_SECONDS);
}

/* An instant in the years the calendar takes (the first one's midnight
 * probed at UTC+2 included, see calendar_from_local). Outside is a
 * caller's bug. */
static int64_t clamp_utc(int64_t utc)
{
    int64_t first = day_number(CALENDAR_YEAR_MIN, 1, 1) * DAY_SECONDS - CEST_SECONDS;
    int64_t last = day_number(CALENDAR_YEAR_MAX + 1, 1, 1) * DAY_SECONDS - 1;
    if (VC_NEVER(utc < first))
        return first;
    if (VC_NEVER(utc > last))
        return last;
    return utc;
}

int calendar_utc_offset(int64_t utc)
{
    utc = clamp_utc(utc);
    int y, m, d;
    /* The changes are months away from New Year, so the UTC year is the one
     * whose rule applies. */
    date_of(days_of(utc), &y, &m, &d);
    return utc >= change_at(y, 3) && utc < change_at(y, 10) ? CEST_SECONDS : CET_SECONDS;
}

void calendar_to_local(int64_t utc, struct calendar_local *out)
{
    utc = clamp_utc(utc);
    int64_t t = utc + calendar_utc_offset(utc);
    int64_t n = days_of(t);
    int64_t s = t - n * DAY_SECONDS;
    date_of(n, &out->year, &out->month, &out->day);
    out->hour = (int)(s / 3600);
    out->minute = (int)(s / 60 % 60);
    out->second = (int)(s % 60);
    out->weekday = weekday_of(n);
}

enum vc_status calendar_from_local(const struct calendar_local *l, int64_t *out)
{
    if (!is_date(l->year, l->month, l->day) || l->hour < 0 || l->hour > 23 || l->minute < 0 ||
        l->minute > 59 || l->second < 0 || l->second > 59)
        return VC_ERR_INVALID;
    int64_t wall = day_number(l->year, l->month, l->day) * DAY_SECONDS + l->hour * 3600 +
                   l->minute * 60 + l->second;
    /* The wall time read as summer time, then as winter time: the reading
     * whose instant actually has that offset is the one. Summer first, so a
     * repeated hour gives its first occurrence. */
    if (calendar_utc_offset(wall - CEST_SECONDS) == CEST_SECONDS)
        *out = wall - CEST_SECONDS;
    else
        *out = wall - CET_SECONDS; /* winter time, or a skipped hour read as winter */
    return VC_OK;
}

/* The instant local midnight begins day number n. Midnight is never skipped
 * nor repeated (the clocks change at 02:00/03:00), but its offset is the
 * day's own: the days of 23 and 25 hours come from here, not from 86400. */
static int64_t day_start(int64_t n)
{
    int64_t wall = n * DAY_SECONDS;
    if (calendar_utc_offset(wall - CEST_SECONDS) == CEST_SECONDS)
        return wall - CEST_SECONDS;
    return wall - CET_SECONDS;
}

static int64_t next_working(const struct calendar *c, int64_t n)
{
    /* Ends: at most CALENDAR_LOCAL_MAX + 13 holidays a year, against some
     * 260 weekdays. */
    do
        n++;
    while (!works(c, n));
    return n;
}

int64_t calendar_add_working_hours(const struct calendar *c, int64_t start_utc, int hours)
{
    if (VC_NEVER(hours < 0))
        hours = 0;
    if (VC_NEVER(hours > CALENDAR_HOURS_MAX))
        hours = CALENDAR_HOURS_MAX;
    if (VC_NEVER(start_utc < CALENDAR_MIN_UTC))
        start_utc = CALENDAR_MIN_UTC;
    if (VC_NEVER(start_utc > CALENDAR_MAX_UTC))
        start_utc = CALENDAR_MAX_UTC;
    if (hours == 0)
        return start_utc;

    int64_t left = (int64_t)hours * 3600;
    int64_t n = (start_utc + calendar_utc_offset(start_utc)) / DAY_SECONDS; /* local day */
    int64_t at = start_utc;
    if (!works(c, n)) {
        n = next_working(c, n);
        at = day_start(n);
    }
    for (;;) {
        /* What is left of this working day, in real seconds: 24 h on every
         * working day today, but a day's length is its midnights' difference. */
        int64_t end = day_start(n + 1);
        if (left <= end - at)
            return at + left;
        left -= end - at;
        n = next_working(c, n);
        at = day_start(n);
    }
}

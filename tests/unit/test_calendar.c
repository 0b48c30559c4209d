/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Unit tests for src/core/calendar.c: Easter, the Italian national holidays,
 * Europe/Rome time without tzdata, and the working-hours deadline of issue 12
 * across weekends, Easter Monday, 25 April, 1 May, 2 June, 15 August,
 * Christmas, a configured patron day and the summer-time weekends.
 *
 * Independent references: the Easter dates agree with python-dateutil's
 * easter() (another method than Meeus/Jones/Butcher); every raw UTC instant
 * below comes from tzdata (`TZ=Europe/Rome date -d '2026-03-27 15:00' +%s`),
 * and local_time_agrees_with_tzdata checks calendar_from_local against them,
 * so the deadline tests may write local times through it. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "core/calendar.h"
#include "core/env.h"
#include "util/config.h"

/* The instant of a Europe/Rome wall time. */
static int64_t rome(int y, int mo, int d, int h, int mi)
{
    struct calendar_local l = {.year = y, .month = mo, .day = d, .hour = h, .minute = mi};
    int64_t t = -1;
    cr_assert_eq(calendar_from_local(&l, &t), VC_OK, "%04d-%02d-%02d %02d:%02d", y, mo, d, h, mi);
    return t;
}

static const char *show(int64_t t, char *buf, size_t len)
{
    struct calendar_local l;
    calendar_to_local(t, &l);
    static const char *const wd[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    snprintf(buf, len, "%s %04d-%02d-%02d %02d:%02d:%02d (%lld)", wd[l.weekday], l.year, l.month,
             l.day, l.hour, l.minute, l.second, (long long)t);
    return buf;
}

/* start + hours working hours must be want; the message shows both local. */
static void due_is(const struct calendar *c, int64_t start, int hours, int64_t want)
{
    int64_t got = calendar_add_working_hours(c, start, hours);
    char a[64], b[64], s[64];
    cr_assert_eq(got, want, "%s + %d working hours: got %s, want %s", show(start, s, sizeof s),
                 hours, show(got, a, sizeof a), show(want, b, sizeof b));
}

static struct calendar national(void)
{
    struct calendar c;
    calendar_init(&c);
    return c;
}

Test(calendar, easter_in_known_years)
{
    static const int cases[][3] = {
        {2024, 3, 31}, {2025, 4, 20}, {2026, 4, 5},  {2027, 3, 28}, {2038, 4, 25}, {2285, 3, 22},
        {1818, 3, 22}, {1943, 4, 25}, {2000, 4, 23}, {2008, 3, 23}, {2011, 4, 24}, {2019, 4, 21},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int m = 0, d = 0;
        calendar_easter(cases[i][0], &m, &d);
        cr_assert(m == cases[i][1] && d == cases[i][2], "Easter %d: got %02d-%02d, want %02d-%02d",
                  cases[i][0], m, d, cases[i][1], cases[i][2]);
        cr_assert_eq(calendar_weekday(cases[i][0], m, d), 0, "Easter %d is a Sunday", cases[i][0]);
    }
}

Test(calendar, national_holidays_of_2026)
{
    static const int yes[][2] = {{1, 1},  {1, 6},  {4, 5},  {4, 6},  {4, 25},  {5, 1},  {6, 2},
                                 {8, 15}, {10, 4}, {11, 1}, {12, 8}, {12, 25}, {12, 26}};
    static const int no[][2] = {
        {1, 2},  {3, 19}, {4, 3},  /* Good Friday works in Italy */
        {4, 7},  {5, 14},          /* Ascension: not a civil holiday since 1977 */
        {6, 29}, {8, 14}, {8, 16}, /* Rome's patron day is local, not national */
        {11, 2}, {11, 4}, {12, 24}, {12, 31}, {4, 13},
    };
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        cr_assert(calendar_is_national_holiday(2026, yes[i][0], yes[i][1]), "2026-%02d-%02d",
                  yes[i][0], yes[i][1]);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        cr_assert_not(calendar_is_national_holiday(2026, no[i][0], no[i][1]), "2026-%02d-%02d",
                      no[i][0], no[i][1]);
}

Test(calendar, easter_monday_moves_with_easter)
{
    /* 2024: Easter on 31 March, its Monday on 1 April (across the month). */
    cr_assert(calendar_is_national_holiday(2024, 4, 1));
    cr_assert(calendar_is_national_holiday(2025, 4, 21));
    cr_assert(calendar_is_national_holiday(2038, 4, 26));
    cr_assert_not(calendar_is_national_holiday(2025, 4, 7), "2026's Easter Monday, not 2025's");
    cr_assert_not(calendar_is_national_holiday(2024, 4, 2));
    struct calendar c = national();
    cr_assert_not(calendar_is_working_day(&c, 2025, 4, 21));
    cr_assert(calendar_is_working_day(&c, 2025, 4, 22));
}

Test(calendar, san_francesco_from_2026)
{
    /* legge 8 ottobre 2025 n. 151, in force from 1 January 2026 */
    cr_assert_not(calendar_is_national_holiday(2025, 10, 4));
    cr_assert(calendar_is_national_holiday(2026, 10, 4));
    struct calendar c = national();
    cr_assert_not(calendar_is_working_day(&c, 2027, 10, 4), "Monday 4 October 2027");
    cr_assert(calendar_is_working_day(&c, 2024, 10, 4), "Friday 4 October 2024");
    due_is(&c, rome(2027, 10, 1, 12, 0), 48, rome(2027, 10, 6, 12, 0));
}

Test(calendar, working_days)
{
    struct calendar c = national();
    cr_assert_eq(calendar_weekday(1970, 1, 1), 4, "a Thursday");
    cr_assert_eq(calendar_weekday(2025, 1, 17), 5);
    cr_assert(calendar_is_working_day(&c, 2025, 1, 17), "Friday");
    cr_assert_not(calendar_is_working_day(&c, 2025, 1, 18), "Saturday");
    cr_assert_not(calendar_is_working_day(&c, 2025, 1, 19), "Sunday");
    cr_assert(calendar_is_working_day(&c, 2025, 1, 20), "Monday");
    cr_assert_not(calendar_is_working_day(&c, 2025, 12, 25), "Christmas, a Thursday");
    cr_assert(calendar_is_working_day(&c, 2025, 4, 18), "Good Friday");
    cr_assert(calendar_is_working_day(&c, 2026, 6, 29), "no local holiday configured");
}

Test(calendar, local_time_agrees_with_tzdata)
{
    static const struct {
        int64_t utc;
        int y, mo, d, h, mi, s, offset;
    } cases[] = {
        {1737122400, 2025, 1, 17, 15, 0, 0, 3600},   {1774620000, 2026, 3, 27, 15, 0, 0, 3600},
        {1774962000, 2026, 3, 31, 15, 0, 0, 7200},   {1792760400, 2026, 10, 23, 15, 0, 0, 7200},
        {1793109600, 2026, 10, 27, 15, 0, 0, 3600},  {1774821600, 2026, 3, 30, 0, 0, 0, 7200},
        {1792969200, 2026, 10, 26, 0, 0, 0, 3600},   {1784111696, 2026, 7, 15, 12, 34, 56, 7200},
        {1709247599, 2024, 2, 29, 23, 59, 59, 3600}, {2147483647, 2038, 1, 19, 4, 14, 7, 3600},
        {1767220200, 2025, 12, 31, 23, 30, 0, 3600}, {0, 1970, 1, 1, 1, 0, 0, 3600},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct calendar_local l;
        calendar_to_local(cases[i].utc, &l);
        cr_assert(l.year == cases[i].y && l.month == cases[i].mo && l.day == cases[i].d &&
                      l.hour == cases[i].h && l.minute == cases[i].mi && l.second == cases[i].s,
                  "%lld: got %04d-%02d-%02d %02d:%02d:%02d", (long long)cases[i].utc, l.year,
                  l.month, l.day, l.hour, l.minute, l.second);
        cr_assert_eq(calendar_utc_offset(cases[i].utc), cases[i].offset, "%lld",
                     (long long)cases[i].utc);
        int64_t back = -1;
        cr_assert_eq(calendar_from_local(&l, &back), VC_OK);
        cr_assert_eq(back, cases[i].utc, "back from %04d-%02d-%02d %02d:%02d", l.year, l.month,
                     l.day, l.hour, l.minute);
    }
}

Test(calendar, summer_time_changes_at_01_utc_on_the_last_sundays)
{
    /* The instants of the changes, from tzdata. */
    static const struct {
        int64_t at;
        int after;
    } changes[] = {
        {1711846800, 7200}, {1729990800, 3600}, /* 2024-03-31, 2024-10-27 */
        {1774746000, 7200}, {1792890000, 3600}, /* 2026-03-29, 2026-10-25 */
        {1806195600, 7200}, {1824944400, 3600}, /* 2027-03-28, 2027-10-31 */
        {2153350800, 7200}, {2172099600, 3600}, /* 2038-03-28, 2038-10-31 */
    };
    for (size_t i = 0; i < sizeof changes / sizeof changes[0]; i++) {
        int before = changes[i].after == 7200 ? 3600 : 7200;
        cr_assert_eq(calendar_utc_offset(changes[i].at - 1), before, "%lld - 1",
                     (long long)changes[i].at);
        cr_assert_eq(calendar_utc_offset(changes[i].at), changes[i].after, "%lld",
                     (long long)changes[i].at);
    }
}

Test(calendar, skipped_and_repeated_hours)
{
    /* 02:30 on 29 March 2026 never happens: read as winter time, 03:30 CEST. */
    cr_assert_eq(rome(2026, 3, 29, 2, 30), 1774747800);
    /* 02:30 on 25 October 2026 happens twice: the first, still summer time. */
    cr_assert_eq(rome(2026, 10, 25, 2, 30), 1792888200);
    cr_assert_eq(rome(2026, 10, 25, 3, 0), 1792893600, "03:00 CET, after the repeat");
}

Test(calendar, local_time_out_of_range_is_refused)
{
    static const struct calendar_local bad[] = {
        {2026, 2, 29, 12, 0, 0, 0}, {2026, 13, 1, 12, 0, 0, 0}, {2026, 4, 31, 12, 0, 0, 0},
        {2026, 1, 0, 12, 0, 0, 0},  {2026, 1, 1, 24, 0, 0, 0},  {2026, 1, 1, 12, 60, 0, 0},
        {2026, 1, 1, 12, 0, -1, 0}, {1582, 12, 31, 0, 0, 0, 0}, {20000, 1, 1, 0, 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t t = 42;
        cr_assert_eq(calendar_from_local(&bad[i], &t), VC_ERR_INVALID, "case %zu", i);
        cr_assert_eq(t, 42, "out untouched");
    }
    /* The edges convert and come back (by the summer-time rule of today,
     * not the clocks of the time). */
    static const struct calendar_local good[] = {
        {2028, 2, 29, 23, 59, 59, 0},
        {1900, 1, 1, 0, 0, 0, 0},
        {CALENDAR_YEAR_MIN, 1, 1, 0, 0, 0, 0},
        {CALENDAR_YEAR_MAX, 12, 31, 23, 59, 59, 0},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        int64_t t = 0;
        cr_assert_eq(calendar_from_local(&good[i], &t), VC_OK, "case %zu", i);
        struct calendar_local back;
        calendar_to_local(t, &back);
        cr_assert(back.year == good[i].year && back.month == good[i].month &&
                      back.day == good[i].day && back.hour == good[i].hour &&
                      back.second == good[i].second,
                  "case %zu: %04d-%02d-%02d %02d:%02d", i, back.year, back.month, back.day,
                  back.hour, back.minute);
    }
    int64_t t = 0;
    cr_assert_eq(calendar_from_local(&good[1], &t), VC_OK);
    cr_assert_eq(t, INT64_C(-2208992400), "1900-01-01 00:00 at UTC+1");
}

Test(calendar, deadline_across_a_weekend)
{
    struct calendar c = national();
    /* Friday 15:00 + 48 working hours: 9 on Friday, 24 on Monday, 15 on Tuesday. */
    due_is(&c, 1737122400, 48, 1737468000);
    due_is(&c, rome(2025, 1, 17, 15, 0), 48, rome(2025, 1, 21, 15, 0));
    due_is(&c, rome(2025, 1, 13, 10, 0), 48, rome(2025, 1, 15, 10, 0)); /* none in between */
    due_is(&c, rome(2025, 1, 17, 15, 0), 9, rome(2025, 1, 18, 0, 0));   /* Friday's 24:00 */
    due_is(&c, rome(2025, 1, 17, 15, 0), 10, rome(2025, 1, 20, 1, 0));
}

Test(calendar, deadline_across_easter_monday)
{
    struct calendar c = national();
    /* Thursday 17 April 2025 10:00: Good Friday counts, Easter Monday does not. */
    due_is(&c, rome(2025, 4, 17, 10, 0), 48, rome(2025, 4, 22, 10, 0));
    /* 2024: Easter Monday on 1 April. */
    due_is(&c, rome(2024, 3, 29, 12, 0), 48, rome(2024, 4, 3, 12, 0));
}

Test(calendar, deadline_across_25_april)
{
    struct calendar c = national();
    /* Friday 25 April 2025 */
    due_is(&c, rome(2025, 4, 23, 9, 0), 48, rome(2025, 4, 28, 9, 0));
}

Test(calendar, deadline_across_1_may)
{
    struct calendar c = national();
    /* Thursday 1 May 2025 */
    due_is(&c, rome(2025, 4, 30, 12, 0), 48, rome(2025, 5, 5, 12, 0));
}

Test(calendar, deadline_across_2_june)
{
    struct calendar c = national();
    /* Monday 2 June 2025 */
    due_is(&c, rome(2025, 5, 30, 8, 0), 48, rome(2025, 6, 4, 8, 0));
}

Test(calendar, deadline_across_15_august)
{
    struct calendar c = national();
    /* Friday 15 August 2025 */
    due_is(&c, rome(2025, 8, 14, 18, 0), 48, rome(2025, 8, 19, 18, 0));
}

Test(calendar, deadline_across_christmas)
{
    struct calendar c = national();
    /* 2025: 24th a Wednesday (it works), 25th and 26th Thursday and Friday,
     * then the weekend: four days off in a row. */
    cr_assert(calendar_is_working_day(&c, 2025, 12, 24));
    due_is(&c, rome(2025, 12, 24, 10, 0), 48, rome(2025, 12, 30, 10, 0));
    /* 2027: 24th a Friday, 25th and 26th fall on the weekend (no day in lieu). */
    due_is(&c, rome(2027, 12, 24, 9, 0), 48, rome(2027, 12, 28, 9, 0));
    /* Across New Year and Epiphany: Wed 31 Dec 2025 12:00 (12 h), Thu 1 Jan
     * off, Fri 2 Jan (24), Mon 5 Jan (24), Tue 6 Jan off, Wed 7 Jan (1). */
    due_is(&c, rome(2025, 12, 31, 12, 0), 61, rome(2026, 1, 7, 1, 0));
}

Test(calendar, deadline_across_a_patron_day)
{
    /* Rome, Santi Pietro e Paolo: Monday 29 June 2026. */
    struct calendar rome_cal = national();
    cr_assert_eq(calendar_add_local(&rome_cal, 6, 29), VC_OK);
    cr_assert_not(calendar_is_working_day(&rome_cal, 2026, 6, 29));
    due_is(&rome_cal, rome(2026, 6, 26, 15, 0), 48, rome(2026, 7, 1, 15, 0));
    struct calendar elsewhere = national();
    due_is(&elsewhere, rome(2026, 6, 26, 15, 0), 48, rome(2026, 6, 30, 15, 0));

    /* Milan, Sant'Ambrogio: Monday 7 December 2026, the day before 8 December. */
    struct calendar milan = national();
    cr_assert_eq(calendar_add_local(&milan, 12, 7), VC_OK);
    due_is(&milan, rome(2026, 12, 4, 12, 0), 48, rome(2026, 12, 10, 12, 0));
}

Test(calendar, deadline_from_a_day_off)
{
    struct calendar c = national();
    /* Sunday afternoon: counting starts Monday 00:00. */
    due_is(&c, rome(2025, 1, 19, 15, 0), 1, rome(2025, 1, 20, 1, 0));
    due_is(&c, rome(2025, 1, 19, 15, 0), 48, rome(2025, 1, 22, 0, 0));
    due_is(&c, rome(2025, 1, 18, 9, 30), 30, rome(2025, 1, 21, 6, 0)); /* a Saturday */
    /* Easter Monday 2025, then Tuesday 00:00. */
    due_is(&c, rome(2025, 4, 21, 10, 0), 24, rome(2025, 4, 23, 0, 0));
}

Test(calendar, deadline_across_summer_time_weekends)
{
    struct calendar c = national();
    /* The Sunday of 29 March 2026 has 23 hours, that of 25 October 25: the
     * deadline keeps its wall-clock hour, so the UTC span is 95 h and 97 h. */
    due_is(&c, 1774620000, 48, 1774962000); /* Fri 27 Mar 15:00 CET -> Tue 31 15:00 CEST */
    due_is(&c, 1792760400, 48, 1793109600); /* Fri 23 Oct 15:00 CEST -> Tue 27 15:00 CET */
    /* From the Saturday before: Monday 00:00 CEST to Wednesday 00:00. */
    due_is(&c, rome(2026, 3, 28, 10, 0), 48, rome(2026, 4, 1, 0, 0));
    due_is(&c, rome(2026, 3, 28, 10, 0), 1, 1774825200); /* Mon 30 Mar 01:00 CEST */
    /* From the Sunday itself, within the changes. */
    due_is(&c, 1774747800, 8, 1774850400); /* Sun 03:30 CEST -> Mon 30 Mar 08:00 */
    due_is(&c, 1792888200, 1, 1792972800); /* Sun 02:30 CEST (first) -> Mon 26 Oct 01:00 */
    due_is(&c, 1792891800, 1, 1792972800); /* Sun 02:30 CET (again) -> same */
}

Test(calendar, deadline_ends_at_a_working_day_end)
{
    struct calendar c = national();
    /* Thursday 00:00 + 48: Friday's 24:00, not Monday's 00:00. */
    due_is(&c, rome(2025, 1, 16, 0, 0), 48, rome(2025, 1, 18, 0, 0));
    due_is(&c, rome(2025, 1, 16, 0, 0), 49, rome(2025, 1, 20, 1, 0));
    /* Nothing to add: the start itself, even on a Sunday. */
    due_is(&c, rome(2025, 1, 19, 15, 0), 0, rome(2025, 1, 19, 15, 0));
    /* A long count: 10 working days of 24 h from Monday 2 Feb 2026 = 2 weeks. */
    due_is(&c, rome(2026, 2, 2, 9, 0), 240, rome(2026, 2, 16, 9, 0));
}

Test(calendar, local_holidays)
{
    struct calendar c = national();
    cr_assert_eq(calendar_add_local(&c, 2, 30), VC_ERR_INVALID);
    cr_assert_eq(calendar_add_local(&c, 4, 31), VC_ERR_INVALID);
    cr_assert_eq(calendar_add_local(&c, 13, 1), VC_ERR_INVALID);
    cr_assert_eq(calendar_add_local(&c, 0, 5), VC_ERR_INVALID);
    cr_assert_eq(calendar_add_local(&c, 5, 0), VC_ERR_INVALID);
    cr_assert_eq(c.n_local, 0);
    /* 29 February counts in leap years only (Tuesday 29 Feb 2028). */
    cr_assert_eq(calendar_add_local(&c, 2, 29), VC_OK);
    cr_assert_not(calendar_is_working_day(&c, 2028, 2, 29));
    cr_assert(calendar_is_working_day(&c, 2028, 2, 28));
    cr_assert(calendar_is_working_day(&c, 2028, 3, 1));
    cr_assert_eq(calendar_add_local(&c, 2, 29), VC_OK);
    cr_assert_eq(c.n_local, 1, "a day given twice is kept once");
    for (int d = 1; c.n_local < CALENDAR_LOCAL_MAX; d++)
        cr_assert_eq(calendar_add_local(&c, 7, d), VC_OK);
    cr_assert_eq(calendar_add_local(&c, 9, 19), VC_ERR_LIMIT);
    cr_assert_eq(c.n_local, CALENDAR_LOCAL_MAX);
}

Test(calendar, local_holidays_from_the_configuration)
{
    static struct config cfg;
    static struct core_config core;
    char err[256] = "";
    const char *text = "[cases]\nlocal_holidays = 06-29, 12-07\n";
    cr_assert_eq(config_parse_text(text, strlen(text), &cfg, err, sizeof err), VC_OK, "%s", err);
    uint8_t key[32] = {1};
    cr_assert_eq(core_config_init(&core, &cfg, key, key), VC_OK);
    cr_assert_eq(core.calendar.n_local, 2);
    cr_assert_not(calendar_is_working_day(&core.calendar, 2026, 6, 29));
    cr_assert_not(calendar_is_working_day(&core.calendar, 2026, 12, 7));
    due_is(&core.calendar, rome(2026, 6, 26, 15, 0), 48, rome(2026, 7, 1, 15, 0));

    cr_assert_eq(config_parse_text("", 0, &cfg, err, sizeof err), VC_OK, "%s", err);
    cr_assert_eq(core_config_init(&core, &cfg, key, key), VC_OK);
    cr_assert_eq(core.calendar.n_local, 0, "none unless configured");
    cr_assert(calendar_is_working_day(&core.calendar, 2026, 6, 29));
}

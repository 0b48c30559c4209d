/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Mobile numbers (core/phone.c): what people type into E.164, what is
 * refused, and the masked form pages show. Tables of known inputs. */
#include <criterion/criterion.h>
#include <string.h>

#include "core/phone.h"

static const struct {
    const char *typed, *e164;
} VALID[] = {
    {"333 123 4567", "+393331234567"},
    {"+39 333-1234567", "+393331234567"},
    {"0039 3331234567", "+393331234567"},
    {"(333) 1234567", "+393331234567"},
    {"+39 333-123-4567", "+393331234567"},
    {"333.123.4567", "+393331234567"},
    {"333/1234567", "+393331234567"},
    {"3331234567", "+393331234567"},
    {"+393331234567", "+393331234567"},
    {"(+39) 333 1234567", "+393331234567"},
    {"320 123456", "+39320123456"}, /* 9 digits: older numbers */
    {"+49 151 23456789", "+4915123456789"},
    {"0044 7700 900123", "+447700900123"},
    {"+1 (202) 555-0123", "+12025550123"},
    {"+354 6112345", "+3546112345"},          /* Iceland: 10 digits in all */
    {"+123456789012345", "+123456789012345"}, /* 15 digits: E.164's most */
};

static const struct {
    const char *typed, *why;
} INVALID[] = {
    {"", "empty"},
    {"   ", "blanks"},
    {"06 1234 5678", "an Italian landline"},
    {"+39 06 1234567", "an Italian landline with the country code"},
    {"0039 06 1234567", "an Italian landline after 00"},
    {"333 12345", "8 digits: too short for an Italian mobile"},
    {"333 1234 5678", "11 digits: too long for an Italian mobile"},
    {"+39 333 12345678", "+39 and 11 national digits"},
    {"333 12a 4567", "a letter"},
    {"+1234567890123456", "over 15 digits"},
    {"+49 1234", "too short for any country"},
    {"+0 1234 56789", "a country code cannot start with 0"},
    {"333 123 4567 +", "a plus at the end"},
    {"++39 3331234567", "two plus signs"},
    {"333\t1234567", "a tab"},
    {"tel:+393331234567", "a URI"},
    {"333 123 4567 333 123 4567 333 123 4567 333", "over the input bound"},
};

Test(phone, normalises_what_people_type)
{
    for (size_t i = 0; i < sizeof VALID / sizeof VALID[0]; i++) {
        char out[PHONE_E164_SIZE] = "";
        cr_assert(phone_normalise(VALID[i].typed, out), "refused: %s", VALID[i].typed);
        cr_assert_str_eq(out, VALID[i].e164, "%s", VALID[i].typed);
        cr_assert(phone_is_e164(out), "%s", out);
    }
}

Test(phone, refuses_what_is_not_a_mobile)
{
    for (size_t i = 0; i < sizeof INVALID / sizeof INVALID[0]; i++) {
        char out[PHONE_E164_SIZE] = "untouched";
        cr_assert_not(phone_normalise(INVALID[i].typed, out), "accepted %s (%s)", INVALID[i].typed,
                      INVALID[i].why);
        cr_assert_str_eq(out, "untouched", "out written on failure");
    }
    char out[PHONE_E164_SIZE];
    cr_assert_not(phone_normalise(NULL, out));
}

Test(phone, e164_means_already_normalised)
{
    cr_assert(phone_is_e164("+393331234567"));
    cr_assert_not(phone_is_e164("3331234567"), "no country code");
    cr_assert_not(phone_is_e164("+39 333 1234567"), "blanks");
    cr_assert_not(phone_is_e164("00393331234567"));
    cr_assert_not(phone_is_e164(""));
    cr_assert_not(phone_is_e164(NULL));
}

Test(phone, masks_for_display)
{
    static const struct {
        const char *in, *masked;
    } T[] = {
        {"+393331234567", "+39 333 ***4567"},
        {"333 123 4567", "+39 333 ***4567"}, /* typed forms too */
        {"+39320123456", "+39 320 ***3456"},
        {"+4915123456789", "+49 ***6789"},
        {"+12025550123", "+1 ***0123"},
        {"+3546112345", "+354 ***2345"},
        {"+79161234567", "+7 ***4567"},
        {"+982112345678", "+98 ***5678"}, /* the last two-digit code */
        {"", ""},
        {"06 1234 5678", "***"}, /* not a mobile: nothing of it shown */
        {"garbage", "***"},
    };
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
        char out[PHONE_MASKED_SIZE];
        phone_mask(T[i].in, out);
        cr_assert_str_eq(out, T[i].masked, "%s", T[i].in);
    }
    char out[PHONE_MASKED_SIZE];
    phone_mask(NULL, out);
    cr_assert_str_eq(out, "");
}

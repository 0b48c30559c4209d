/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* dates.h: ISO dates into the form people read. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "render/dates.h"

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
    }
    return true;
}

void dates_format_iso(const char *lang, const char *iso, char *out, size_t size)
{
    (void)lang; /* it and en (en-GB) share dd/mm/yyyy: see dates.h */
    if (size == 0)
        return;
    if (iso == NULL)
        iso = "";
    if (strlen(iso) == 10 && iso[4] == '-' && iso[7] == '-' && digits(iso, 4) &&
        digits(iso + 5, 2) && digits(iso + 8, 2)) {
        snprintf(out, size, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
        return;
    }
    snprintf(out, size, "%s", iso);
}

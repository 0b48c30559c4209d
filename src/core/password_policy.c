/* SPDX-License-Identifier: AGPL-3.0-or-later */
#include "core/password_policy.h"
#include "util/str.h"

const char *password_policy_check(const struct profile *p, const char *pw, size_t len)
{
    if (len == 0)
        return "error.password.missing";
    if (len > 4 * p->password_max || !str_is_clean_utf8(pw, len))
        return len > 4 * p->password_max ? "error.password.long" : "error.password.invalid";
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)pw[i] < 0x20)
            return "error.password.invalid";
    }
    size_t n = str_utf8_len(pw);
    if (n < p->password_min)
        return "error.password.short";
    if (n > p->password_max)
        return "error.password.long";
    return NULL;
}

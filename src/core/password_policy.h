/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Password rules per profile (DESIGN.md §5): length in code points between
 * the profile's bounds, valid UTF-8, no control characters. The enasarco
 * profile takes 8-20 (seed 000); others 12-128. Pure. */
#ifndef VARCO_CORE_PASSWORD_POLICY_H
#define VARCO_CORE_PASSWORD_POLICY_H

#include <stddef.h>

#include "core/profile.h"

/* NULL if pw is acceptable, else a catalogue key: "error.password.short",
 * "error.password.long", "error.password.invalid". */
const char *password_policy_check(const struct profile *p, const char *pw, size_t len);

#endif

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Profiles: a journey as data (DESIGN.md §2). A deployment runs one profile,
 * chosen by name in the configuration. The built-in table lives in
 * profile.c; no behaviour here, only what the steps and forms read. */
#ifndef VARCO_CORE_PROFILE_H
#define VARCO_CORE_PROFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/types.h"

#define PROFILE_STEPS_MAX 8

struct profile {
    const char *name;                     /* "enasarco" */
    const char *steps[PROFILE_STEPS_MAX]; /* in order, NULL-terminated */
    bool needs_matricola;                 /* register checks matricola + CF in the registry */
    size_t password_min;                  /* code points */
    size_t password_max;
    bool allowed_categories[MEMBER_CATEGORY_COUNT]; /* who may register */
};

/* The built-in profile of that name, or NULL. */
const struct profile *profile_find(const char *name);

/* Index of step in the profile, or -1. */
int profile_step_index(const struct profile *p, const char *step);

/* The step after step, or NULL when step is the last (or unknown). */
const char *profile_next_step(const struct profile *p, const char *step);

#endif

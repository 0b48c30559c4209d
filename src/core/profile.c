/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The built-in profiles (DESIGN.md §2): journeys as data. Later issues add
 * `istanze`, `pdnd`, `idp` and the delegation profile here. */
#include <string.h>

#include "core/profile.h"

static const struct profile PROFILES[] = {
    {
        .name = "enasarco",
        .steps = {"register", "confirm_email", "id_form", "postal_code", NULL},
        .needs_matricola = true,
        .password_min = 8, /* seed 000: 8-20 characters */
        .password_max = 20,
        .allowed_categories = {[MEMBER_AGENT_INDIVIDUAL] = true,
                               [MEMBER_AGENT_PARTNER] = true,
                               [MEMBER_AGENT_COMPANY] = true,
                               [MEMBER_RETIRED] = true,
                               [MEMBER_SURVIVOR] = true},
    },
};

const struct profile *profile_find(const char *name)
{
    for (size_t i = 0; i < sizeof PROFILES / sizeof PROFILES[0]; i++) {
        if (strcmp(PROFILES[i].name, name) == 0)
            return &PROFILES[i];
    }
    return NULL;
}

int profile_step_index(const struct profile *p, const char *step)
{
    for (int i = 0; i < PROFILE_STEPS_MAX && p->steps[i] != NULL; i++) {
        if (strcmp(p->steps[i], step) == 0)
            return i;
    }
    return -1;
}

const char *profile_next_step(const struct profile *p, const char *step)
{
    int i = profile_step_index(p, step);
    if (i < 0 || i + 1 >= PROFILE_STEPS_MAX)
        return NULL;
    return p->steps[i + 1];
}

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The built-in profiles (DESIGN.md §2): journeys as data. A new profile is
 * a table here, plus one file in core/steps/ for each step it adds. */
#include <string.h>

#include "core/profile.h"

/* inEnasarco (seeds 000, 001): pre-enrolled members, matched in the
 * registry by matricola and codice fiscale; the email is the username. */
static const struct reg_field ENASARCO_FIELDS[] = {
    {"matricola", REG_MATRICOLA, true}, {"codice_fiscale", REG_CODICE_FISCALE, true},
    {"email", REG_EMAIL, true},         {"password", REG_PASSWORD, true},
    {"privacy", REG_PRIVACY, true},
};

static const struct profile PROFILES[] = {
    {
        .name = "enasarco",
        .journeys = {{
            .name = "member",
            .audience = "journey.member",
            .steps =
                {
                    {.id = "register", .kind = "register", .page = "register"},
                    {.id = "confirm_email", .kind = "confirm_email", .page = "area"},
                    {.id = "id_form", .kind = "id_form", .page = "id_form"},
                    {.id = "postal_code",
                     .kind = "postal_code",
                     .page = "activation",
                     .grants = LEVEL_FULL},
                },
            .n_steps = 4,
            .login = LOGIN_EMAIL,
            .credential = CREDENTIAL_PASSWORD,
            .fields = ENASARCO_FIELDS,
            .n_fields = sizeof ENASARCO_FIELDS / sizeof ENASARCO_FIELDS[0],
            .final_message = "account_activated",
        }},
        .n_journeys = 1,
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

const struct journey_def *profile_journey(const struct profile *p, const char *name)
{
    for (size_t i = 0; i < p->n_journeys; i++) {
        if (name == NULL || name[0] == '\0' || strcmp(p->journeys[i].name, name) == 0)
            return &p->journeys[i];
    }
    return NULL;
}

const struct step_ref *journey_step(const struct journey_def *j, const char *id)
{
    for (size_t i = 0; i < j->n_steps; i++) {
        if (strcmp(j->steps[i].id, id) == 0)
            return &j->steps[i];
    }
    return NULL;
}

const struct step_ref *journey_next(const struct journey_def *j, const char *id)
{
    const struct step_ref *s = journey_step(j, id);
    if (s == NULL)
        return NULL;
    for (size_t i = (size_t)(s - j->steps) + 1; i < j->n_steps; i++) {
        if (!j->steps[i].after)
            return &j->steps[i];
    }
    return NULL;
}

const struct reg_field *journey_field(const struct journey_def *j, enum reg_kind kind)
{
    for (size_t i = 0; i < j->n_fields; i++) {
        if (j->fields[i].kind == kind)
            return &j->fields[i];
    }
    return NULL;
}

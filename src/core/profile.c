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

/* A person's data as a form asks it where no registry knows them: the
 * codice fiscale must agree with the names, sex, birth date and place. */
#define PERSON_FIELDS                                                                              \
    {"codice_fiscale", REG_CODICE_FISCALE, true}, {"given_name", REG_GIVEN_NAME, true},            \
        {"family_name", REG_FAMILY_NAME, true}, {"sex", REG_SEX, true},                            \
        {"birth_date", REG_BIRTH_DATE, true}, {"birth_place", REG_BIRTH_PLACE, true},              \
        {"birth_province", REG_BIRTH_PROVINCE, true}, {"address", REG_ADDRESS, true},              \
        {"postcode", REG_POSTCODE, true}, {"city", REG_CITY, true},                                \
        {"province", REG_PROVINCE, true},                                                          \
    {                                                                                              \
        "email", REG_EMAIL, true                                                                   \
    }

/* The professional firm's operator (seed 001, "Servizio delega"): no
 * registry row, so the person's data as the form says (the letter goes to
 * the residence), and the firm they work for. */
static const struct reg_field FIRM_OPERATOR_FIELDS[] = {
    {"firm_tax_id", REG_FIRM_TAX_ID, true}, {"firm_name", REG_FIRM_NAME, false}, PERSON_FIELDS,
    {"password", REG_PASSWORD, true},       {"privacy", REG_PRIVACY, true},
};

/* INPS PIN (seed 003): anyone with a codice fiscale registers with their
 * personal data, which the codice fiscale must agree with; no registry. */
static const struct reg_field INPS_FIELDS[] = {
    PERSON_FIELDS,
    {"mobile", REG_MOBILE, false},
    {"privacy", REG_PRIVACY, true},
};

/* Istanze Online (seed 004) and SPID (seed 002): personal data as INPS
 * PIN, and a password of the person's choosing; the email is the username
 * (SPID's number of record comes with its contract, where the SMS code
 * signs it). */
static const struct reg_field PERSON_PASSWORD_FIELDS[] = {
    PERSON_FIELDS,
    {"mobile", REG_MOBILE, false},
    {"password", REG_PASSWORD, true},
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
                     },
                     {
                         /* the same form and letter as a member, without a matricola */
                         .name = "firm_operator",
                         .audience = "journey.firm_operator",
                         .steps =
                             {
                                 {.id = "register", .kind = "register", .page = "register_firm"},
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
                         .fields = FIRM_OPERATOR_FIELDS,
                         .n_fields = sizeof FIRM_OPERATOR_FIELDS / sizeof FIRM_OPERATOR_FIELDS[0],
                         .final_message = "account_activated",
                     }},
        .n_journeys = 2,
        .password_min = 8, /* seed 000: 8-20 characters */
        .password_max = 20,
        .allowed_categories = {[MEMBER_AGENT_INDIVIDUAL] = true,
                               [MEMBER_AGENT_PARTNER] = true,
                               [MEMBER_AGENT_COMPANY] = true,
                               [MEMBER_RETIRED] = true,
                               [MEMBER_SURVIVOR] = true,
                               /* a principal firm's legal representative acts for it */
                               [MEMBER_PRINCIPAL_FIRM] = true},
    },
    {
        .name = "inps-pin",
        .journeys = {{
            .name = "citizen",
            .audience = "journey.citizen",
            .steps =
                {
                    {.id = "register", .kind = "register", .page = "register"},
                    {.id = "split_pin", .kind = "split_pin", .page = "pin", .grants = LEVEL_FULL},
                },
            .n_steps = 2,
            .login = LOGIN_CODICE_FISCALE,
            .credential = CREDENTIAL_PIN,
            .fields = INPS_FIELDS,
            .n_fields = sizeof INPS_FIELDS / sizeof INPS_FIELDS[0],
            .final_message = "account_activated",
        }},
        .n_journeys = 1,
        .password_min = 12, /* the personal PIN is a password (ASVS 2.1.1) */
        .password_max = 64,
        .procurators = true, /* seed 003: the PIN requested by a procurator */
    },
    {
        /* The temporary personal code occurs twice: issued by mail and
         * typed to open the pending area, then replaced by one of the
         * person's choosing once the office has recognised them. */
        .name = "istanze",
        .journeys =
            {
                {
                    .name = "staff",
                    .audience = "journey.staff",
                    .steps =
                        {
                            {.id = "register", .kind = "register", .page = "register"},
                            {.id = "temp_code", .kind = "temp_code", .page = "personal_code"},
                            {.id = "in_person",
                             .kind = "in_person",
                             .page = "in_person",
                             .signed_form = true},
                            {.id = "temp_code_replaced",
                             .kind = "temp_code",
                             .page = "personal_code",
                             .grants = LEVEL_FULL},
                        },
                    .n_steps = 4,
                    .login = LOGIN_EMAIL,
                    .credential = CREDENTIAL_PASSWORD,
                    .fields = PERSON_PASSWORD_FIELDS,
                    .n_fields = sizeof PERSON_PASSWORD_FIELDS / sizeof PERSON_PASSWORD_FIELDS[0],
                    .final_message = "account_activated",
                }},
        .n_journeys = 1,
        .password_min = 12,
        .password_max = 64,
        .recovery_asks_cf = true, /* "Password dimenticata?": username and codice fiscale */
    },
    {
        /* The identity provider's journey: the contract signed with an SMS
         * code before the recognition in person; level 1 at the end, level
         * 2 once an authenticator app is enrolled. */
        .name = "spid",
        .journeys =
            {
                {
                    .name = "identity",
                    .audience = "journey.identity",
                    .steps =
                        {
                            {.id = "register", .kind = "register", .page = "register"},
                            {.id = "confirm_email", .kind = "confirm_email", .page = "area"},
                            {.id = "contract_otp", .kind = "contract_otp", .page = "contract"},
                            {.id = "in_person",
                             .kind = "in_person",
                             .page = "in_person",
                             .grants = LEVEL_FULL},
                        },
                    .n_steps = 4,
                    .login = LOGIN_EMAIL,
                    .credential = CREDENTIAL_PASSWORD,
                    .fields = PERSON_PASSWORD_FIELDS,
                    .n_fields = sizeof PERSON_PASSWORD_FIELDS / sizeof PERSON_PASSWORD_FIELDS[0],
                    .final_message = "account_activated",
                }},
        .n_journeys = 1,
        .password_min = 12,
        .password_max = 64,
        .enrol_by_sms = true, /* the app is activated with an SMS code (seed 002) */
        .reset_by_sms = true, /* and the password recovered with one, beside the link */
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

const struct profile *profile_at(size_t i)
{
    return i < sizeof PROFILES / sizeof PROFILES[0] ? &PROFILES[i] : NULL;
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

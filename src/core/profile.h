/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Profiles: journeys as data (DESIGN.md §2, "The engine's shape"). A
 * deployment runs one profile, chosen by name in the configuration; a
 * profile holds one journey per audience (the member's; later the firm
 * operator's). A journey is a list of step occurrences, each naming the step
 * that implements it (core/steps/<kind>.c), the named page where the person
 * does it, and the level it grants; plus how the person registers (which
 * fields), logs in (which identifier, which credential) and what they are
 * told at the end. The built-in table lives in profile.c: no behaviour
 * here, only what the engine, the steps and the forms read. */
#ifndef VARCO_CORE_PROFILE_H
#define VARCO_CORE_PROFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/types.h"

#define JOURNEY_STEPS_MAX 8
#define PROFILE_JOURNEYS_MAX 4
#define REG_FIELDS_MAX 20

/* What the person types to log in. */
enum login_id {
    LOGIN_EMAIL,          /* the username is the personal email */
    LOGIN_CODICE_FISCALE, /* INPS PIN: codice fiscale + PIN (seed 003) */
};

/* Registration fields. Each kind has its widget (web/) and its check
 * (core/registration.c); a journey lists the ones it asks for. */
enum reg_kind {
    REG_MATRICOLA,      /* matched with the codice fiscale in the registry */
    REG_CODICE_FISCALE, /* valid; with personal data: agrees with them (core/cf_person.h) */
    REG_GIVEN_NAME,
    REG_FAMILY_NAME,
    REG_SEX,         /* "M" or "F" */
    REG_BIRTH_DATE,  /* YYYY-MM-DD */
    REG_BIRTH_PLACE, /* an Italian comune (with its province) or a foreign state */
    REG_BIRTH_PROVINCE,
    REG_ADDRESS, /* residence: street and number */
    REG_POSTCODE,
    REG_CITY,
    REG_PROVINCE,
    REG_EMAIL,       /* not a PEC */
    REG_MOBILE,      /* optional unless required */
    REG_PASSWORD,    /* with its confirmation */
    REG_FIRM_TAX_ID, /* the firm operator's firm: partita IVA or codice fiscale (core/tax_id.h) */
    REG_FIRM_NAME,   /* its name: asked of the first operator, kept from then on */
    REG_PRIVACY,     /* consent to the informativa */
};

struct reg_field {
    const char *name; /* form field name: "codice_fiscale" */
    enum reg_kind kind;
    bool required;
};

/* One occurrence of a step in a journey. A step may occur twice (a
 * temporary code issued, later replaced): each occurrence has its own id. */
struct step_ref {
    const char *id;            /* unique in the journey: "postal_code", "temp_code_replaced" */
    const char *kind;          /* the implementation: core/steps/<kind>.c */
    const char *page;          /* the named page where the person does it ("" none: others act) */
    enum account_level grants; /* the level once done (LEVEL_LIMITED: no change) */
    bool after;                /* offered after the journey, optional (a second factor) */
    bool signed_form;          /* in_person: the adhesion form is signed at the desk (istanze) */
};

struct journey_def {
    const char *name;                         /* "member" */
    const char *audience;                     /* who it is for, a catalogue key: "journey.member" */
    struct step_ref steps[JOURNEY_STEPS_MAX]; /* in order; steps[0] is always `register` */
    size_t n_steps;
    enum login_id login;
    enum credential_kind credential;
    const struct reg_field *fields; /* what registration asks */
    size_t n_fields;
    const char *final_message; /* the mail once the journey is over: "account_activated" */
};

struct profile {
    const char *name; /* "enasarco" */
    struct journey_def journeys[PROFILE_JOURNEYS_MAX];
    size_t n_journeys;
    size_t password_min; /* code points */
    size_t password_max;
    bool allowed_categories[MEMBER_CATEGORY_COUNT]; /* who may register (registry profiles) */
    bool enrol_by_sms;     /* enrolling an app is confirmed by an SMS code (seed 002) */
    bool reset_by_sms;     /* a password reset wants the mailed link and an SMS code (seed 002) */
    bool recovery_asks_cf; /* password lost: username + codice fiscale (seed 004), whatever the
                              configuration says */
    bool procurators;      /* a professional with a procura requests a PIN for a person and acts
                              for them (seed 003; core/delegation.h mandates) */
};

/* The built-in profile of that name, or NULL. */
const struct profile *profile_find(const char *name);

/* The i-th built-in profile, or NULL past the last (for checks that cover
 * every profile: catalogues, templates). */
const struct profile *profile_at(size_t i);

/* The profile's journey of that name, or NULL; the first one for "". */
const struct journey_def *profile_journey(const struct profile *p, const char *name);

/* The occurrence of that id in the journey, or NULL. */
const struct step_ref *journey_step(const struct journey_def *j, const char *id);

/* The occurrence after id in the journey (skipping `after` ones), or NULL
 * when id is the journey's last. */
const struct step_ref *journey_next(const struct journey_def *j, const char *id);

/* The journey's field of that kind, or NULL when it does not ask it. */
const struct reg_field *journey_field(const struct journey_def *j, enum reg_kind kind);

#endif

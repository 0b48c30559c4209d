/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Step `in_person` (issue 12; seeds 002 and 004): recognition face to face
 * at an office of a partner network.
 *
 *   enter ─▶ (nothing chosen) ──choose──▶ CHOSEN: the office is mailed the
 *            person's contacts, so it can call for an appointment
 *   CHOSEN ──desk sets a time──▶ SCHEDULED: the person is mailed an
 *            invitation (.ics, METHOD:REQUEST, SEQUENCE 0)
 *   SCHEDULED ──desk moves it──▶ SCHEDULED (the same UID, SEQUENCE + 1)
 *   SCHEDULED ──desk or person cancels──▶ CHOSEN (METHOD:CANCEL; the other
 *            side is told)
 *   CHOSEN | SCHEDULED | REJECTED ──person chooses an office (again)──▶ CHOSEN
 *            (an appointment still set is cancelled first)
 *   CHOSEN | SCHEDULED ──desk records document, health card (and, where
 *            the journey says so, the signed adhesion form)──▶ RECORDED:
 *            a case of step "in_person" for the back office, due in
 *            IN_PERSON_CASE_HOURS working hours (core/calendar.h)
 *   RECORDED ──accepted (core/cases.h)──▶ ACCEPTED: mailed; journey advances
 *            └─rejected with reasons──▶ REJECTED: mailed the reasons and what
 *              to do; the person chooses an office and is seen again
 *
 * A desk operator acts only on the people who chose the operator's office
 * (another office's person is NOT_FOUND, as if absent); every look at a
 * person's data and every act is audited with the operator. Times are
 * Europe/Rome civil times on the page and in the invitation, UTC in the
 * store. Bytes of the signed form never pass through core. */
#ifndef VARCO_CORE_STEPS_IN_PERSON_H
#define VARCO_CORE_STEPS_IN_PERSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/env.h"
#include "core/form.h"
#include "core/journey.h"
#include "core/steps/id_form.h"
#include "core/types.h"

#define IN_PERSON_CASE_HOURS 48   /* working hours for the back office */
#define IN_PERSON_APPT_MINUTES 30 /* an appointment's length */
#define IN_PERSON_DESK_MAX 200    /* people a desk's list shows */
#define IN_PERSON_AHEAD_DAYS 366  /* how far ahead an appointment may be set */

extern const struct step_kind step_in_person;

/* The person's recognition and its office: VC_ERR_NOT_FOUND when no
 * office is chosen yet. */
enum vc_status in_person_of(const struct vc_env *env, int64_t account_id, struct in_person *out,
                            struct office *out_office);

/* The person chooses an office (its code). VC_ERR_DENIED unless acc is at
 * the in_person step and not RECORDED; VC_ERR_NOT_FOUND for an unknown
 * office. Audited. */
enum vc_status in_person_choose(const struct vc_env *env, const struct account *acc,
                                const char *office_code);

/* The person cancels the appointment (the office is told). VC_ERR_DENIED
 * unless SCHEDULED. */
enum vc_status in_person_cancel(const struct vc_env *env, const struct account *acc);

/* One person as the desk sees them. */
struct in_person_row {
    struct in_person ip;
    struct person person;
    char email[EMAIL_MAX + 1];
};

/* The people who chose the operator's office and are not yet through.
 * VC_ERR_DENIED when the operator is not a desk operator. */
enum vc_status in_person_desk_list(const struct vc_env *env, int64_t operator_id,
                                   struct in_person_row *out, size_t max, size_t *out_n);

/* One of them (audited: the desk looked at the person's data), and
 * whether their journey asks the signed adhesion form. VC_ERR_NOT_FOUND
 * when the person did not choose this operator's office. */
enum vc_status in_person_desk_person(const struct vc_env *env, int64_t operator_id,
                                     int64_t account_id, struct in_person_row *out,
                                     bool *out_needs_form);

/* The desk sets or moves the appointment to date ("YYYY-MM-DD") and time
 * ("HH:MM"), Europe/Rome. VC_ERR_INVALID (errs on "data", "ora") for a bad
 * or past date or time, or one more than IN_PERSON_AHEAD_DAYS ahead;
 * VC_ERR_DENIED when the person is RECORDED or through. */
enum vc_status in_person_schedule(const struct vc_env *env, int64_t operator_id, int64_t account_id,
                                  const char *date, const char *time, struct form_errors *errs);

/* The desk cancels the appointment. VC_ERR_DENIED unless SCHEDULED. */
enum vc_status in_person_desk_cancel(const struct vc_env *env, int64_t operator_id,
                                     int64_t account_id);

/* What the desk records at the appointment. */
struct in_person_record {
    const char *doc_type;                  /* "carta_identita", "passaporto", "patente" */
    const char *doc_number;                /* 5-20 letters and digits; upper-cased */
    const char *doc_issuer;                /* who issued it: "Comune di Roma" */
    const char *doc_expiry;                /* YYYY-MM-DD; today or later */
    const char *health_card;               /* the tessera sanitaria's 20-digit number */
    const struct id_form_doc *signed_form; /* the scan; NULL when none */
};

/* The document types the desk chooses from, NULL-ended. */
extern const char *const IN_PERSON_DOC_TYPES[];

/* The identity document and health card as the desk typed them, checked
 * the same way as in in_person_record (no adhesion form asked); the
 * checked values into out's doc_* and health_card. VC_ERR_INVALID (errs). */
enum vc_status in_person_document_check(const struct vc_env *env, const struct in_person_record *r,
                                        struct in_person *out, struct form_errors *errs);

/* Records the recognition: checks every field (errs on "tipo_documento",
 * "numero_documento", "ente", "scadenza" -- an expired document is refused
 * with that reason --, "tessera", "modulo" when the journey asks the signed
 * form and none came), then opens or reopens the case. VC_ERR_DENIED
 * unless CHOSEN or SCHEDULED; VC_ERR_NOT_FOUND as in_person_desk_person. */
enum vc_status in_person_record(const struct vc_env *env, int64_t operator_id, int64_t account_id,
                                const struct in_person_record *r, struct form_errors *errs);

#endif

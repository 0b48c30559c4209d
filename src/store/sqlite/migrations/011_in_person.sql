-- SPDX-License-Identifier: AGPL-3.0-or-later
-- In-person recognition (issue 12, core/steps/in_person.h): per account, the
-- office the person chose, the appointment the desk set (its number and the
-- invitation's sequence, for calendars) and what the desk recorded at the
-- appointment. The case the recording opens is an id_cases row of step
-- 'in_person'. The desk lists its office's people by appointment.
CREATE TABLE in_person (
    account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
    office_code TEXT NOT NULL,
    status TEXT NOT NULL,
    chosen_at INTEGER NOT NULL,
    appt_at INTEGER NOT NULL DEFAULT 0,
    appt_minutes INTEGER NOT NULL DEFAULT 0,
    appt_no INTEGER NOT NULL DEFAULT 0,
    appt_seq INTEGER NOT NULL DEFAULT 0,
    doc_type TEXT NOT NULL DEFAULT '',
    doc_number TEXT NOT NULL DEFAULT '',
    doc_issuer TEXT NOT NULL DEFAULT '',
    doc_expiry TEXT NOT NULL DEFAULT '',
    health_card TEXT NOT NULL DEFAULT '',
    recorded_at INTEGER NOT NULL DEFAULT 0,
    recorded_by INTEGER NOT NULL DEFAULT 0,
    case_id INTEGER NOT NULL DEFAULT 0,
    reasons TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL
);
CREATE INDEX in_person_desk ON in_person(office_code, status, appt_at);

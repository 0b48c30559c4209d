-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Level 2 for members (issue 13 §3, core/second_factor.h): an authenticator
-- app per account (its TOTP key sealed at rest, the last step accepted, a
-- key being enrolled), ten single-use recovery codes (keyed hashes only),
-- and how each session's person authenticated (amr: "pwd", "pwd otp").
CREATE TABLE second_factors (
    account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
    secret TEXT NOT NULL,
    last_step INTEGER NOT NULL DEFAULT 0,
    enrolled_at INTEGER NOT NULL DEFAULT 0,
    pending TEXT NOT NULL DEFAULT '',
    pending_at INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL
);
CREATE TABLE recovery_codes (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    used_at INTEGER NOT NULL DEFAULT 0,
    voided INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX recovery_codes_account ON recovery_codes(account_id, voided, used_at);
ALTER TABLE sessions ADD COLUMN amr TEXT NOT NULL DEFAULT '';

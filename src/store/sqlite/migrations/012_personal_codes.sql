-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Personal codes (seed 004, Istanze online; core/personal_code.h): a
-- temporary code issued by mail (keyed hash), later replaced by one the
-- person chooses (argon2id). Only hashes; a row is voided, never deleted.
CREATE TABLE personal_codes (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    hash TEXT NOT NULL,
    is_temporary INTEGER NOT NULL,
    attempts_left INTEGER NOT NULL,
    voided INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    confirmed_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX personal_codes_account ON personal_codes(account_id, voided, is_temporary, id);

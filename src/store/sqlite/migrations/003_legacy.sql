-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Accounts of the old system (seed 000, docs/legacy.md), imported by
-- `varco legacy import`: the old username and password hash, the person
-- (normalised codice fiscale, registry link), the email if known. A row is
-- active until its person moves to a new account (migrated), or another
-- old registration of the same person does (disabled).
CREATE TABLE legacy_accounts (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    cf_norm TEXT NOT NULL,
    member_id INTEGER NOT NULL,
    password_hash TEXT NOT NULL,
    email TEXT NOT NULL,
    state TEXT NOT NULL,
    weak_password INTEGER NOT NULL,
    account_id INTEGER NOT NULL,
    imported_at INTEGER NOT NULL,
    migrated_at INTEGER NOT NULL
);
CREATE INDEX legacy_accounts_cf ON legacy_accounts(cf_norm);

-- An old password that fails today's policy still logs in, then must be changed.
ALTER TABLE accounts ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;

-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Journeys as data (issue 11): an account follows one journey of its
-- profile and logs in with one kind of credential; the person behind it has
-- a row of their own, filled from the registry or the registration form,
-- kept up to date by the person. Accounts of the registry get their person
-- from their registry row.
ALTER TABLE accounts ADD COLUMN journey TEXT NOT NULL DEFAULT 'member';
ALTER TABLE accounts ADD COLUMN credential TEXT NOT NULL DEFAULT 'password';

CREATE TABLE persons (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL UNIQUE REFERENCES accounts(id),
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    sex TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    birth_place TEXT NOT NULL,
    birth_place_code TEXT NOT NULL,
    codice_fiscale TEXT NOT NULL,
    address TEXT NOT NULL,
    postcode TEXT NOT NULL,
    city TEXT NOT NULL,
    province TEXT NOT NULL,
    mobile TEXT NOT NULL,
    company_name TEXT NOT NULL,
    source TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

INSERT INTO persons (account_id, given_name, family_name, sex, birth_date, birth_place,
                     birth_place_code, codice_fiscale, address, postcode, city, province, mobile,
                     company_name, source, updated_at)
SELECT a.id, m.given_name, m.family_name,
       CASE WHEN substr(m.codice_fiscale, 10, 2) GLOB '[0-9][0-9]'
            THEN CASE WHEN CAST(substr(m.codice_fiscale, 10, 2) AS INTEGER) > 40 THEN 'F' ELSE 'M' END
            ELSE '' END,
       m.birth_date, m.birth_place, '', m.codice_fiscale, m.address, m.postcode, m.city,
       m.province, replace(replace(m.mobile, ' ', ''), '-', ''), m.company_name, 'registry',
       a.updated_at
FROM accounts a JOIN members m ON m.id = a.member_id;

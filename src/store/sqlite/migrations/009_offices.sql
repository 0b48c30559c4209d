-- SPDX-License-Identifier: AGPL-3.0-or-later
-- The recognition offices of the partner networks (issue 12 §1), imported
-- by `varco offices import` and upserted by code. network, province and
-- city compare without regard to the case of ASCII letters (the chooser's
-- filters); the index serves the list by network set, then province and
-- city. An office without coordinates has NULL latitude and longitude.
CREATE TABLE offices (
    code TEXT PRIMARY KEY,
    network TEXT NOT NULL COLLATE NOCASE,
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    postcode TEXT NOT NULL,
    city TEXT NOT NULL COLLATE NOCASE,
    province TEXT NOT NULL COLLATE NOCASE,
    latitude REAL,
    longitude REAL,
    phone TEXT NOT NULL,
    email TEXT NOT NULL,
    hours TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX offices_place ON offices(network, province, city);

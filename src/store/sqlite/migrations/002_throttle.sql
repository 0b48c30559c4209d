-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Brute-force defences (core/throttle.h): failures per keyed hash of a
-- subject (username, codice fiscale, account) or of an address, in a window
-- of one hour. Old windows are swept a few rows at a time.
CREATE TABLE throttle (
    key TEXT PRIMARY KEY,
    window_start INTEGER NOT NULL,
    failures INTEGER NOT NULL,
    next_at INTEGER NOT NULL,
    notified INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX throttle_window ON throttle(window_start);

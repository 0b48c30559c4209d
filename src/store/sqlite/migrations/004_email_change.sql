-- SPDX-License-Identifier: AGPL-3.0-or-later
-- What a link carries besides its owner: the new address of an email change
-- (core/email_change.h). Never a secret.
ALTER TABLE codes ADD COLUMN data TEXT NOT NULL DEFAULT '';

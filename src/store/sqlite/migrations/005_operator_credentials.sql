-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Operators' credentials have a life cycle (issue 8): a password set by an
-- administrator (at creation or by `varco operator passwd`) must be changed
-- at the next login; TOTP secrets are sealed (core/operator.c) and get
-- longer. Existing operators change their password once too.
ALTER TABLE operators ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 1;

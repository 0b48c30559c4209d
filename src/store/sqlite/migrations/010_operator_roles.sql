-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Operators have roles (issue 12): the back office, the desk of one office
-- (in-person recognition), the administrator. The administrator flag
-- becomes the role; a desk operator names its office.
ALTER TABLE operators ADD COLUMN role TEXT NOT NULL DEFAULT 'backoffice';
ALTER TABLE operators ADD COLUMN office_code TEXT NOT NULL DEFAULT '';
UPDATE operators SET role = 'admin' WHERE is_admin = 1;
ALTER TABLE operators DROP COLUMN is_admin;

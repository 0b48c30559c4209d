-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Several nodes may run an outbox worker on one database (DESIGN.md §3):
-- a worker claims the messages it delivers for a while (a lease), so two
-- workers never hand the same message to a gateway at once; a worker that
-- dies leaves its claims to expire.
ALTER TABLE outbox ADD COLUMN claimed_until INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';

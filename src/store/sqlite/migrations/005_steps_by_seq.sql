-- SPDX-License-Identifier: AGPL-3.0-or-later
-- The journey's steps of an account in their order (repo steps_list, read on
-- every /area) come from an index, which holds every column the list reads:
-- no sort and no lookups in the table (issue 10).
CREATE INDEX journey_steps_seq
    ON journey_steps(account_id, seq, step, status, started_at, done_at);

-- SPDX-License-Identifier: AGPL-3.0-or-later
-- The journey's steps of an account in their order (repo steps_list, read on
-- every /area) come from an index instead of a sort (issue 10).
CREATE INDEX journey_steps_seq ON journey_steps(account_id, seq);

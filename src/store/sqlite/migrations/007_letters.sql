-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Letters are tracked (issue 11): queued, printed (the spool got the PDF),
-- delivered or returned undeliverable (an operator records these two). The
-- address is a copy of the one the letter went to; registered letters carry
-- a tracking number. Letters queued before this table get their row from
-- the outbox.
CREATE TABLE letters (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL,
    outbox_id INTEGER NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    registered INTEGER NOT NULL,
    tracking TEXT NOT NULL,
    address TEXT NOT NULL,
    status TEXT NOT NULL,
    queued_at INTEGER NOT NULL,
    status_at INTEGER NOT NULL,
    operator_id INTEGER NOT NULL
);
CREATE INDEX letters_account ON letters(account_id, id);
CREATE INDEX letters_tracking ON letters(tracking);

INSERT INTO letters (account_id, outbox_id, kind, registered, tracking, address, status,
                     queued_at, status_at, operator_id)
SELECT account_id, id, template, 0, '',
       json_extract(payload, '$.address') || ', ' || json_extract(payload, '$.postcode') || ' ' ||
           json_extract(payload, '$.city') || ' ' || json_extract(payload, '$.province'),
       CASE status WHEN 'delivered' THEN 'printed' ELSE 'queued' END,
       created_at, CASE status WHEN 'delivered' THEN delivered_at ELSE created_at END, 0
FROM outbox WHERE channel = 'letter';

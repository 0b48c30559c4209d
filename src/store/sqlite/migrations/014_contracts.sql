-- SPDX-License-Identifier: AGPL-3.0-or-later
-- The contract a person signs with an SMS code (issue 13, the spid
-- profile; core/steps/contract_otp.h): per account, the document as it
-- was when the code was sent (its blob and SHA-256: the code is bound to
-- it), the mobile number the code went to, how many codes were sent and
-- when the last (the growing wait between codes), and once signed the
-- sealed PDF with the evidence (time, address).
CREATE TABLE contracts (
    account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
    status TEXT NOT NULL,
    clauses TEXT NOT NULL,
    pdf_blob TEXT NOT NULL,
    pdf_sha256 TEXT NOT NULL,
    mobile TEXT NOT NULL,
    codes_sent INTEGER NOT NULL,
    last_code_at INTEGER NOT NULL,
    sealed_blob TEXT NOT NULL DEFAULT '',
    sealed_sha256 TEXT NOT NULL DEFAULT '',
    sealed_size INTEGER NOT NULL DEFAULT 0,
    signed_at INTEGER NOT NULL DEFAULT 0,
    signed_ip TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL
);

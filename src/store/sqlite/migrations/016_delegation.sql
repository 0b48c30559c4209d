-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Delegation (issue 15, core/delegation.h): professional firms and their
-- operators, the delegations a company gives a firm, the mandates a
-- procurator holds for a person (same table, kind 'mandate'), the session's
-- "acting for", and the cases of a mandate check (several per procurator:
-- id_cases is rebuilt with the delegation in its unique key).
CREATE TABLE firms (
    id INTEGER PRIMARY KEY,
    tax_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

-- An operator of a firm, or an invitation to become one (account_id 0
-- until the invited person registers with that email).
CREATE TABLE firm_members (
    id INTEGER PRIMARY KEY,
    firm_id INTEGER NOT NULL REFERENCES firms(id),
    account_id INTEGER NOT NULL,
    email TEXT NOT NULL,
    role TEXT NOT NULL,
    state TEXT NOT NULL,
    invited_by INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX firm_members_firm ON firm_members(firm_id, state);
CREATE INDEX firm_members_account ON firm_members(account_id, state);
CREATE INDEX firm_members_email ON firm_members(email, state);

CREATE TABLE delegations (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    principal_account_id INTEGER NOT NULL,
    company_member_id INTEGER NOT NULL,
    principal_tax_id TEXT NOT NULL,
    principal_name TEXT NOT NULL,
    firm_id INTEGER NOT NULL,
    agent_account_id INTEGER NOT NULL,
    email TEXT NOT NULL,
    case_id INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    created_by INTEGER NOT NULL,
    decided_at INTEGER NOT NULL,
    decided_by INTEGER NOT NULL,
    ended_at INTEGER NOT NULL,
    ended_by INTEGER NOT NULL
);
-- one active or pending delegation per company (seed 001)
CREATE UNIQUE INDEX delegations_one_per_company ON delegations(company_member_id)
    WHERE kind = 'firm' AND state IN ('pending', 'active');
CREATE INDEX delegations_company ON delegations(company_member_id, id);
CREATE INDEX delegations_firm ON delegations(firm_id, id);
CREATE INDEX delegations_agent ON delegations(agent_account_id, id);
CREATE INDEX delegations_principal ON delegations(principal_account_id, id);
CREATE INDEX delegations_tax_id ON delegations(principal_tax_id, kind);

ALTER TABLE sessions ADD COLUMN acting_for INTEGER NOT NULL DEFAULT 0;

-- what an operator did shows in their own history too
CREATE INDEX audit_actor ON audit_events(actor, seq);

-- a case may belong to a delegation (a mandate to check): the key becomes
-- (account, step, delegation)
PRAGMA defer_foreign_keys = ON;
CREATE TABLE id_cases_new (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    step TEXT NOT NULL,
    status TEXT NOT NULL,
    channel TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    due_at INTEGER NOT NULL,
    decided_at INTEGER NOT NULL,
    operator_id INTEGER NOT NULL,
    reasons TEXT NOT NULL,
    delegation_id INTEGER NOT NULL DEFAULT 0,
    UNIQUE (account_id, step, delegation_id)
);
INSERT INTO id_cases_new (id, number, account_id, step, status, channel, created_at,
                          received_at, due_at, decided_at, operator_id, reasons)
SELECT id, number, account_id, step, status, channel, created_at, received_at, due_at,
       decided_at, operator_id, reasons FROM id_cases;
DROP TABLE id_cases;
ALTER TABLE id_cases_new RENAME TO id_cases;
CREATE INDEX id_cases_queue ON id_cases(status, due_at, id);

-- an application login made while acting for someone: the grant names the
-- delegation, so that its end ends the grant
ALTER TABLE oidc_grants ADD COLUMN acting_for INTEGER NOT NULL DEFAULT 0;
CREATE INDEX oidc_grants_acting ON oidc_grants(acting_for) WHERE acting_for <> 0;

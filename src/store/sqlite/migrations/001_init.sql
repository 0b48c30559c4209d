-- SPDX-License-Identifier: AGPL-3.0-or-later
-- The first schema: the registry, accounts and their journeys, codes,
-- identification cases, the audit chain, the outbox, sessions, operators.
-- Every lookup the code makes has an index (see core/repo.h).

CREATE TABLE members (
    id INTEGER PRIMARY KEY,
    matricola TEXT NOT NULL UNIQUE,
    codice_fiscale TEXT NOT NULL,
    category TEXT NOT NULL,
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    birth_place TEXT NOT NULL,
    address TEXT NOT NULL,
    postcode TEXT NOT NULL,
    city TEXT NOT NULL,
    province TEXT NOT NULL,
    mobile TEXT NOT NULL,
    company_name TEXT NOT NULL,
    partita_iva TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX members_cf ON members(codice_fiscale);

CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    state TEXT NOT NULL,
    level TEXT NOT NULL,
    profile TEXT NOT NULL,
    member_id INTEGER REFERENCES members(id),
    cf_norm TEXT NOT NULL UNIQUE,
    step TEXT NOT NULL,
    email_confirmed INTEGER NOT NULL,
    lang TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE journey_steps (
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    step TEXT NOT NULL,
    status TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    done_at INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (account_id, step)
);

CREATE TABLE codes (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    purpose TEXT NOT NULL,
    hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER NOT NULL,
    voided INTEGER NOT NULL,
    attempts_left INTEGER NOT NULL
);
CREATE UNIQUE INDEX codes_hash ON codes(purpose, hash);
CREATE INDEX codes_account ON codes(account_id, purpose, created_at);

CREATE TABLE id_cases (
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
    UNIQUE (account_id, step)
);
CREATE INDEX id_cases_queue ON id_cases(status, due_at, id);

CREATE TABLE case_documents (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES id_cases(id),
    channel TEXT NOT NULL,
    blob TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    mime TEXT NOT NULL,
    size INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    recorded_by INTEGER NOT NULL
);
CREATE INDEX case_documents_case ON case_documents(case_id, id);

CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);

CREATE TABLE audit_events (
    seq INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    on_behalf_of TEXT NOT NULL,
    action TEXT NOT NULL,
    object TEXT NOT NULL,
    account_id INTEGER NOT NULL,
    ip TEXT NOT NULL,
    request_id TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_account ON audit_events(account_id, seq);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    template TEXT NOT NULL,
    lang TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    delivered_at INTEGER NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    last_error TEXT NOT NULL,
    account_id INTEGER NOT NULL
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at, id);

CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    principal_id INTEGER NOT NULL,
    level TEXT NOT NULL,
    mfa_done INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    ip TEXT NOT NULL,
    user_agent TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_principal ON sessions(kind, principal_id);

CREATE TABLE operators (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    totp_secret TEXT NOT NULL,
    totp_enrolled INTEGER NOT NULL,
    totp_last_step INTEGER NOT NULL,
    is_admin INTEGER NOT NULL,
    disabled INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);

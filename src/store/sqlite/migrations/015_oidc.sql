-- SPDX-License-Identifier: AGPL-3.0-or-later
-- The OpenID Connect provider (issue 14, core/oidc.h): the institution's
-- applications (clients), each authorization a person gave one of them
-- (a grant: the code while it lives, then the family of its refresh tokens),
-- the refresh tokens (keyed hashes only), consents remembered per client,
-- the client assertions seen (private_key_jwt replay), and varco's own
-- signing keys (private halves sealed with the data key).
CREATE TABLE oidc_clients (
    id INTEGER PRIMARY KEY,
    client_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    secret_hash TEXT NOT NULL DEFAULT '',
    auth_method TEXT NOT NULL,
    jwks TEXT NOT NULL DEFAULT '',
    redirect_uris TEXT NOT NULL,
    post_logout_uris TEXT NOT NULL DEFAULT '',
    backchannel_uri TEXT NOT NULL DEFAULT '',
    home_url TEXT NOT NULL DEFAULT '',
    first_party INTEGER NOT NULL DEFAULT 0,
    id_token_alg TEXT NOT NULL DEFAULT 'ES256',
    pairwise INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    removed_at INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE oidc_grants (
    id INTEGER PRIMARY KEY,
    client INTEGER NOT NULL REFERENCES oidc_clients(id),
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    session_hash TEXT NOT NULL,
    sid TEXT NOT NULL UNIQUE,
    scope TEXT NOT NULL,
    nonce TEXT NOT NULL DEFAULT '',
    acr TEXT NOT NULL,
    amr TEXT NOT NULL,
    auth_time INTEGER NOT NULL,
    code_hash TEXT NOT NULL UNIQUE,
    redirect_uri TEXT NOT NULL,
    code_challenge TEXT NOT NULL,
    code_expires_at INTEGER NOT NULL,
    code_used_at INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX oidc_grants_account ON oidc_grants(account_id, revoked_at);
CREATE TABLE oidc_refresh_tokens (
    hash TEXT PRIMARY KEY,
    grant_id INTEGER NOT NULL REFERENCES oidc_grants(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX oidc_refresh_grant ON oidc_refresh_tokens(grant_id);
CREATE TABLE oidc_consents (
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    client INTEGER NOT NULL REFERENCES oidc_clients(id),
    scope TEXT NOT NULL,
    granted_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, client)
);
CREATE TABLE oidc_assertions (
    hash TEXT PRIMARY KEY,
    expires_at INTEGER NOT NULL
);
CREATE TABLE signing_keys (
    kid TEXT PRIMARY KEY,
    alg TEXT NOT NULL,
    private_sealed TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    retired_at INTEGER NOT NULL DEFAULT 0
);

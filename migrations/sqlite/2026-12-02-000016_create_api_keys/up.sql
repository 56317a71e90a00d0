-- API keys for machines (SPEC §9, issue #14): created and revoked by admin, shown once,
-- stored only as a SHA-256 of the secret. A key acts for its owner within its scopes.
-- Keep in step with migrations/postgres (a test compares the tables and columns both produce).
CREATE TABLE api_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    -- The public part of the key (`sok_<prefix>_<secret>`): how a presented key is found.
    prefix TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    owner_id BIGINT NOT NULL REFERENCES users (id),
    -- The scopes as a JSON array of their names (`["finance:read"]`).
    scopes_json TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP,
    -- Written at most once a minute per key, not on every request.
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP,
    revoked_by BIGINT REFERENCES users (id),
    revoked_reason TEXT
);
CREATE UNIQUE INDEX api_keys_prefix_idx ON api_keys (prefix);
CREATE INDEX api_keys_owner_id_idx ON api_keys (owner_id);
CREATE INDEX api_keys_created_by_idx ON api_keys (created_by);
CREATE INDEX api_keys_revoked_by_idx ON api_keys (revoked_by);

-- The foundation: one history table for every workflow document, passwords set by someone
-- else, sign-in throttling per client address, and secrets shared by every instance.
-- Keep in step with migrations/postgres (a test compares the tables and columns both produce).

-- Every step of every workflow document (plans, reports, spot-checks, claims …).
CREATE TABLE document_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_type TEXT NOT NULL,
    document_id BIGINT NOT NULL,
    action TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    actor_id BIGINT REFERENCES users (id),
    comment TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX document_history_document_idx ON document_history (document_type, document_id, id);
CREATE INDEX document_history_actor_id_idx ON document_history (actor_id);

-- A password set by an administrator or HR must be changed at first sign-in.
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;

-- Failed sign-ins count per client address as well as per username.
ALTER TABLE login_failures ADD COLUMN client_addr TEXT NOT NULL DEFAULT '';
CREATE INDEX login_failures_addr_idx ON login_failures (client_addr, failed_at);
CREATE INDEX login_failures_failed_at_idx ON login_failures (failed_at);

-- Values every instance must share, generated once (the token signing key).
CREATE TABLE instance_secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

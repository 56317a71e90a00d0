-- The change feed and webhooks (issue 14).
-- Keep in step with migrations/postgres (a test compares the tables and columns both produce).

-- The feed reads the audit trail in (txid, id) order. On SQLite writers take turns
-- (`BEGIN IMMEDIATE`), so ids are commit order and txid stays 0.
ALTER TABLE audit_events ADD COLUMN txid BIGINT NOT NULL DEFAULT 0;
-- Whose record it is (from the record's JSON), for the feed's scope.
ALTER TABLE audit_events ADD COLUMN owner_id BIGINT;
CREATE INDEX audit_events_feed_idx ON audit_events (txid, id);
CREATE INDEX audit_events_owner_id_idx ON audit_events (owner_id);

-- Webhooks (issue 14): a URL subscribed to change-feed events; what the owner (and the key
-- it was made with, `scopes_json`) may read bounds what it receives. `feed_txid`/`feed_seq`
-- is how far the fan-out has read the feed for it.
CREATE TABLE webhooks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id BIGINT NOT NULL REFERENCES users (id),
    url TEXT NOT NULL,
    events_json TEXT NOT NULL,
    format TEXT NOT NULL,
    secret TEXT NOT NULL,
    scopes_json TEXT,
    enabled BOOLEAN NOT NULL,
    disabled_reason TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    feed_txid BIGINT NOT NULL,
    feed_seq BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX webhooks_owner_id_idx ON webhooks (owner_id);
CREATE INDEX webhooks_enabled_idx ON webhooks (enabled);

-- One event for one webhook: written once (the unique pair) by whichever instance fans the
-- event out, tried with back-off under a lease, kept with the last try's outcome.
CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id BIGINT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_seq BIGINT NOT NULL REFERENCES audit_events (id),
    event TEXT NOT NULL,
    message_id TEXT NOT NULL,
    payload_json TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP,
    locked_by TEXT,
    locked_until TIMESTAMP,
    response_code INTEGER,
    duration_ms BIGINT,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    delivered_at TIMESTAMP
);
CREATE UNIQUE INDEX webhook_deliveries_event_idx ON webhook_deliveries (webhook_id, event_seq);
CREATE INDEX webhook_deliveries_list_idx ON webhook_deliveries (webhook_id, status, id);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_event_seq_idx ON webhook_deliveries (event_seq);

-- The job runner on the database and notifications (issue 14).
-- Keep in step with migrations/sqlite (a test compares the tables and columns both produce).

-- A unit of background work. `run_key` names one scheduled run (`escalate_cases:2026-12-02T10:05`),
-- so instances enqueueing the same run insert one row. A claimed job is `running` with a lease
-- (`locked_by`, `locked_until`); a lease that expired (its instance died) may be claimed again.
CREATE TABLE jobs (
    id BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL,
    run_key TEXT NOT NULL,
    payload_json TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    run_at TIMESTAMP NOT NULL,
    locked_by TEXT,
    locked_until TIMESTAMP,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    done_at TIMESTAMP
);
CREATE UNIQUE INDEX jobs_run_key_idx ON jobs (run_key);
-- The claim: pending jobs due, and running ones whose lease expired.
CREATE INDEX jobs_state_run_at_idx ON jobs (state, run_at);
CREATE INDEX jobs_state_locked_until_idx ON jobs (state, locked_until);

-- What someone is told (站内通知): the bell's list, newest first, unread ones by read_at.
CREATE TABLE notifications (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT,
    link TEXT,
    entity_type TEXT,
    entity_id BIGINT,
    created_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP
);
CREATE INDEX notifications_user_read_idx ON notifications (user_id, read_at, id);
-- "Once per thing": a job asks whether this kind was already sent about this record.
CREATE INDEX notifications_entity_idx ON notifications (entity_type, entity_id, kind);

-- The manager a case was escalated to (by hand or by the job).
ALTER TABLE cases ADD COLUMN escalated_to BIGINT REFERENCES users (id);
CREATE INDEX cases_escalated_to_idx ON cases (escalated_to);

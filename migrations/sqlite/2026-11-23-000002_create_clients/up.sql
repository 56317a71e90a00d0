-- Clients (客户档案), their history, follow-ups, complaint cases, satisfaction and handovers.
-- Keep in step with migrations/postgres (a test compares the tables and columns both produce).
-- Dates without a time (follow-up dates, due dates) are TEXT `YYYY-MM-DD`, which sorts as a date.

CREATE TABLE clients (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    company TEXT,
    position TEXT,
    phone TEXT,
    phone2 TEXT,
    -- Digits only, country prefix removed: the key of the no-double-claims (撞单) rule.
    phone_norm TEXT,
    phone2_norm TEXT,
    -- Normalised company + contact name, the second duplicate key (NULL without a company).
    dup_key TEXT,
    email TEXT,
    address TEXT,
    region TEXT,
    industry TEXT,
    source TEXT NOT NULL,
    tier TEXT NOT NULL,
    stage TEXT NOT NULL,
    credit TEXT NOT NULL,
    needs TEXT,
    interests TEXT,
    owner_id BIGINT NOT NULL REFERENCES users (id),
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    -- The cadence's next due date, recomputed on every write that moves it.
    next_due TEXT,
    last_follow_up_at TIMESTAMP,
    archived_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX clients_owner_id_idx ON clients (owner_id, id);
CREATE INDEX clients_phone_norm_idx ON clients (phone_norm);
CREATE INDEX clients_phone2_norm_idx ON clients (phone2_norm);
CREATE INDEX clients_dup_key_idx ON clients (dup_key);
CREATE INDEX clients_name_idx ON clients (name, id);
CREATE INDEX clients_company_idx ON clients (company);
CREATE INDEX clients_tier_idx ON clients (tier);
CREATE INDEX clients_stage_idx ON clients (stage);
CREATE INDEX clients_credit_idx ON clients (credit);
CREATE INDEX clients_source_idx ON clients (source);
CREATE INDEX clients_region_idx ON clients (region);
CREATE INDEX clients_created_at_idx ON clients (created_at);
CREATE INDEX clients_updated_at_idx ON clients (updated_at, id);
CREATE INDEX clients_owner_next_due_idx ON clients (owner_id, next_due);
CREATE INDEX clients_next_due_idx ON clients (next_due, id);

-- Stage and credit changes (and owner changes), newest last.
CREATE TABLE client_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id BIGINT NOT NULL REFERENCES clients (id),
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    actor_id BIGINT REFERENCES users (id),
    changed_at TIMESTAMP NOT NULL
);
CREATE INDEX client_history_client_id_idx ON client_history (client_id, field);
CREATE INDEX client_history_actor_id_idx ON client_history (actor_id);

CREATE TABLE follow_ups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id BIGINT NOT NULL REFERENCES clients (id),
    author_id BIGINT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    -- occurred_at as a date in the business time zone.
    occurred_on TEXT NOT NULL,
    summary TEXT NOT NULL,
    needs TEXT,
    complaint TEXT,
    next_step TEXT,
    next_follow_up_date TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX follow_ups_client_id_idx ON follow_ups (client_id, occurred_at);
CREATE INDEX follow_ups_author_id_idx ON follow_ups (author_id);
CREATE INDEX follow_ups_kind_idx ON follow_ups (kind, occurred_on);
CREATE INDEX follow_ups_occurred_on_idx ON follow_ups (occurred_on, id);

CREATE TABLE cases (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id BIGINT NOT NULL REFERENCES clients (id),
    follow_up_id BIGINT REFERENCES follow_ups (id),
    opened_by BIGINT NOT NULL REFERENCES users (id),
    summary TEXT NOT NULL,
    state TEXT NOT NULL,
    resolution TEXT,
    opened_at TIMESTAMP NOT NULL,
    escalated_at TIMESTAMP,
    resolved_at TIMESTAMP,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX cases_client_id_idx ON cases (client_id);
CREATE INDEX cases_follow_up_id_idx ON cases (follow_up_id);
CREATE INDEX cases_opened_by_idx ON cases (opened_by);
CREATE INDEX cases_state_idx ON cases (state, opened_at);

CREATE TABLE client_satisfaction (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id BIGINT NOT NULL REFERENCES clients (id),
    author_id BIGINT NOT NULL REFERENCES users (id),
    score INTEGER NOT NULL,
    comment TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX client_satisfaction_client_id_idx ON client_satisfaction (client_id, id);
CREATE INDEX client_satisfaction_author_id_idx ON client_satisfaction (author_id);

-- A leaver's records moved to a successor; `counts_json` maps record kind to count.
CREATE TABLE handovers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    from_user_id BIGINT NOT NULL REFERENCES users (id),
    to_user_id BIGINT NOT NULL REFERENCES users (id),
    actor_id BIGINT REFERENCES users (id),
    note TEXT,
    counts_json TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX handovers_from_user_id_idx ON handovers (from_user_id);
CREATE INDEX handovers_to_user_id_idx ON handovers (to_user_id);
CREATE INDEX handovers_actor_id_idx ON handovers (actor_id);

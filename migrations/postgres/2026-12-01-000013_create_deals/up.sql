-- Deals (SPEC §3): projects through their stages, contracts with their payment schedules,
-- payments and how they were allocated, and collection follow-ups linked to a contract.
-- Keep in step with migrations/sqlite (a test compares the tables and columns both produce).
-- A project or contract belongs to its client's owner (read through clients.owner_id), so a
-- reassignment or handover moves it with the client.

CREATE TABLE projects (
    id BIGSERIAL PRIMARY KEY,
    client_id BIGINT NOT NULL REFERENCES clients (id),
    name TEXT NOT NULL,
    stage TEXT NOT NULL,
    expected_amount_fen BIGINT NOT NULL,
    bid_date TEXT,
    expected_close TEXT,
    notes TEXT,
    lost_reason TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX projects_client_id_idx ON projects (client_id, stage);
CREATE INDEX projects_stage_idx ON projects (stage, id);
CREATE INDEX projects_created_by_idx ON projects (created_by);

CREATE TABLE contracts (
    id BIGSERIAL PRIMARY KEY,
    client_id BIGINT NOT NULL REFERENCES clients (id),
    project_id BIGINT REFERENCES projects (id),
    number TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    -- The working copy: what is being reviewed, or what was signed.
    amount_fen BIGINT NOT NULL,
    schedule TEXT NOT NULL,
    state TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    revision INTEGER NOT NULL DEFAULT 1,
    -- The signed revision in force; its lines are contract_lines.
    signed_revision INTEGER,
    signed_on TEXT,
    signed_amount_fen BIGINT,
    received_fen BIGINT NOT NULL DEFAULT 0,
    reviewed_by BIGINT REFERENCES users (id),
    review_comment TEXT,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX contracts_client_id_idx ON contracts (client_id);
CREATE INDEX contracts_project_id_idx ON contracts (project_id);
CREATE INDEX contracts_state_idx ON contracts (state, id);
CREATE INDEX contracts_signed_on_idx ON contracts (signed_on);
CREATE INDEX contracts_reviewed_by_idx ON contracts (reviewed_by);
CREATE INDEX contracts_created_by_idx ON contracts (created_by);

-- The schedule lines of the signed revision in force, with what was received against each.
CREATE TABLE contract_lines (
    id BIGSERIAL PRIMARY KEY,
    contract_id BIGINT NOT NULL REFERENCES contracts (id),
    position INTEGER NOT NULL,
    due_on TEXT NOT NULL,
    amount_fen BIGINT NOT NULL,
    label TEXT NOT NULL,
    received_fen BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX contract_lines_contract_id_idx ON contract_lines (contract_id, position);
CREATE INDEX contract_lines_due_on_idx ON contract_lines (due_on);

CREATE TABLE contract_payments (
    id BIGSERIAL PRIMARY KEY,
    contract_id BIGINT NOT NULL REFERENCES contracts (id),
    received_on TEXT NOT NULL,
    amount_fen BIGINT NOT NULL,
    method TEXT NOT NULL,
    reference TEXT,
    recorded_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX contract_payments_contract_id_idx ON contract_payments (contract_id, id);
CREATE INDEX contract_payments_received_on_idx ON contract_payments (received_on);
CREATE INDEX contract_payments_recorded_by_idx ON contract_payments (recorded_by);

-- Which lines each payment went to (oldest first); received_on is the payment's, kept here
-- so "received as of a day" reads one index.
CREATE TABLE payment_allocations (
    id BIGSERIAL PRIMARY KEY,
    payment_id BIGINT NOT NULL REFERENCES contract_payments (id),
    line_id BIGINT NOT NULL REFERENCES contract_lines (id),
    amount_fen BIGINT NOT NULL,
    received_on TEXT NOT NULL
);
CREATE INDEX payment_allocations_line_id_idx ON payment_allocations (line_id, received_on);
CREATE INDEX payment_allocations_payment_id_idx ON payment_allocations (payment_id);

-- A collection follow-up (催款) names its contract and how it was done.
ALTER TABLE follow_ups ADD COLUMN contract_id BIGINT REFERENCES contracts (id);
ALTER TABLE follow_ups ADD COLUMN method TEXT;
CREATE INDEX follow_ups_contract_id_idx ON follow_ups (contract_id);

-- Money out (SPEC §8): expense standards, monthly budgets and supplements, cash advances with
-- repayments, receipts, expense claims with lines, and idempotency keys for money writes.
-- Keep in step with migrations/postgres (a test compares the tables and columns both produce).

CREATE TABLE expense_standards (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    category TEXT NOT NULL,
    amount_fen BIGINT NOT NULL,
    unit TEXT NOT NULL,
    city_tier INTEGER,
    role TEXT,
    effective_from TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX expense_standards_category_idx ON expense_standards (category, effective_from);

CREATE TABLE budgets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id BIGINT NOT NULL REFERENCES users (id),
    month TEXT NOT NULL,
    category TEXT NOT NULL,
    amount_fen BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (owner_id, month, category)
);
CREATE INDEX budgets_month_idx ON budgets (month);

CREATE TABLE budget_supplements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id BIGINT NOT NULL REFERENCES users (id),
    period TEXT NOT NULL,
    category TEXT NOT NULL,
    amount_fen BIGINT NOT NULL,
    reason TEXT NOT NULL,
    state TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    decided_by BIGINT REFERENCES users (id),
    decided_at TIMESTAMP,
    decision_comment TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX budget_supplements_owner_idx ON budget_supplements (owner_id, period, category);
CREATE INDEX budget_supplements_state_idx ON budget_supplements (state);
CREATE INDEX budget_supplements_decided_by_idx ON budget_supplements (decided_by);

CREATE TABLE advances (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id BIGINT NOT NULL REFERENCES users (id),
    plan_id BIGINT NOT NULL REFERENCES plans (id),
    amount_fen BIGINT NOT NULL,
    reason TEXT NOT NULL,
    state TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    manager_approved_by BIGINT REFERENCES users (id),
    payment_ref TEXT,
    paid_at TIMESTAMP,
    paid_fen BIGINT NOT NULL DEFAULT 0,
    offset_fen BIGINT NOT NULL DEFAULT 0,
    repaid_fen BIGINT NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX advances_owner_idx ON advances (owner_id, state);
CREATE INDEX advances_plan_id_idx ON advances (plan_id);
CREATE INDEX advances_state_idx ON advances (state);
CREATE INDEX advances_manager_approved_by_idx ON advances (manager_approved_by);

CREATE TABLE advance_repayments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    advance_id BIGINT NOT NULL REFERENCES advances (id),
    amount_fen BIGINT NOT NULL,
    note TEXT,
    recorded_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX advance_repayments_advance_id_idx ON advance_repayments (advance_id);
CREATE INDEX advance_repayments_recorded_by_idx ON advance_repayments (recorded_by);

-- Receipts: the same file (SHA-256) or the same invoice number is stored once.
CREATE TABLE receipts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256 TEXT NOT NULL UNIQUE,
    invoice_number TEXT UNIQUE,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    storage_key TEXT NOT NULL,
    uploaded_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX receipts_uploaded_by_idx ON receipts (uploaded_by);

CREATE TABLE expense_claims (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id BIGINT NOT NULL REFERENCES users (id),
    plan_id BIGINT REFERENCES plans (id),
    advance_id BIGINT REFERENCES advances (id),
    state TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    total_fen BIGINT NOT NULL DEFAULT 0,
    approved_fen BIGINT,
    offset_fen BIGINT NOT NULL DEFAULT 0,
    payable_fen BIGINT,
    payment_ref TEXT,
    submitted_at TIMESTAMP,
    manager_approved_by BIGINT REFERENCES users (id),
    manager_approved_at TIMESTAMP,
    finance_approved_by BIGINT REFERENCES users (id),
    finance_approved_at TIMESTAMP,
    paid_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX expense_claims_owner_idx ON expense_claims (owner_id, state);
CREATE INDEX expense_claims_state_idx ON expense_claims (state, id);
CREATE INDEX expense_claims_plan_id_idx ON expense_claims (plan_id);
CREATE INDEX expense_claims_advance_id_idx ON expense_claims (advance_id);
CREATE INDEX expense_claims_manager_approved_by_idx ON expense_claims (manager_approved_by);
CREATE INDEX expense_claims_finance_approved_by_idx ON expense_claims (finance_approved_by);

CREATE TABLE expense_claim_lines (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    claim_id BIGINT NOT NULL REFERENCES expense_claims (id),
    position INTEGER NOT NULL,
    date TEXT NOT NULL,
    place TEXT,
    reason TEXT NOT NULL,
    category TEXT NOT NULL,
    amount_fen BIGINT NOT NULL,
    quantity INTEGER NOT NULL DEFAULT 1,
    city_tier INTEGER,
    visit_id BIGINT REFERENCES visits (id),
    standard_fen BIGINT,
    approved_fen BIGINT,
    allow_over_standard BOOLEAN NOT NULL DEFAULT FALSE,
    -- Whether the line's period and category were over budget when the claim was last saved
    -- or submitted (the check reads other claims, so it is kept rather than recomputed).
    over_budget BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX expense_claim_lines_claim_id_idx ON expense_claim_lines (claim_id, position);
CREATE INDEX expense_claim_lines_visit_id_idx ON expense_claim_lines (visit_id);
CREATE INDEX expense_claim_lines_date_idx ON expense_claim_lines (date, category);

-- A receipt belongs to one line.
CREATE TABLE claim_line_receipts (
    line_id BIGINT NOT NULL REFERENCES expense_claim_lines (id),
    receipt_id BIGINT NOT NULL UNIQUE REFERENCES receipts (id),
    PRIMARY KEY (line_id, receipt_id)
);

-- Idempotency keys of money writes (per user, kept at least 24 hours): the first response,
-- replayed for the same key and body.
CREATE TABLE idempotency_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id),
    idem_key TEXT NOT NULL,
    operation TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    state TEXT NOT NULL,
    status INTEGER,
    response TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (user_id, idem_key)
);
CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at);

-- The expense estimate of each approved weekly plan (SPEC §8: that week's budget), one row per
-- category, rewritten when a revision is approved; kept while a later revision is drafted.
CREATE TABLE plan_budgets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id BIGINT NOT NULL REFERENCES plans (id),
    owner_id BIGINT NOT NULL REFERENCES users (id),
    week TEXT NOT NULL,
    category TEXT NOT NULL,
    amount_fen BIGINT NOT NULL,
    UNIQUE (plan_id, category)
);
CREATE INDEX plan_budgets_owner_idx ON plan_budgets (owner_id, week);
INSERT INTO plan_budgets (plan_id, owner_id, week, category, amount_fen)
    SELECT id, owner_id, period, 'travel', est_travel FROM plans WHERE kind = 'weekly' AND state = 'approved'
    UNION ALL SELECT id, owner_id, period, 'per_diem', est_per_diem FROM plans WHERE kind = 'weekly' AND state = 'approved'
    UNION ALL SELECT id, owner_id, period, 'entertainment', est_entertainment FROM plans WHERE kind = 'weekly' AND state = 'approved'
    UNION ALL SELECT id, owner_id, period, 'communication', est_communication FROM plans WHERE kind = 'weekly' AND state = 'approved'
    UNION ALL SELECT id, owner_id, period, 'business_development', est_business_development FROM plans WHERE kind = 'weekly' AND state = 'approved'
    UNION ALL SELECT id, owner_id, period, 'other', est_other FROM plans WHERE kind = 'weekly' AND state = 'approved';

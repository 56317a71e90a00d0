-- Scoring and pay (SPEC §6, §7; seed 000 §06 离职): rubrics, monthly scores, improvement
-- plans, pay grades and settings, commission rules, pay items, branch profits, leavings.
-- Keep in step with migrations/postgres (a test compares the tables and columns both produce).

-- A rubric version (考核细则) per role; the month is scored with the latest version whose
-- effective_from (YYYY-MM) is not after it. Version 1 of each role ships with the product.
CREATE TABLE rubrics (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    role TEXT NOT NULL,
    version BIGINT NOT NULL,
    effective_from TEXT NOT NULL,
    items_json TEXT NOT NULL,
    created_by BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX rubrics_role_version_idx ON rubrics (role, version);
CREATE INDEX rubrics_role_from_idx ON rubrics (role, effective_from);
CREATE INDEX rubrics_created_by_idx ON rubrics (created_by);

-- One monthly score per person and month; points in integer tenths.
CREATE TABLE scores (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id),
    month TEXT NOT NULL,
    role TEXT NOT NULL,
    state TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    rubric_version BIGINT NOT NULL,
    daily_work BIGINT NOT NULL,
    attendance BIGINT NOT NULL,
    total BIGINT NOT NULL,
    items_json TEXT NOT NULL,
    discussion_note TEXT,
    dispute_reason TEXT,
    finalized_by BIGINT REFERENCES users (id),
    finalized_at TIMESTAMP,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX scores_user_month_idx ON scores (user_id, month);
CREATE INDEX scores_month_state_idx ON scores (month, state, id);
CREATE INDEX scores_finalized_by_idx ON scores (finalized_by);
CREATE INDEX scores_created_by_idx ON scores (created_by);

-- 绩效改进计划 (seed 000), opened by HR from an alert.
CREATE TABLE improvement_plans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    goals TEXT NOT NULL,
    review_on TEXT NOT NULL,
    state TEXT NOT NULL,
    outcome TEXT,
    outcome_note TEXT,
    opened_by BIGINT NOT NULL REFERENCES users (id),
    closed_by BIGINT REFERENCES users (id),
    closed_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX improvement_plans_user_id_idx ON improvement_plans (user_id, id);
CREATE INDEX improvement_plans_state_idx ON improvement_plans (state, id);
CREATE INDEX improvement_plans_opened_by_idx ON improvement_plans (opened_by);
CREATE INDEX improvement_plans_closed_by_idx ON improvement_plans (closed_by);

-- A person's pay grade from a month on: base and performance parts in 分.
CREATE TABLE pay_grades (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id),
    base_fen BIGINT NOT NULL,
    performance_fen BIGINT NOT NULL,
    effective_from TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX pay_grades_user_from_idx ON pay_grades (user_id, effective_from);
CREATE INDEX pay_grades_created_by_idx ON pay_grades (created_by);

-- Pay settings: one row (id 1); the coefficient cap in ten-thousandths (15000 = 1.5).
CREATE TABLE pay_settings (
    id BIGINT PRIMARY KEY,
    coefficient_cap BIGINT,
    updated_by BIGINT REFERENCES users (id),
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX pay_settings_updated_by_idx ON pay_settings (updated_by);

-- Commission rules (提成规则) as data, from a month on.
CREATE TABLE commission_rules (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    effective_from TEXT NOT NULL,
    within_target_permille BIGINT NOT NULL,
    above_target_permille BIGINT NOT NULL,
    settle_by_collection BOOLEAN NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX commission_rules_from_idx ON commission_rules (effective_from);
CREATE INDEX commission_rules_created_by_idx ON commission_rules (created_by);

-- Special incentives (特别奖励) and deductions per person and month, with a note.
CREATE TABLE pay_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id),
    month TEXT NOT NULL,
    kind TEXT NOT NULL,
    amount_fen BIGINT NOT NULL,
    note TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX pay_items_month_idx ON pay_items (month, user_id);
CREATE INDEX pay_items_user_id_idx ON pay_items (user_id, month);
CREATE INDEX pay_items_created_by_idx ON pay_items (created_by);

-- A branch's (team's) profit for a month, entered by finance, for the profit share.
CREATE TABLE branch_profits (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    team_id BIGINT NOT NULL REFERENCES teams (id),
    month TEXT NOT NULL,
    profit_fen BIGINT NOT NULL,
    manager_permille BIGINT NOT NULL,
    finance_lead_id BIGINT REFERENCES users (id),
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX branch_profits_team_month_idx ON branch_profits (team_id, month);
CREATE INDEX branch_profits_month_idx ON branch_profits (month);
CREATE INDEX branch_profits_finance_lead_id_idx ON branch_profits (finance_lead_id);
CREATE INDEX branch_profits_created_by_idx ON branch_profits (created_by);

-- 离职: a leaving, approved by the person's manager, closed by HR once its checklist is done.
CREATE TABLE leavings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id),
    leaving_on TEXT NOT NULL,
    reason TEXT NOT NULL,
    state TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    property_json TEXT NOT NULL,
    advances_settlement TEXT,
    created_by BIGINT NOT NULL REFERENCES users (id),
    closed_by BIGINT REFERENCES users (id),
    closed_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX leavings_user_id_idx ON leavings (user_id, id);
CREATE INDEX leavings_state_idx ON leavings (state, id);
CREATE INDEX leavings_created_by_idx ON leavings (created_by);
CREATE INDEX leavings_closed_by_idx ON leavings (closed_by);

-- The monthly report's review marks its three sections (summary, plan, proposals; 20 each).
ALTER TABLE monthly_reports ADD COLUMN marks_json TEXT;

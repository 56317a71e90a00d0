-- Weekly reports (周报) and managers' monthly reports (月报).
-- Keep in step with migrations/postgres. `figures_json` and `marks_json` are JSON text.

CREATE TABLE weekly_reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id BIGINT NOT NULL REFERENCES users (id),
    week TEXT NOT NULL,
    state TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    sales_volume TEXT,
    collections TEXT,
    client_visits TEXT,
    sales_expenses TEXT,
    promotion_effect TEXT,
    key_clients TEXT,
    new_clients TEXT,
    abnormal_clients TEXT,
    clients_to_develop TEXT,
    competitor_moves TEXT,
    policy_changes TEXT,
    next_plan_id BIGINT REFERENCES plans (id),
    figures_json TEXT,
    submitted_at TIMESTAMP,
    late BOOLEAN NOT NULL DEFAULT FALSE,
    reviewed_by BIGINT REFERENCES users (id),
    reviewed_at TIMESTAMP,
    review_comment TEXT,
    marks_json TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (owner_id, week)
);
CREATE INDEX weekly_reports_week_idx ON weekly_reports (week, owner_id);
CREATE INDEX weekly_reports_state_idx ON weekly_reports (state);
CREATE INDEX weekly_reports_next_plan_id_idx ON weekly_reports (next_plan_id);
CREATE INDEX weekly_reports_reviewed_by_idx ON weekly_reports (reviewed_by);

CREATE TABLE monthly_reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id BIGINT NOT NULL REFERENCES users (id),
    month TEXT NOT NULL,
    state TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    summary TEXT,
    next_month_plan TEXT,
    proposals TEXT,
    submitted_at TIMESTAMP,
    late BOOLEAN NOT NULL DEFAULT FALSE,
    reviewed_by BIGINT REFERENCES users (id),
    reviewed_at TIMESTAMP,
    review_comment TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (owner_id, month)
);
CREATE INDEX monthly_reports_month_idx ON monthly_reports (month, owner_id);
CREATE INDEX monthly_reports_reviewed_by_idx ON monthly_reports (reviewed_by);

-- Plans (周计划/月计划) with revisions, visits, spot-checks and daily logs.
-- Keep in step with migrations/postgres. Dates without a time are TEXT `YYYY-MM-DD`.

CREATE TABLE plans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id BIGINT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    period TEXT NOT NULL,
    state TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    revision INTEGER NOT NULL DEFAULT 1,
    approved_revision INTEGER,
    calls_per_day INTEGER NOT NULL,
    visits_per_week INTEGER NOT NULL,
    new_clients INTEGER NOT NULL,
    sales_target BIGINT,
    other_tasks TEXT,
    est_travel BIGINT NOT NULL DEFAULT 0,
    est_per_diem BIGINT NOT NULL DEFAULT 0,
    est_entertainment BIGINT NOT NULL DEFAULT 0,
    est_communication BIGINT NOT NULL DEFAULT 0,
    est_business_development BIGINT NOT NULL DEFAULT 0,
    est_other BIGINT NOT NULL DEFAULT 0,
    submitted_at TIMESTAMP,
    late BOOLEAN NOT NULL DEFAULT FALSE,
    decided_by BIGINT REFERENCES users (id),
    decided_at TIMESTAMP,
    decision_comment TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (owner_id, kind, period)
);
CREATE INDEX plans_period_idx ON plans (kind, period);
CREATE INDEX plans_state_idx ON plans (state);
CREATE INDEX plans_decided_by_idx ON plans (decided_by);

-- What each submitted revision contained, and the decision on it.
CREATE TABLE plan_revisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id BIGINT NOT NULL REFERENCES plans (id),
    revision INTEGER NOT NULL,
    state TEXT NOT NULL,
    snapshot_json TEXT NOT NULL,
    submitted_at TIMESTAMP NOT NULL,
    late BOOLEAN NOT NULL DEFAULT FALSE,
    decided_by BIGINT REFERENCES users (id),
    decided_at TIMESTAMP,
    comment TEXT,
    UNIQUE (plan_id, revision)
);
CREATE INDEX plan_revisions_decided_by_idx ON plan_revisions (decided_by);

CREATE TABLE visits (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id BIGINT REFERENCES plans (id),
    owner_id BIGINT NOT NULL REFERENCES users (id),
    client_id BIGINT NOT NULL REFERENCES clients (id),
    planned_date TEXT NOT NULL,
    time_from TEXT,
    time_to TEXT,
    purpose TEXT,
    place TEXT,
    status TEXT NOT NULL,
    unplanned BOOLEAN NOT NULL DEFAULT FALSE,
    rescheduled_from TEXT,
    completed_at TIMESTAMP,
    latitude DOUBLE,
    longitude DOUBLE,
    off_site BOOLEAN NOT NULL DEFAULT FALSE,
    no_location BOOLEAN NOT NULL DEFAULT FALSE,
    distance_m BIGINT,
    miss_reason TEXT,
    follow_up_id BIGINT REFERENCES follow_ups (id),
    false_report BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX visits_plan_id_idx ON visits (plan_id);
CREATE INDEX visits_owner_date_idx ON visits (owner_id, planned_date);
CREATE INDEX visits_client_id_idx ON visits (client_id);
CREATE INDEX visits_date_idx ON visits (planned_date, id);
CREATE INDEX visits_status_idx ON visits (status);
CREATE INDEX visits_follow_up_id_idx ON visits (follow_up_id);

CREATE TABLE spot_checks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    visit_id BIGINT NOT NULL UNIQUE REFERENCES visits (id),
    checker_id BIGINT NOT NULL REFERENCES users (id),
    result TEXT NOT NULL,
    note TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX spot_checks_checker_id_idx ON spot_checks (checker_id);
CREATE INDEX spot_checks_result_idx ON spot_checks (result);

CREATE TABLE daily_logs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id BIGINT NOT NULL REFERENCES users (id),
    log_date TEXT NOT NULL,
    calls_made INTEGER NOT NULL,
    visits INTEGER NOT NULL,
    notes TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (owner_id, log_date)
);
CREATE INDEX daily_logs_log_date_idx ON daily_logs (log_date);

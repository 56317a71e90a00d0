-- `updated_since` on the lists (docs/INTEGRATIONS.md): every list reads the rows changed at
-- or after a time in (updated_at, id) order, or (created_at, id) where rows never change once
-- written. Each table it reads gets that index; the two tables whose rows change but had no
-- updated_at get one, backfilled from the last change known (revoking a key, reading a
-- notification), else created_at.

-- Changed rows without an updated_at until now.
ALTER TABLE api_keys ADD COLUMN updated_at TIMESTAMP NOT NULL DEFAULT '2000-01-01 00:00:00';
UPDATE api_keys SET updated_at = COALESCE(revoked_at, created_at);
ALTER TABLE notifications ADD COLUMN updated_at TIMESTAMP NOT NULL DEFAULT '2000-01-01 00:00:00';
UPDATE notifications SET updated_at = COALESCE(read_at, created_at);

-- Rows that change: by updated_at.
CREATE INDEX users_updated_at_idx ON users (updated_at, id);
CREATE INDEX teams_updated_at_idx ON teams (updated_at, id);
CREATE INDEX cases_updated_at_idx ON cases (updated_at, id);
CREATE INDEX plans_updated_at_idx ON plans (updated_at, id);
CREATE INDEX visits_updated_at_idx ON visits (updated_at, id);
CREATE INDEX daily_logs_updated_at_idx ON daily_logs (updated_at, id);
CREATE INDEX weekly_reports_updated_at_idx ON weekly_reports (updated_at, id);
CREATE INDEX monthly_reports_updated_at_idx ON monthly_reports (updated_at, id);
CREATE INDEX expense_standards_updated_at_idx ON expense_standards (updated_at, id);
CREATE INDEX budgets_updated_at_idx ON budgets (updated_at, id);
CREATE INDEX budget_supplements_updated_at_idx ON budget_supplements (updated_at, id);
CREATE INDEX advances_updated_at_idx ON advances (updated_at, id);
CREATE INDEX expense_claims_updated_at_idx ON expense_claims (updated_at, id);
CREATE INDEX projects_updated_at_idx ON projects (updated_at, id);
CREATE INDEX contracts_updated_at_idx ON contracts (updated_at, id);
CREATE INDEX trainings_updated_at_idx ON trainings (updated_at, id);
CREATE INDEX scores_updated_at_idx ON scores (updated_at, id);
CREATE INDEX improvement_plans_updated_at_idx ON improvement_plans (updated_at, id);
CREATE INDEX leavings_updated_at_idx ON leavings (updated_at, id);
CREATE INDEX jobs_updated_at_idx ON jobs (updated_at, id);
CREATE INDEX api_keys_updated_at_idx ON api_keys (updated_at, id);
-- A person's notifications are only ever read by that person: by user first.
CREATE INDEX notifications_updated_at_idx ON notifications (user_id, updated_at, id);

-- Rows that never change once written: by created_at.
CREATE INDEX follow_ups_created_at_idx ON follow_ups (created_at, id);
CREATE INDEX handovers_created_at_idx ON handovers (created_at, id);
CREATE INDEX spot_checks_created_at_idx ON spot_checks (created_at, id);
CREATE INDEX attendance_created_at_idx ON attendance (created_at, id);
CREATE INDEX pay_grades_created_at_idx ON pay_grades (created_at, id);
CREATE INDEX commission_rules_created_at_idx ON commission_rules (created_at, id);
CREATE INDEX pay_items_created_at_idx ON pay_items (created_at, id);
CREATE INDEX branch_profits_created_at_idx ON branch_profits (created_at, id);
DROP INDEX audit_events_created_at_idx;
CREATE INDEX audit_events_created_at_idx ON audit_events (created_at, id);

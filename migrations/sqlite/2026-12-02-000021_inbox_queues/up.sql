-- The inbox counts the monthly reports waiting for review across months: by state first.
CREATE INDEX monthly_reports_state_idx ON monthly_reports (state, owner_id);

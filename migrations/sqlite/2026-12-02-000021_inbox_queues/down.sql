DROP INDEX monthly_reports_state_idx;

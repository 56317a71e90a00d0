DROP INDEX cases_escalated_to_idx;
ALTER TABLE cases DROP COLUMN escalated_to;
DROP TABLE notifications;
DROP TABLE jobs;

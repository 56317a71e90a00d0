DROP TABLE daily_logs;
DROP TABLE spot_checks;
DROP TABLE visits;
DROP TABLE plan_revisions;
DROP TABLE plans;

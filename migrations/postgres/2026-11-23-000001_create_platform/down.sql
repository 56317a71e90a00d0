DROP TABLE audit_events;
DROP TABLE login_failures;
DROP TABLE refresh_tokens;
DROP TABLE sessions;
DROP TABLE user_roles;
ALTER TABLE users DROP CONSTRAINT users_team_id_fkey;
DROP TABLE teams;
DROP TABLE users;

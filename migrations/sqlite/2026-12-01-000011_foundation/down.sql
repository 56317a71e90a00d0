DROP TABLE instance_secrets;
DROP INDEX login_failures_failed_at_idx;
DROP INDEX login_failures_addr_idx;
ALTER TABLE login_failures DROP COLUMN client_addr;
ALTER TABLE users DROP COLUMN must_change_password;
DROP TABLE document_history;

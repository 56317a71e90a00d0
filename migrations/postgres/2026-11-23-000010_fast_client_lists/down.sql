DROP INDEX clients_owner_due_idx;
CREATE INDEX clients_owner_next_due_idx ON clients (owner_id, next_due);
ALTER TABLE clients DROP COLUMN satisfaction_count;
ALTER TABLE clients DROP COLUMN satisfaction_sum;
ALTER TABLE clients DROP COLUMN satisfaction_latest;
DROP TABLE client_search_keys;
CREATE INDEX clients_owner_search_idx
    ON clients (owner_id, archived_at, updated_at, name, company, phone_norm, phone2_norm);

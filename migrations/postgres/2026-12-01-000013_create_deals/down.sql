DROP INDEX follow_ups_contract_id_idx;
ALTER TABLE follow_ups DROP COLUMN method;
ALTER TABLE follow_ups DROP COLUMN contract_id;
DROP TABLE payment_allocations;
DROP TABLE contract_payments;
DROP TABLE contract_lines;
DROP TABLE contracts;
DROP TABLE projects;

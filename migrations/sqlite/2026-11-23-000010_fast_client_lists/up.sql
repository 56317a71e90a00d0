-- The client search index (salesops_domain::client_search): every suffix of a client's name,
-- company and phones, so `GET /clients?q=` is a range scan over the matches instead of a
-- contains-match over every client of the caller's scope. The owner leads the key so a
-- salesperson's search never reads other people's entries; handovers and reassignments keep
-- it in step (crates/server/src/clients/search.rs). The covering index of 000009 served the
-- scan this replaces.
DROP INDEX clients_owner_search_idx;

CREATE TABLE client_search_keys (
    owner_id BIGINT NOT NULL REFERENCES users (id),
    search_key TEXT NOT NULL,
    client_id BIGINT NOT NULL REFERENCES clients (id),
    PRIMARY KEY (owner_id, search_key, client_id)
) WITHOUT ROWID;

-- Searches with no owner scope (admin).
CREATE INDEX client_search_keys_key_idx ON client_search_keys (search_key, client_id);
CREATE INDEX client_search_keys_client_id_idx ON client_search_keys (client_id);

-- The client's satisfaction (latest score, sum and count for the average) kept on the client
-- row, updated with each new rating, so a list page needs no query over the ratings.
ALTER TABLE clients ADD COLUMN satisfaction_latest INTEGER;
ALTER TABLE clients ADD COLUMN satisfaction_sum BIGINT NOT NULL DEFAULT 0;
ALTER TABLE clients ADD COLUMN satisfaction_count BIGINT NOT NULL DEFAULT 0;
UPDATE clients SET
    satisfaction_latest = (SELECT s.score FROM client_satisfaction s
                           WHERE s.client_id = clients.id ORDER BY s.id DESC LIMIT 1),
    satisfaction_sum = (SELECT COALESCE(SUM(s.score), 0) FROM client_satisfaction s
                        WHERE s.client_id = clients.id),
    satisfaction_count = (SELECT COUNT(*) FROM client_satisfaction s
                          WHERE s.client_id = clients.id);

-- The due list (GET /follow-ups/due): a salesperson's live clients in due order, so a page is
-- read in index order instead of sorting every due client of the owner.
DROP INDEX clients_owner_next_due_idx;
CREATE INDEX clients_owner_due_idx ON clients (owner_id, next_due, id) WHERE archived_at IS NULL;

-- The scoped client search (GET /clients?q=…, issue 3, docs/benchmarks.md) filters every client
-- of the caller's owners with a contains match, which no index can seek. With this covering
-- index the filter runs over the owner's contiguous index entries instead of one table page per
-- client, and only the rows of the page are read from the table.
CREATE INDEX clients_owner_search_idx
    ON clients (owner_id, archived_at, updated_at, name, company, phone_norm, phone2_norm);

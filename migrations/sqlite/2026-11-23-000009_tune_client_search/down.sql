DROP INDEX clients_owner_search_idx;

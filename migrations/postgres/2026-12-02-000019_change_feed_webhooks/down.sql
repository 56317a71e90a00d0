DROP TABLE webhook_deliveries;
DROP TABLE webhooks;
DROP INDEX audit_events_owner_id_idx;
DROP INDEX audit_events_feed_idx;
ALTER TABLE audit_events DROP COLUMN owner_id;
ALTER TABLE audit_events DROP COLUMN txid;

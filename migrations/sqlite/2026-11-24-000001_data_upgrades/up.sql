-- One-off upgrades of stored data that SQL cannot compute, done by the server at start-up
-- (crates/server/src/clients/phones.rs): one row per upgrade done, so each runs once.
-- The first: the phones' normal form of salesops_domain::phone::PHONE_NORM_VERSION 2
-- (landlines with and without +86 compare equal), recomputed into phone_norm/phone2_norm.
CREATE TABLE data_upgrades (
    name TEXT PRIMARY KEY NOT NULL,
    done_at TIMESTAMP NOT NULL
);

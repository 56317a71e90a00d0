//! The change feed (变更流): `GET /changes` reads the audit trail as events, in an order
//! that never skips a change committed late (see `salesops_domain::changes::FeedCursor`),
//! limited to the records the caller may read. Webhooks read the same feed for their owner.

pub mod queries;
pub mod routes;
pub mod service;

pub use queries::{FeedEvent, FeedScope, head, read};

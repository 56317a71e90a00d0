//! Clients (客户档案): the confidential client file, its history, satisfaction, duplicates
//! (撞单), the follow-up cadence, CSV and Excel import, CSV export, and the handover of a
//! leaver's clients.

pub mod cadence;
pub mod csv;
pub mod export;
pub mod handover;
pub mod import;
pub mod lifecycle;
pub mod list;
pub mod phones;
pub mod queries;
pub mod routes;
pub mod scope;
pub mod search;
pub mod service;
pub mod xlsx;

pub use phones::renormalize as renormalize_phones;
pub use search::backfill as backfill_search;

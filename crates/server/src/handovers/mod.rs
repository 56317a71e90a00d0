//! Handover (离职交接): a leaver's records move to a successor in one transaction; the leaver
//! is disabled and signed out everywhere.

pub mod registry;
pub mod routes;
pub mod service;

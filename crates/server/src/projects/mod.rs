//! Projects (项目跟踪, SPEC §3, seed 002): a client's opportunity through its stages, owned by
//! the client's owner. A project in `design` makes its client a key client for the cadence.

mod document;
pub mod queries;
pub mod routes;
pub mod service;

pub use queries::Project;

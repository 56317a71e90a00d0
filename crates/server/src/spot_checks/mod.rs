//! Spot-checks (抽查/回访): managers phone clients to confirm visits happened.

mod document;
mod queries;
pub mod routes;
pub mod service;

//! Cash advances (借支, SPEC §8): asked for against an approved plan, approved by the owner's
//! manager then finance, paid; the owner's paid claims offset them and the rest is repaid.

mod document;
pub mod queries;
pub mod routes;
pub mod service;

pub use queries::{AdvanceRow, offset};

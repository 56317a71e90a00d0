//! Rubrics (考核细则) as data: the versions per role, the shipped version 1, the version in
//! force for a month.

pub mod queries;
pub mod routes;
pub mod service;

pub use queries::{ensure_shipped, in_force};

//! Daily work logs (工作日志): one per person per day.

pub mod queries;
pub mod routes;
pub mod service;

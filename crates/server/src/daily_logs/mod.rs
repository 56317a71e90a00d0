//! Daily work logs (工作日志): one per person per day.

pub mod routes;
pub mod service;

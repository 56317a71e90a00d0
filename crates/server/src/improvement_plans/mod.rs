//! Improvement plans (绩效改进计划, seed 000): HR opens one from an alert and closes it with
//! an outcome.

pub mod queries;
pub mod routes;
pub mod service;

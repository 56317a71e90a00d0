//! Work plans (工作计划): weekly and monthly plans, their approval workflow and revisions, the
//! planned visits of a week, and progress against the targets.

mod document;
pub mod handover;
pub mod progress;
pub mod queries;
pub mod routes;
pub mod service;
mod visit_routes;
pub mod visits;

//! Work plans (周计划/月计划): creation, approval with versions, revisions, progress and the
//! team summary.

pub mod demo;
pub mod handover;
pub mod progress;
pub mod queries;
pub mod routes;
pub mod service;

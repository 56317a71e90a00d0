//! Monthly scores (月度考核, SPEC §6): computed drafts, adjustments, the workflow, the annual
//! score, the status report and the alerts.

pub mod alerts;
pub mod document;
pub mod drafts;
pub mod metrics;
pub mod queries;
pub mod read;
pub mod routes;
pub mod service;

//! Complaint and request cases (客诉): open → escalated → resolved, overdue after two days.

pub mod escalation;
pub mod queries;
pub mod routes;
pub mod service;

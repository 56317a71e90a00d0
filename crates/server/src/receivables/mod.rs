//! Receivables (应收账款, SPEC §3): what is outstanding on the signed contracts' schedules,
//! aging (账龄), the collection rate (回款率) and the clients proposed for credit `abnormal`.

pub mod overdue;
pub mod queries;
pub mod routes;
pub mod service;
pub mod sql;

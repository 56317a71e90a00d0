//! Finance's reports (SPEC §9): expenses grouped by person, team, category, month and state;
//! budget against actual; outstanding advances. JSON, CSV or XLSX.

pub mod routes;
pub mod service;
pub mod sql;

//! Attendance (出勤, SPEC §6): absences and half days recorded by HR or the person's manager,
//! and the month's attendance score the scores read.

pub mod queries;
pub mod routes;
pub mod service;

pub use service::summary_of;

//! Leaving (离职, seed 000 §06): filed by the person or HR, approved by the person's manager,
//! closed by HR once its checklist (handover, property, advances) is complete; closing
//! disables the account. The payroll reads `leavings.leaving_on` and the settlement directly.

mod document;
pub mod queries;
pub mod routes;
pub mod service;

pub use queries::LeavingRow;

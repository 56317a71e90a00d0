//! Weekly reports (周报) with figures filled from the records, their review, the team's
//! submission status, the print view, and managers' monthly reports (月报).

mod document;
pub mod figures;
pub mod html;
pub mod monthly;
pub mod monthly_routes;
pub mod queries;
pub mod routes;
pub mod service;
pub mod status;

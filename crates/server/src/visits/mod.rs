//! Visits (拜访): planned in a weekly plan or unplanned; completed (with the follow-up logged on
//! the client and the place checked), missed or rescheduled.

pub mod queries;
pub mod routes;
pub mod service;

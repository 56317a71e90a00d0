//! Follow-ups (跟进记录): contacts with a client, the call and letter registers, and the list of
//! clients due for a follow-up per the cadence.

pub mod due;
pub mod queries;
pub mod routes;
pub mod service;

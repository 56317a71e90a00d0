//! Spot-checks (抽查/回访): a manager confirms by phone that team members' visits happened. A
//! `not_confirmed` result marks the visit as a false report (虚报), which reimbursement and
//! scoring read.

pub mod routes;
pub mod service;

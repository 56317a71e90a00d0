//! Budgets (预算, SPEC §8): monthly budgets per person and category, the approved weekly
//! plans' estimates, and supplements (追加预算) approved by the owner's manager. The ledger
//! reads all three for the claim rules and the budget report.

pub mod document;
pub mod ledger;
pub mod queries;
pub mod routes;
pub mod service;
pub mod supplement_routes;
pub mod supplements;

pub use ledger::{book, span_of};

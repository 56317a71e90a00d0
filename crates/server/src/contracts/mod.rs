//! Contracts (合同, SPEC §3, seed 001 合同签订/订单执行): the review workflow, payment schedules,
//! payments received and the collection letter. A contract belongs to its client's owner.

mod document;
pub mod letter;
pub mod payments;
pub mod queries;
pub mod routes;
pub mod service;

pub use queries::Contract;

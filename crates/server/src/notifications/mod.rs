//! Notifications (站内通知): one small write, [`notify`], called in the transaction of the
//! change that causes it (a plan decided, a claim paid, a case escalated, the jobs), and the
//! caller's own list with its unread count.

pub mod queries;
pub mod routes;
pub mod service;

pub use queries::{Notice, already_sent, notify};

//! The inbox (待办, `GET /inbox`): what waits for the caller, counted from each queue's own
//! filter. It reads the features; nothing reads it.

pub mod routes;
pub mod service;

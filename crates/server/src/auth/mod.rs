//! Sign-in and sessions: login with throttling, refresh-token rotation with reuse detection,
//! logout and password change. Who a request's caller is lives in `access`.

pub mod queries;
pub mod routes;
pub mod service;

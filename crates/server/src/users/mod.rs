//! Users (员工账号): accounts, roles, team membership, disabling.

pub mod queries;
pub mod routes;
pub mod service;

pub use service::create_system_user;

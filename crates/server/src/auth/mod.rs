//! Sign-in, sessions and the principal: who is calling and what they may see.

pub mod jwt;
pub mod password;
pub mod principal;
pub mod queries;
pub mod routes;
pub mod service;

pub use principal::Principal;

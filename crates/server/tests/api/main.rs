//! HTTP tests against the running app, each on SQLite and on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod audit;
mod auth;
mod clients;
mod errors;
mod platform;
mod teams;
mod users;

//! HTTP tests against the running app, each on SQLite and on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod access;
mod assets;
mod audit;
mod audit_walk;
mod auth;
mod cases;
mod clients;
mod deals;
mod deals_demo;
mod errors;
mod exports;
mod follow_ups;
mod foundation;
mod handovers;
mod import;
mod inbox;
mod instances;
mod leavings;
mod money;
mod pay;
mod plans;
mod platform;
mod races;
mod reports;
mod scores;
mod scores_metrics;
mod scoring_demo;
mod scoring_inputs;
mod security_headers;
mod teams;
mod throttle;
mod users;

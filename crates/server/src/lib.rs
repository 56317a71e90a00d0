//! The salesops API server.
//!
//! Organised by feature (`auth`, `users`, `teams`, `audit` …): each has `routes` (HTTP in and
//! out), `service` (the use case: scope, domain rules, the transaction) and `queries`
//! (diesel). Cross-cutting pieces: `db`, `error` (the one error type, mapped to problem+json
//! in one place), `http` (extractors, middleware, fallback) and `access` (the one
//! place a request becomes a caller with a scope).

pub mod access;
pub mod advances;
pub mod api_keys;
pub mod app;
pub mod attendance;
pub mod audit;
pub mod auth;
pub mod bootstrap;
pub mod budgets;
pub mod cases;
pub mod changes;
pub mod clients;
pub mod clock;
pub mod config;
pub mod contracts;
pub mod daily_logs;
pub mod db;
pub mod demo;
pub mod error;
pub mod expenses;
pub mod export;
pub mod files;
pub mod finance;
pub mod follow_ups;
pub mod handovers;
pub mod hashing;
pub mod http;
pub mod idempotency;
pub mod improvement_plans;
pub mod inbox;
pub mod jobs;
pub mod leavings;
pub mod notifications;
pub mod openapi;
pub mod ops;
pub mod pay;
pub mod plans;
pub mod projects;
pub mod receipts;
pub mod receivables;
pub mod reports;
pub mod request_id;
pub mod rubrics;
pub mod scores;
pub mod spot_checks;
pub mod state;
pub mod teams;
pub mod tokens;
pub mod trainings;
pub mod users;
pub mod visits;
pub mod webhooks;
pub mod workflow;

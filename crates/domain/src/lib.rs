//! The salesops domain: the business's vocabulary and the rules that need no I/O.
//!
//! This crate compiles for the server and for the browser app (wasm32), so a rule written here
//! exists once. It must never depend on a database, HTTP or async runtime crate.

pub mod advances;
pub mod api_keys;
pub mod attendance;
pub mod audit;
pub mod auth;
pub mod budgets;
pub mod cadence;
pub mod capabilities;
pub mod cases;
pub mod changes;
pub mod client_changes;
pub mod client_search;
pub mod clients;
pub mod daily_logs;
pub mod dates;
pub mod deals;
pub mod expenses;
pub mod finance;
pub mod follow_ups;
pub mod handovers;
pub mod inbox;
pub mod jobs;
pub mod leavings;
pub mod money;
pub mod notifications;
pub mod page;
pub mod pay;
pub mod period;
pub mod phone;
pub mod plans;
pub mod problem;
pub mod progress;
pub mod receipts;
pub mod reports;
pub mod roles;
pub mod scoring;
pub mod serde_helpers;
pub mod since;
pub mod spot_checks;
pub mod teams;
pub mod text;
pub mod text_enum;
pub mod trainings;
pub mod users;
pub mod validation;
pub mod visits;
pub mod webhooks;
pub mod workflow;

pub use capabilities::Capability;
pub use money::{Fen, PerCategory};
pub use page::{Cursor, Page, PageQuery};
pub use problem::{FieldError, Problem};
pub use roles::Role;
pub use since::SinceQuery;

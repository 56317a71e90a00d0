//! The salesops domain: the business's vocabulary and the rules that need no I/O.
//!
//! This crate compiles for the server and for the browser app (wasm32), so a rule written here
//! exists once. It must never depend on a database, HTTP or async runtime crate.

pub mod audit;
pub mod auth;
pub mod page;
pub mod problem;
pub mod roles;
pub mod serde_helpers;
pub mod teams;
pub mod users;
pub mod validation;

pub use page::{Page, PageQuery};
pub use problem::{FieldError, Problem};
pub use roles::Role;

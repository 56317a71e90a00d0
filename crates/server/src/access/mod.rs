//! The one place a request becomes a caller: the verified token ([`Caller`]), the principal
//! it admits (the user, their roles and the scope of records they may see), and the request
//! context every service receives ([`Ctx`]: principal, settings, clock).
//!
//! Features ask the principal instead of re-implementing scope; nothing here depends on a
//! feature, so every feature may depend on it.

pub mod api_key;
mod ctx;
pub mod key_routes;
pub mod password;
mod principal;
pub mod queries;

pub use ctx::{Actor, Caller, Ctx};
pub use principal::{OwnerScope, Principal};

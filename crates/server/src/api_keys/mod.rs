//! API keys (SPEC §9, issue #14): admin creates a key for a user with scopes, sees it once,
//! lists and revokes keys. Admitting a presented key is `access::api_key`; this feature is
//! the keys' administration.

pub mod queries;
pub mod routes;
pub mod service;

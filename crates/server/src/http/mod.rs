//! HTTP plumbing shared by every feature: request ids, metrics, security headers, body and
//! query extractors that answer in problem+json, and the fallback for unknown paths.

pub mod compress;
pub mod extract;
pub mod fallback;
pub mod html;
pub mod metrics;
pub mod routes;
pub mod security_headers;
pub mod strict;

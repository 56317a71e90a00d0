//! HTTP plumbing shared by every feature: request ids, metrics, body and query extractors
//! that answer in problem+json, and the fallback for unknown paths.

pub mod extract;
pub mod fallback;
pub mod metrics;
pub mod strict;

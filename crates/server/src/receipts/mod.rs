//! Receipts (发票/收据): files uploaded once (by content and by invoice number), attached to
//! claim lines, shown to whoever may see the claim.

pub mod queries;
pub mod routes;
pub mod service;

pub use queries::{ReceiptRow, unattached_of};

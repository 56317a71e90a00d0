//! Receipts (发票/收据): an image or PDF uploaded once, attached to a claim line.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::text_enum;

/// The largest receipt accepted: 10 MiB.
pub const MAX_RECEIPT_BYTES: usize = 10 * 1024 * 1024;

text_enum! {
    /// What a receipt is, recognised from its bytes (never from its name or declared type).
    pub enum ReceiptType {
        #[serde(rename = "image/jpeg")]
        Jpeg = "image/jpeg",
        #[serde(rename = "image/png")]
        Png = "image/png",
        #[serde(rename = "image/webp")]
        Webp = "image/webp",
        #[serde(rename = "image/heic")]
        Heic = "image/heic",
        #[serde(rename = "application/pdf")]
        Pdf = "application/pdf",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReceiptDto {
    pub id: i64,
    /// Hex SHA-256 of the file.
    pub sha256: String,
    pub content_type: ReceiptType,
    pub size: i64,
    pub invoice_number: Option<String>,
    pub uploaded_by: i64,
    pub created_at: DateTime<Utc>,
}

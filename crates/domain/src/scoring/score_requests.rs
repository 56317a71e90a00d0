//! What the score's writes send: compute a draft, adjust it, and each workflow step's body.
//! Re-exported from [`super::score`], where the API's paths name them.

use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::text_enum;

/// `POST /scores`: compute the draft of a person's month.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateScoreRequest {
    pub user_id: i64,
    #[validate(custom(function = "crate::period::valid_month"))]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$", example = "2026-11")
    )]
    pub month: String,
}

/// One item's adjustment: `occurrences` (manual items) or `points`, and always a note.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ItemAdjustment {
    #[validate(length(min = 1, max = 64))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 64))]
    pub code: String,
    #[serde(default)]
    #[validate(range(min = 0, max = 100))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub occurrences: Option<i64>,
    /// Between 0 and the item's maximum, at most one decimal.
    #[serde(default)]
    #[validate(range(min = 0.0, max = 100.0))]
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 0, maximum = 100, multiple_of = 0.1)
    )]
    pub points: Option<f64>,
    #[validate(
        length(min = 1, max = 2000),
        custom(function = "crate::validation::not_blank")
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 2000, pattern = r"\S")
    )]
    pub note: String,
}

/// `PATCH /scores/{id}`.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AdjustScoreRequest {
    pub version: i64,
    #[validate(length(min = 1, max = 50), nested)]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 50))]
    pub items: Vec<ItemAdjustment>,
}

/// `POST /scores/{id}/finalize`.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FinalizeScoreRequest {
    pub version: i64,
    /// 讲评, required.
    #[validate(
        length(min = 1, max = 4000),
        custom(function = "crate::validation::not_blank")
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 4000, pattern = r"\S")
    )]
    pub discussion_note: String,
}

/// `POST /scores/{id}/dispute`.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DisputeScoreRequest {
    pub version: i64,
    #[validate(
        length(min = 1, max = 4000),
        custom(function = "crate::validation::not_blank")
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 4000, pattern = r"\S")
    )]
    pub reason: String,
}

text_enum! {
    /// How a dispute ends.
    pub enum DisputeOutcome {
        /// The score stands as it was.
        Upheld = "upheld",
        /// The score is changed by the adjustments sent with the resolution.
        Changed = "changed",
    }
}

/// `POST /scores/{id}/resolve`: back to finalized; with `changed`, the `items` adjust it.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ResolveScoreRequest {
    pub version: i64,
    pub outcome: DisputeOutcome,
    #[validate(
        length(min = 1, max = 4000),
        custom(function = "crate::validation::not_blank")
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 4000, pattern = r"\S")
    )]
    pub note: String,
    #[serde(default)]
    #[validate(length(max = 50), nested)]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub items: Vec<ItemAdjustment>,
}

/// `POST /scores/{id}/reopen` and `…/acknowledge` (reason optional there).
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ScoreStepRequest {
    pub version: i64,
    #[serde(default)]
    #[validate(length(max = 4000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub reason: Option<String>,
}

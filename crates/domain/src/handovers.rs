//! Handover (离职交接, SPEC §1): a leaver's records move to a successor in one transaction.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

/// POST /handovers (HR or admin).
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateHandoverRequest {
    /// The leaver: disabled, sessions revoked, every owned record moved.
    pub from_user_id: i64,
    /// The successor (an enabled user).
    pub to_user_id: i64,
    #[serde(default)]
    #[validate(length(max = 1000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandoverDto {
    pub id: i64,
    pub from_user_id: i64,
    pub to_user_id: i64,
    pub actor_id: Option<i64>,
    pub note: Option<String>,
    /// Records moved, per kind (`client`, and later kinds as features add them).
    pub counts: BTreeMap<String, i64>,
    pub created_at: DateTime<Utc>,
}

/// `GET /handovers/preview?from_user_id=`: what a handover would move.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct HandoverPreviewQuery {
    pub from_user_id: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandoverPreviewDto {
    pub from_user_id: i64,
    pub counts: BTreeMap<String, i64>,
}

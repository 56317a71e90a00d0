//! The audit trail (审计): who changed what, when, with the record before and after.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEventDto {
    pub id: i64,
    /// The user who acted; `None` for the system itself (bootstrap, demo seeding).
    pub actor_id: Option<i64>,
    /// What happened, e.g. `user.create`, `team.update`, `user.disable`.
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub before: Option<serde_json::Value>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub after: Option<serde_json::Value>,
    pub request_id: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// Filters for `GET /audit-events`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AuditQuery {
    #[validate(length(max = 64))]
    #[cfg_attr(feature = "openapi", param(max_length = 64))]
    pub entity_type: Option<String>,
    #[validate(length(max = 64))]
    #[cfg_attr(feature = "openapi", param(max_length = 64))]
    pub entity_id: Option<String>,
    pub actor_id: Option<i64>,
    /// Events at or after this instant.
    #[validate(custom(function = "crate::dates::instant_in_range"))]
    #[cfg_attr(feature = "openapi", param(pattern = r"^(20[0-9]{2}|2100)-"))]
    pub from: Option<DateTime<Utc>>,
    /// Events before this instant.
    #[validate(custom(function = "crate::dates::instant_in_range"))]
    #[cfg_attr(feature = "openapi", param(pattern = r"^(20[0-9]{2}|2100)-"))]
    pub to: Option<DateTime<Utc>>,
}

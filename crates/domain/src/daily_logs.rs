//! Daily work logs (工作日志): calls, visits and notes, one per person per day.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DailyLogDto {
    pub id: i64,
    pub owner_id: i64,
    pub log_date: NaiveDate,
    pub calls_made: i32,
    pub visits: i32,
    pub notes: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateDailyLogRequest {
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub log_date: NaiveDate,
    #[validate(range(min = 0, max = 1000))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000))]
    pub calls_made: i32,
    #[validate(range(min = 0, max = 200))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 200))]
    pub visits: i32,
    #[serde(default)]
    #[validate(length(max = 4000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateDailyLogRequest {
    #[serde(default)]
    #[validate(range(min = 0, max = 1000))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000))]
    pub calls_made: Option<i32>,
    #[serde(default)]
    #[validate(range(min = 0, max = 200))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 200))]
    pub visits: Option<i32>,
    #[serde(default)]
    #[validate(length(max = 4000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct DailyLogListQuery {
    pub owner_id: Option<i64>,
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        param(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub from: Option<NaiveDate>,
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        param(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub to: Option<NaiveDate>,
}

//! Improvement plans (绩效改进计划, seed 000): opened by HR from an alert, closed with an
//! outcome.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::text_enum;

text_enum! {
    pub enum ImprovementKind {
        /// 再培训
        Retraining = "retraining",
        /// 辅导
        Coaching = "coaching",
        /// 转岗
        Transfer = "transfer",
    }
}

text_enum! {
    pub enum ImprovementState {
        Open = "open",
        Closed = "closed",
    }
}

text_enum! {
    pub enum ImprovementOutcome {
        /// 已改进
        Improved = "improved",
        /// 再培训
        Retrain = "retrain",
        /// 转岗
        Transfer = "transfer",
        /// 辞退
        Dismiss = "dismiss",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImprovementPlanDto {
    pub id: i64,
    pub user_id: i64,
    pub user_name: String,
    pub kind: ImprovementKind,
    pub goals: String,
    pub review_on: NaiveDate,
    pub state: ImprovementState,
    pub outcome: Option<ImprovementOutcome>,
    pub outcome_note: Option<String>,
    pub opened_by: i64,
    pub closed_by: Option<i64>,
    pub closed_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

/// `POST /improvement-plans`.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ImprovementPlanRequest {
    pub user_id: i64,
    #[validate(
        length(min = 1, max = 4000),
        custom(function = "crate::validation::not_blank")
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 4000, pattern = r"\S")
    )]
    pub goals: String,
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub review_on: NaiveDate,
    pub kind: ImprovementKind,
}

/// `POST /improvement-plans/{id}/close`.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CloseImprovementPlanRequest {
    pub outcome: ImprovementOutcome,
    #[validate(
        length(min = 1, max = 4000),
        custom(function = "crate::validation::not_blank")
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 4000, pattern = r"\S")
    )]
    pub note: String,
}

/// `GET /improvement-plans`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ImprovementPlanListQuery {
    pub user_id: Option<i64>,
    pub state: Option<ImprovementState>,
}

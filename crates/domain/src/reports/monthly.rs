//! The manager's monthly report (月报): its due date and lateness, the DTO, the review's marks
//! per section (0–20 each, read by the manager's score) and the requests. Re-exported from
//! [`super`], where the API's paths name them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use super::ReportState;
use crate::period::Month;
use crate::text_enum;

/// Monthly reports are due by the 30th, or the month's last day when it is shorter (February).
pub fn monthly_report_due(month: Month) -> NaiveDate {
    let last = month.last_day();
    NaiveDate::from_ymd_opt(month.year, month.month, 30)
        .filter(|d| *d <= last)
        .unwrap_or(last)
}

/// Late when submitted after the due date has ended in the business time zone.
pub fn monthly_report_late(
    month: Month,
    submitted_at: chrono::NaiveDateTime,
    tz: chrono_tz::Tz,
) -> bool {
    let day_after = monthly_report_due(month) + chrono::Duration::days(1);
    submitted_at >= crate::period::local_to_utc(day_after, chrono::NaiveTime::MIN, tz)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthlyReportDto {
    pub id: i64,
    pub owner_id: i64,
    /// `2026-11`.
    pub month: String,
    pub state: ReportState,
    pub version: i64,
    pub summary: Option<String>,
    pub next_month_plan: Option<String>,
    pub proposals: Option<String>,
    pub due_date: NaiveDate,
    pub submitted_at: Option<DateTime<Utc>>,
    pub late: bool,
    pub reviewed_by: Option<i64>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub review_comment: Option<String>,
    /// The review's marks per section (empty before the review).
    pub marks: Vec<MonthlyMark>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

text_enum! {
    /// The parts of a monthly report the review marks (20 points each in the shipped rubric).
    pub enum MonthlySection {
        /// 工作总结
        Summary = "summary",
        /// 下月计划
        Plan = "plan",
        /// 市场建议
        Proposals = "proposals",
    }
}

/// The most a monthly report's section can be marked.
pub const MONTHLY_MARK_MAX: i64 = 20;

/// The reviewer's mark of one part of a monthly report, in whole points out of 20.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MonthlyMark {
    pub section: MonthlySection,
    #[validate(range(min = 0, max = 20))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 20))]
    pub points: i64,
    #[serde(default)]
    #[validate(length(max = 1000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub note: Option<String>,
}

/// Each section marked at most once.
fn distinct_sections(marks: &[MonthlyMark]) -> Result<(), validator::ValidationError> {
    for (i, m) in marks.iter().enumerate() {
        if marks[..i].iter().any(|o| o.section == m.section) {
            return Err(validator::ValidationError::new("duplicate")
                .with_message(format!("`{}` is marked twice", m.section).into()));
        }
    }
    Ok(())
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateMonthlyReportRequest {
    #[validate(custom(function = "crate::period::valid_month"))]
    #[cfg_attr(
        feature = "openapi",
        schema(example = "2026-11", pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$")
    )]
    pub month: String,
    #[serde(default)]
    #[validate(length(max = 8000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 8000))]
    pub summary: Option<String>,
    #[serde(default)]
    #[validate(length(max = 8000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 8000))]
    pub next_month_plan: Option<String>,
    #[serde(default)]
    #[validate(length(max = 8000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 8000))]
    pub proposals: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateMonthlyReportRequest {
    #[serde(default)]
    #[validate(length(max = 8000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 8000))]
    pub summary: Option<String>,
    #[serde(default)]
    #[validate(length(max = 8000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 8000))]
    pub next_month_plan: Option<String>,
    #[serde(default)]
    #[validate(length(max = 8000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 8000))]
    pub proposals: Option<String>,
    #[serde(default)]
    pub version: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReviewMonthlyRequest {
    pub version: i64,
    #[serde(default)]
    #[validate(length(max = 4000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub comment: Option<String>,
    /// A mark per section (summary, plan, proposals), each at most once; a section left
    /// unmarked scores 0.
    #[serde(default)]
    #[validate(nested, custom(function = "distinct_sections"), length(max = 3))]
    #[cfg_attr(feature = "openapi", schema(max_items = 3))]
    pub marks: Vec<MonthlyMark>,
}

/// Filters for `GET /monthly-reports`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct MonthlyReportListQuery {
    pub owner_id: Option<i64>,
    pub state: Option<ReportState>,
    /// `true`: only reports the caller may review (of the managers below them, not their
    /// own).
    pub to_review: Option<bool>,
}

//! Attendance (出勤, SPEC §6): days a person was absent or away half a day, recorded by HR or
//! the person's manager; the month's attendance score is
//! [`crate::scoring::attendance`] (100 − 4 a day, a half day counting as a day, not below 0).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::scoring::{self, Tenths};
use crate::text_enum;

text_enum! {
    /// What a record says of the day.
    pub enum AttendanceKind {
        /// 缺勤: absent the whole day.
        Absent = "absent",
        /// 半天: away half the day (it costs what a whole day costs).
        HalfDay = "half_day",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendanceDto {
    pub id: i64,
    pub user_id: i64,
    pub user_name: String,
    pub date: NaiveDate,
    pub kind: AttendanceKind,
    pub note: Option<String>,
    pub recorded_by: i64,
    pub created_at: DateTime<Utc>,
}

/// `POST /attendance`: one record per person and day (a second is 422 naming `date`).
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AttendanceRequest {
    /// The person (never the caller: nobody records their own attendance).
    pub user_id: i64,
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub date: NaiveDate,
    pub kind: AttendanceKind,
    #[serde(default)]
    #[validate(length(max = 500))]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub note: Option<String>,
}

/// `GET /attendance`: the records in scope, newest day first.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AttendanceListQuery {
    /// One person's records (404 outside the caller's scope).
    pub user_id: Option<i64>,
    #[validate(custom(function = "crate::period::valid_month"))]
    #[cfg_attr(
        feature = "openapi",
        param(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$", example = "2026-12")
    )]
    pub month: Option<String>,
}

/// `GET /attendance/summary`.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AttendanceSummaryQuery {
    #[validate(custom(function = "crate::period::valid_month"))]
    #[cfg_attr(
        feature = "openapi",
        param(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$", example = "2026-12")
    )]
    pub month: String,
    /// The person; the caller when left out (404 outside the caller's scope).
    pub user_id: Option<i64>,
}

/// A person's attendance in a month. The score is given twice: `score_tenths` is the exact
/// integer the scores are computed from (`920` is 92.0 points), `score` the same number with
/// its one decimal for display (JSON `92.0`; always `score_tenths / 10`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendanceSummary {
    pub user_id: i64,
    /// `2026-12`.
    pub month: String,
    pub absent_days: i64,
    pub half_days: i64,
    /// Attendance out of 100 with one decimal: max(0, 100 − 4 × (absent days + half days)).
    pub score: f64,
    /// The same score in integer tenths (`920` = 92.0).
    pub score_tenths: i64,
}

impl AttendanceSummary {
    /// The summary of `absent_days` and `half_days` (the pure formula, once).
    pub fn of(user_id: i64, month: String, absent_days: i64, half_days: i64) -> Self {
        let tenths: Tenths = scoring::attendance(absent_days, half_days);
        AttendanceSummary {
            user_id,
            month,
            absent_days,
            half_days,
            score: tenths as f64 / 10.0,
            score_tenths: tenths,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::AttendanceSummary;

    #[test]
    fn the_summary_shows_the_formula_in_tenths_and_with_one_decimal() {
        let s = AttendanceSummary::of(1, "2026-12".into(), 1, 1);
        assert_eq!((s.score_tenths, s.score), (920, 92.0));
        let s = AttendanceSummary::of(1, "2026-12".into(), 0, 0);
        assert_eq!((s.score_tenths, s.score), (1_000, 100.0));
        let s = AttendanceSummary::of(1, "2026-12".into(), 20, 6);
        assert_eq!((s.score_tenths, s.score), (0, 0.0));
    }
}

//! Pay (薪酬, SPEC §7): pay grades, the pay settings (the coefficient cap), commission rules,
//! incentives and deductions, branch profits, the payroll sheet and the scores report. The
//! formulas are [`crate::scoring`]'s (`coefficient`, `performance_pay`, `commission`,
//! `profit_share`); this module holds the vocabulary and what picks the rule in force.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::finance::ReportFileFormat;
use crate::scoring::rubric::RubricRole;
use crate::scoring::score::ScoreState;
use crate::text_enum;

/// The largest amount a pay figure may hold (10 billion 元 in 分).
pub const MAX_FEN: i64 = 1_000_000_000_000;
/// The manager's part of the profit-share pool when none is given (half, the least).
pub const DEFAULT_MANAGER_PERMILLE: i64 = 500;

text_enum! {
    /// A pay item: added to or taken from the month's pay.
    pub enum PayItemKind {
        /// 特别奖励: a special incentive, outside regular pay.
        Incentive = "incentive",
        /// 扣款: a deduction.
        Deduction = "deduction",
    }
}

/// The one of `items` (each with its `effective_from` month, `YYYY-MM`) in force in `month`:
/// the latest whose `effective_from` is not after it.
pub fn in_force<'a, T>(items: impl IntoIterator<Item = (&'a str, T)>, month: &str) -> Option<T> {
    items
        .into_iter()
        .filter(|(from, _)| *from <= month)
        .max_by(|a, b| a.0.cmp(b.0))
        .map(|(_, t)| t)
}

/// A coefficient cap given as a decimal (`1.5`) in ten-thousandths (`15000`), if it has at
/// most four decimal places and lies in 1.0–3.0.
pub fn cap_from_decimal(value: f64) -> Option<i64> {
    if !value.is_finite() || !(1.0..=3.0).contains(&value) {
        return None;
    }
    let scaled = value * 10_000.0;
    let rounded = scaled.round();
    if (scaled - rounded).abs() > 1e-6 {
        return None;
    }
    Some(rounded as i64)
}

/// Ten-thousandths as the decimal they stand for (`15000` → `1.5`).
pub fn ten_thousandths(value: i64) -> f64 {
    value as f64 / 10_000.0
}

fn valid_cap(value: f64) -> Result<(), validator::ValidationError> {
    match cap_from_decimal(value) {
        Some(_) => Ok(()),
        None => Err(validator::ValidationError::new("coefficient_cap")
            .with_message("a number from 1.0 to 3.0 with at most four decimals".into())),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PayGradeDto {
    pub id: i64,
    pub user_id: i64,
    pub user_name: String,
    /// 基本工资 in 分.
    pub base_fen: i64,
    /// 绩效工资 at coefficient 1.0, in 分.
    pub performance_fen: i64,
    /// The first month it is in force (`2026-01`).
    pub effective_from: String,
    pub created_by: i64,
    pub created_at: DateTime<Utc>,
}

/// `POST /pay-grades`: one per person and month (a second is 422 naming `effective_from`).
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PayGradeRequest {
    pub user_id: i64,
    #[validate(range(min = 0_i64, max = 1_000_000_000_000_i64))]
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 0_i64, maximum = 1_000_000_000_000_i64)
    )]
    pub base_fen: i64,
    #[validate(range(min = 0_i64, max = 1_000_000_000_000_i64))]
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 0_i64, maximum = 1_000_000_000_000_i64)
    )]
    pub performance_fen: i64,
    #[validate(custom(function = "crate::period::valid_month"))]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$", example = "2026-01")
    )]
    pub effective_from: String,
}

/// `GET /pay-grades`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PayGradeListQuery {
    /// One person's grades.
    pub user_id: Option<i64>,
}

/// The pay settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaySettingsDto {
    /// The highest pay coefficient (`1.5`), or none: score ÷ 80 without a limit.
    pub coefficient_cap: Option<f64>,
    pub updated_by: Option<i64>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// `PUT /pay-settings`.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PaySettingsRequest {
    /// 1.0–3.0 with at most four decimals; `null` for no cap.
    #[serde(default)]
    #[validate(custom(function = "valid_cap"))]
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 1.0, maximum = 3.0, multiple_of = 0.0001)
    )]
    pub coefficient_cap: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommissionRuleDto {
    pub id: i64,
    pub effective_from: String,
    pub within_target_permille: i64,
    pub above_target_permille: i64,
    pub settle_by_collection: bool,
    pub created_by: i64,
    pub created_at: DateTime<Utc>,
}

/// `POST /commission-rules`: one per month it comes into force (a second is 422 naming
/// `effective_from`).
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CommissionRuleRequest {
    #[validate(custom(function = "crate::period::valid_month"))]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$", example = "2026-01")
    )]
    pub effective_from: String,
    /// ‰ of the value signed within the monthly target (5 = 0.5 %).
    #[validate(range(min = 0_i64, max = 1000_i64))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0_i64, maximum = 1000_i64))]
    pub within_target_permille: i64,
    /// ‰ of the value signed above the target (10 = 1 %).
    #[validate(range(min = 0_i64, max = 1000_i64))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0_i64, maximum = 1000_i64))]
    pub above_target_permille: i64,
    /// Multiply by the month's collection rate (received ÷ due).
    pub settle_by_collection: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PayItemDto {
    pub id: i64,
    pub user_id: i64,
    pub user_name: String,
    pub month: String,
    pub kind: PayItemKind,
    pub amount_fen: i64,
    pub note: String,
    pub created_by: i64,
    pub created_at: DateTime<Utc>,
}

/// `POST /pay-items`: an incentive or a deduction of someone's (never one's own).
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PayItemRequest {
    pub user_id: i64,
    #[validate(custom(function = "crate::period::valid_month"))]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$", example = "2026-11")
    )]
    pub month: String,
    pub kind: PayItemKind,
    #[validate(range(min = 1_i64, max = 1_000_000_000_000_i64))]
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 1_i64, maximum = 1_000_000_000_000_i64)
    )]
    pub amount_fen: i64,
    #[validate(
        length(min = 1, max = 500),
        custom(function = "crate::validation::not_blank")
    )]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 500))]
    pub note: String,
}

/// `GET /pay-items`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PayItemListQuery {
    pub user_id: Option<i64>,
    #[validate(custom(function = "crate::period::valid_month"))]
    #[cfg_attr(
        feature = "openapi",
        param(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$", example = "2026-11")
    )]
    pub month: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BranchProfitDto {
    pub id: i64,
    pub team_id: i64,
    pub team_name: String,
    /// The team's manager now, who receives the manager's part.
    pub manager_id: Option<i64>,
    pub month: String,
    pub profit_fen: i64,
    /// ‰ of the pool (20 % of the profit) that goes to the manager (500–1000).
    pub manager_permille: i64,
    pub finance_lead_id: Option<i64>,
    /// The manager's profit share (`profit_share`).
    pub manager_share_fen: i64,
    /// The finance lead's part (the rest of the pool; 0 without a finance lead).
    pub finance_lead_share_fen: i64,
    pub created_by: i64,
    pub created_at: DateTime<Utc>,
}

/// `POST /branch-profits`: one per team and month (a second is 422 naming `month`).
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BranchProfitRequest {
    pub team_id: i64,
    #[validate(custom(function = "crate::period::valid_month"))]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$", example = "2026-11")
    )]
    pub month: String,
    /// The branch's profit in 分 (a loss shares nothing).
    #[validate(range(min = -1_000_000_000_000_i64, max = 1_000_000_000_000_i64))]
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = -1_000_000_000_000_i64, maximum = 1_000_000_000_000_i64)
    )]
    pub profit_fen: i64,
    /// 500–1000 (default 500: half the pool to the manager).
    #[serde(default)]
    #[validate(range(min = 500_i64, max = 1000_i64))]
    #[cfg_attr(feature = "openapi", schema(minimum = 500_i64, maximum = 1000_i64))]
    pub manager_permille: Option<i64>,
    /// The finance lead who shares the pool (a user with the finance role).
    #[serde(default)]
    pub finance_lead_id: Option<i64>,
}

/// `GET /branch-profits`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct BranchProfitListQuery {
    pub team_id: Option<i64>,
    #[validate(custom(function = "crate::period::valid_month"))]
    #[cfg_attr(
        feature = "openapi",
        param(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$", example = "2026-11")
    )]
    pub month: Option<String>,
}

/// `GET /reports/payroll` and `GET /reports/scores`.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PayReportQuery {
    #[validate(custom(function = "crate::period::valid_month"))]
    #[cfg_attr(
        feature = "openapi",
        param(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$", example = "2026-11")
    )]
    pub month: String,
    #[cfg_attr(feature = "openapi", param(inline))]
    pub format: Option<ReportFileFormat>,
}

/// One person's line of the payroll sheet (工资表). Money in 分.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PayrollRow {
    pub user_id: i64,
    pub name: String,
    pub team: Option<String>,
    /// The month's score with one decimal; `null` when the person has none.
    pub score: Option<f64>,
    /// `null` when the person has no score.
    pub score_state: Option<ScoreState>,
    /// Whether the score counts (finalized, acknowledged or disputed); a draft's figures are
    /// provisional, and no score is never final.
    #[serde(rename = "final")]
    pub is_final: bool,
    /// score ÷ 80 (capped), four decimals; 0 without a score.
    pub coefficient: f64,
    pub base_fen: i64,
    pub performance_fen: i64,
    pub performance_pay_fen: i64,
    pub commission_fen: i64,
    pub profit_share_fen: i64,
    pub incentives_fen: i64,
    pub deductions_fen: i64,
    /// A leaver's outstanding advances taken from their final pay.
    pub advance_offset_fen: i64,
    /// base + performance pay + commission + profit share + incentives − deductions −
    /// advance offset.
    pub total_fen: i64,
}

/// The sums of the payroll's money columns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PayrollTotals {
    pub base_fen: i64,
    pub performance_fen: i64,
    pub performance_pay_fen: i64,
    pub commission_fen: i64,
    pub profit_share_fen: i64,
    pub incentives_fen: i64,
    pub deductions_fen: i64,
    pub advance_offset_fen: i64,
    pub total_fen: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PayrollSheet {
    pub month: String,
    /// The cap the coefficients were computed with.
    pub coefficient_cap: Option<f64>,
    pub rows: Vec<PayrollRow>,
    pub totals: PayrollTotals,
}

/// One person's score in the scores report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoresReportRow {
    pub user_id: i64,
    pub name: String,
    pub team: Option<String>,
    /// The role the person was scored as.
    pub role: RubricRole,
    pub state: ScoreState,
    /// Whether the score counts (not a draft).
    #[serde(rename = "final")]
    pub is_final: bool,
    /// Points with one decimal.
    pub daily_work: f64,
    pub attendance: f64,
    pub total: f64,
    /// score ÷ 80 (capped), four decimals.
    pub coefficient: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoresReport {
    pub month: String,
    pub rows: Vec<ScoresReportRow>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_month_not_after_is_in_force() {
        let items = [("2026-01", 1), ("2026-06", 2), ("2027-01", 3)];
        let pick = |m: &str| in_force(items.iter().map(|(f, v)| (*f, *v)), m);
        assert_eq!(pick("2025-12"), None);
        assert_eq!(pick("2026-01"), Some(1));
        assert_eq!(pick("2026-05"), Some(1));
        assert_eq!(pick("2026-06"), Some(2));
        assert_eq!(pick("2026-12"), Some(2));
        assert_eq!(pick("2027-03"), Some(3));
    }

    #[test]
    fn the_cap_has_at_most_four_decimals_between_one_and_three() {
        assert_eq!(cap_from_decimal(1.5), Some(15_000));
        assert_eq!(cap_from_decimal(1.0), Some(10_000));
        assert_eq!(cap_from_decimal(3.0), Some(30_000));
        assert_eq!(cap_from_decimal(1.2345), Some(12_345));
        assert_eq!(cap_from_decimal(1.23456), None);
        assert_eq!(cap_from_decimal(0.9999), None);
        assert_eq!(cap_from_decimal(3.0001), None);
        assert_eq!(cap_from_decimal(f64::NAN), None);
        assert_eq!(ten_thousandths(15_000), 1.5);
    }
}

//! Money out (费用): expense standards (费用标准), expense claims (报销单) with their lines and
//! receipts, and the rules a claim is checked by (SPEC §8). Amounts are integer 分.
//!
//! Budgets and supplements are in `budgets`, cash advances in `advances`.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::period::Month;
use crate::plans::ExpenseCategory;
use crate::text_enum;
use crate::workflow::{Flow, Party, Step};

/// The most one amount may be: ¥100,000,000.00.
pub const MAX_AMOUNT_FEN: i64 = 10_000_000_000;
/// A line above this needs a receipt (500 元) unless configured otherwise.
pub const DEFAULT_RECEIPT_THRESHOLD_FEN: i64 = 50_000;
/// The most lines one claim holds.
pub const MAX_LINES: u64 = 200;

text_enum! {
    /// What a standard's amount is for.
    pub enum StandardUnit {
        /// 每天 (per diem).
        PerDay = "per_day",
        /// 每晚 (lodging).
        PerNight = "per_night",
        /// 每月: a cap on the month's total of the category (communication).
        PerMonth = "per_month",
        /// 每次/每项.
        PerItem = "per_item",
    }
}

text_enum! {
    /// The role a standard is for (`null`: everyone).
    pub enum StandardRole {
        Salesperson = "salesperson",
        Manager = "manager",
    }
}

/// A standard (费用标准): how much a category may cost per unit, from a date on, optionally
/// for one city tier (一线/二线/三线城市) and one role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExpenseStandardDto {
    pub id: i64,
    pub category: ExpenseCategory,
    pub amount_fen: i64,
    pub unit: StandardUnit,
    /// 1, 2 or 3; `null` for every city.
    pub city_tier: Option<i32>,
    /// `null` for every role.
    pub role: Option<StandardRole>,
    pub effective_from: NaiveDate,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateExpenseStandardRequest {
    pub category: ExpenseCategory,
    #[validate(range(min = 0, max = 10_000_000_000_i64))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10_000_000_000_i64))]
    pub amount_fen: i64,
    pub unit: StandardUnit,
    #[serde(default)]
    #[validate(range(min = 1, max = 3))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 3))]
    pub city_tier: Option<i32>,
    #[serde(default)]
    pub role: Option<StandardRole>,
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub effective_from: NaiveDate,
}

/// PATCH body of a standard: absent fields stay.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateExpenseStandardRequest {
    #[serde(default)]
    #[validate(range(min = 0, max = 10_000_000_000_i64))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10_000_000_000_i64))]
    pub amount_fen: Option<i64>,
    #[serde(default)]
    pub unit: Option<StandardUnit>,
    #[serde(default)]
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub effective_from: Option<NaiveDate>,
}

/// Filters for `GET /expense-standards`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct StandardListQuery {
    #[cfg_attr(feature = "openapi", param(inline))]
    pub category: Option<ExpenseCategory>,
    /// Only the standards in force on this day (the most specific per category, tier, role).
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        param(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub in_force_on: Option<NaiveDate>,
}

/// What the standard rule needs of a standard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standard {
    pub id: i64,
    pub category: ExpenseCategory,
    pub amount_fen: i64,
    pub unit: StandardUnit,
    pub city_tier: Option<i32>,
    pub role: Option<StandardRole>,
    pub effective_from: NaiveDate,
}

/// The standard a line is checked against: of the category's standards in force on the
/// line's date that fit its city tier and the owner's role, the most specific (tier and role
/// both named, then either, then neither), and of those the latest to take effect.
pub fn standard_for(
    standards: &[Standard],
    category: ExpenseCategory,
    date: NaiveDate,
    city_tier: Option<i32>,
    role: StandardRole,
) -> Option<&Standard> {
    standards
        .iter()
        .filter(|s| s.category == category && s.effective_from <= date)
        .filter(|s| s.city_tier.is_none_or(|t| Some(t) == city_tier))
        .filter(|s| s.role.is_none_or(|r| r == role))
        .max_by_key(|s| {
            (
                u8::from(s.city_tier.is_some()) + u8::from(s.role.is_some()),
                s.effective_from,
                s.id,
            )
        })
}

/// The standard's allowance for a line of `quantity` units; for a monthly cap, what is left
/// of it after `used_this_month` (the owner's other lines of the category that month).
pub fn allowance(standard: &Standard, quantity: i32, used_this_month: i64) -> Option<i64> {
    match standard.unit {
        StandardUnit::PerMonth => Some((standard.amount_fen - used_this_month).max(0)),
        _ => standard.amount_fen.checked_mul(i64::from(quantity.max(1))),
    }
}

/// What the standard rule needs of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineBasics {
    pub date: NaiveDate,
    pub category: ExpenseCategory,
    pub amount_fen: i64,
    pub quantity: i32,
    pub city_tier: Option<i32>,
}

/// Each line's allowance under the standards (`None`: no standard in force). A monthly cap is
/// shared by the month's lines: the owner's other claims' (`month_used`) first, then this
/// claim's in order.
pub fn allowances(
    standards: &[Standard],
    lines: &[LineBasics],
    role: StandardRole,
    month_used: &BTreeMap<(Month, ExpenseCategory), i64>,
) -> Vec<Option<i64>> {
    let mut used = month_used.clone();
    lines
        .iter()
        .map(|l| {
            let standard = standard_for(standards, l.category, l.date, l.city_tier, role)?;
            let slot = used.entry((Month::of(l.date), l.category)).or_default();
            let allowed = allowance(standard, l.quantity, *slot);
            if standard.unit == StandardUnit::PerMonth {
                *slot = slot.saturating_add(l.amount_fen);
            }
            allowed
        })
        .collect()
}

/// How much a line is above its allowance (0 when within or without a standard).
pub fn over_standard(amount_fen: i64, standard_fen: Option<i64>) -> i64 {
    standard_fen.map_or(0, |s| amount_fen.saturating_sub(s).max(0))
}

/// A line's flags, in [`LineFlag`] order.
pub fn line_flags(
    amount_fen: i64,
    standard_fen: Option<i64>,
    over_budget: bool,
    false_visit: bool,
    receipts: usize,
    receipt_threshold_fen: i64,
) -> Vec<LineFlag> {
    let mut flags = Vec::new();
    if over_standard(amount_fen, standard_fen) > 0 {
        flags.push(LineFlag::OverStandard);
    }
    if over_budget {
        flags.push(LineFlag::OverBudget);
    }
    if false_visit {
        flags.push(LineFlag::FalseVisit);
    }
    if receipts == 0 && amount_fen > receipt_threshold_fen {
        flags.push(LineFlag::NoReceipt);
    }
    flags
}

/// What the manager's approval makes of a line: the amount asked for, or the one given (at
/// most the amount asked), cut to the allowance unless the line is allowed above it.
pub fn approved_amount(
    amount_fen: i64,
    standard_fen: Option<i64>,
    given_fen: Option<i64>,
    allow_over_standard: bool,
) -> Result<i64, &'static str> {
    let asked = given_fen.unwrap_or(amount_fen);
    if asked > amount_fen {
        return Err("at most the line's amount");
    }
    Ok(match standard_fen {
        Some(s) if !allow_over_standard => asked.min(s),
        _ => asked,
    })
}

text_enum! {
    /// Where a claim is (报销单状态).
    pub enum ClaimState {
        /// 草稿: being written.
        Draft = "draft",
        /// 已提交: waiting for the owner's manager.
        Submitted = "submitted",
        /// 经理已批: waiting for finance.
        ManagerApproved = "manager_approved",
        /// 财务已批: waiting to be paid.
        FinanceApproved = "finance_approved",
        /// 已付款.
        Paid = "paid",
        /// 已驳回: back to the owner, with the reason; editing makes it a draft again.
        Rejected = "rejected",
        /// 已撤销: by the owner, before any approval.
        Cancelled = "cancelled",
    }
}

text_enum! {
    pub enum ClaimAction {
        Edit = "edit",
        Submit = "submit",
        Approve = "approve",
        Reject = "reject",
        Pay = "pay",
        Cancel = "cancel",
    }
}

/// The claim's workflow: the owner writes and submits; the owner's manager approves first,
/// finance second (never the same person, never the owner); finance pays. A rejection at
/// either approval returns the claim to the owner.
pub const CLAIM_FLOW: Flow<ClaimState, ClaimAction> = Flow {
    document: "expense_claim",
    label: "expense claim",
    steps: &[
        Step {
            action: ClaimAction::Edit,
            from: &[ClaimState::Draft, ClaimState::Rejected],
            to: ClaimState::Draft,
            by: &[Party::Owner],
        },
        Step {
            action: ClaimAction::Submit,
            from: &[ClaimState::Draft, ClaimState::Rejected],
            to: ClaimState::Submitted,
            by: &[Party::Owner],
        },
        Step {
            action: ClaimAction::Approve,
            from: &[ClaimState::Submitted],
            to: ClaimState::ManagerApproved,
            by: &[Party::Manager, Party::Admin],
        },
        Step {
            action: ClaimAction::Approve,
            from: &[ClaimState::ManagerApproved],
            to: ClaimState::FinanceApproved,
            by: &[Party::Finance],
        },
        Step {
            action: ClaimAction::Reject,
            from: &[ClaimState::Submitted],
            to: ClaimState::Rejected,
            by: &[Party::Manager, Party::Admin],
        },
        Step {
            action: ClaimAction::Reject,
            from: &[ClaimState::ManagerApproved],
            to: ClaimState::Rejected,
            by: &[Party::Finance],
        },
        Step {
            action: ClaimAction::Pay,
            from: &[ClaimState::FinanceApproved],
            to: ClaimState::Paid,
            by: &[Party::Finance],
        },
        Step {
            action: ClaimAction::Cancel,
            from: &[
                ClaimState::Draft,
                ClaimState::Submitted,
                ClaimState::Rejected,
            ],
            to: ClaimState::Cancelled,
            by: &[Party::Owner],
        },
    ],
};

impl ClaimState {
    /// Submitted or later, and not returned or withdrawn: it counts against the budget.
    pub fn counts(self) -> bool {
        matches!(
            self,
            ClaimState::Submitted
                | ClaimState::ManagerApproved
                | ClaimState::FinanceApproved
                | ClaimState::Paid
        )
    }
}

text_enum! {
    /// Why a line stands out.
    pub enum LineFlag {
        /// 超标准: above the standard in force.
        OverStandard = "over_standard",
        /// 超预算: the period's category total would pass its budget.
        OverBudget = "over_budget",
        /// 虚报拜访: the linked visit was spot-checked as not confirmed.
        FalseVisit = "false_visit",
        /// 缺发票: above the receipt threshold without a receipt.
        NoReceipt = "no_receipt",
    }
}

/// One line of a claim as sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ClaimLineInput {
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub date: NaiveDate,
    #[serde(default)]
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub place: Option<String>,
    /// 事由.
    #[validate(
        length(min = 1, max = 500),
        custom(function = "crate::validation::not_blank")
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 500, pattern = r"\S")
    )]
    pub reason: String,
    pub category: ExpenseCategory,
    #[validate(range(min = 1, max = 10_000_000_000_i64))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 10_000_000_000_i64))]
    pub amount_fen: i64,
    /// Days, nights or items the amount covers (default 1).
    #[serde(default)]
    #[validate(range(min = 1, max = 366))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 366))]
    pub quantity: Option<i32>,
    /// 1, 2 or 3 for the city where it was spent (for tiered standards).
    #[serde(default)]
    #[validate(range(min = 1, max = 3))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 3))]
    pub city_tier: Option<i32>,
    /// The visit the expense belongs to.
    #[serde(default)]
    pub visit_id: Option<i64>,
    #[serde(default)]
    #[validate(length(max = 20))]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub receipt_ids: Vec<i64>,
}

/// `POST /expense-claims` and `PATCH /expense-claims/{id}` (which replaces the lines).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ClaimRequest {
    /// The approved plan the expenses belong to.
    #[serde(default)]
    pub plan_id: Option<i64>,
    /// The advance this claim settles.
    #[serde(default)]
    pub advance_id: Option<i64>,
    #[validate(length(min = 1, max = 200), nested)]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 200))]
    pub lines: Vec<ClaimLineInput>,
    /// The version the caller saw (PATCH only).
    #[serde(default)]
    pub version: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimLineDto {
    pub id: i64,
    pub date: NaiveDate,
    pub place: Option<String>,
    pub reason: String,
    pub category: ExpenseCategory,
    pub amount_fen: i64,
    pub quantity: i32,
    pub city_tier: Option<i32>,
    pub visit_id: Option<i64>,
    pub receipt_ids: Vec<i64>,
    /// The standard's allowance for this line (`null`: no standard in force).
    pub standard_fen: Option<i64>,
    /// How much the line is above its allowance (0 when within).
    pub over_standard_fen: i64,
    pub flags: Vec<LineFlag>,
    /// What the manager approved for the line (`null` before).
    pub approved_fen: Option<i64>,
    /// The manager allowed the line above its standard.
    pub allow_over_standard: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimDto {
    pub id: i64,
    pub owner_id: i64,
    pub owner_name: String,
    pub plan_id: Option<i64>,
    pub advance_id: Option<i64>,
    pub state: ClaimState,
    pub version: i64,
    pub total_fen: i64,
    /// The approved total (`null` before the manager's approval).
    pub approved_fen: Option<i64>,
    /// Taken from the advance when paid.
    pub offset_fen: i64,
    /// What is paid out: approved − offset.
    pub payable_fen: Option<i64>,
    pub payment_ref: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
    /// Who approved first (the owner's manager) and second (finance): two people.
    pub manager_approved_by: Option<i64>,
    pub finance_approved_by: Option<i64>,
    pub paid_at: Option<DateTime<Utc>>,
    pub lines: Vec<ClaimLineDto>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A line's decision in the manager's approval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LineApproval {
    pub id: i64,
    /// The amount approved for the line (cut); at most its amount.
    #[serde(default)]
    #[validate(range(min = 0, max = 10_000_000_000_i64))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10_000_000_000_i64))]
    pub approved_fen: Option<i64>,
    /// Approve the line above its standard (otherwise it is cut to the standard).
    #[serde(default)]
    pub allow_over_standard: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ApproveClaimRequest {
    pub version: i64,
    #[serde(default)]
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub comment: Option<String>,
    /// The manager's per-line decisions (finance approves the claim as the manager left it).
    #[serde(default)]
    #[validate(length(max = 200), nested)]
    #[cfg_attr(feature = "openapi", schema(max_items = 200))]
    pub lines: Vec<LineApproval>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RejectRequest {
    pub version: i64,
    #[validate(
        length(min = 1, max = 2000),
        custom(function = "crate::validation::not_blank")
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 2000, pattern = r"\S")
    )]
    pub reason: String,
}

/// `submit` and `cancel`: the version the caller saw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct VersionRequest {
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PayRequest {
    pub version: i64,
    /// The bank's or cashier's reference for the payment.
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::validation::not_blank")
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 100, pattern = r"\S")
    )]
    pub payment_ref: String,
}

/// `POST /expense-claims/pay`: several claims paid in one transaction (all or none).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BulkPayRequest {
    #[validate(length(min = 1, max = 500))]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 500))]
    pub ids: Vec<i64>,
    /// The version seen of each claim, by id (as text keys, JSON objects have no others).
    pub version_by_id: std::collections::BTreeMap<String, i64>,
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::validation::not_blank")
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 100, pattern = r"\S")
    )]
    pub payment_ref: String,
}

/// Filters for `GET /expense-claims`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ClaimListQuery {
    pub owner_id: Option<i64>,
    #[cfg_attr(feature = "openapi", param(inline))]
    pub state: Option<ClaimState>,
    /// The approval inbox: claims the caller may approve now (never their own).
    pub to_approve: Option<bool>,
}

/// `POST /expense-claims/preview`: the lines checked as a submission would check them
/// (standards, flags, budgets), nothing stored. Line ids are 0.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimPreviewDto {
    pub total_fen: i64,
    pub lines: Vec<ClaimLineDto>,
    /// The periods and categories the claim would take over budget.
    pub excess: Vec<BudgetExcess>,
}

/// One period's category over its budget, for a refused submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BudgetExcess {
    /// `2026-W49` (an approved plan's week) or `2026-12` (the monthly budget).
    pub period: String,
    pub category: ExpenseCategory,
    /// The budget with approved supplements.
    pub budget_fen: i64,
    /// Already claimed in the period by the owner's other claims (submitted or later).
    pub used_fen: i64,
    /// This claim's lines in the period.
    pub requested_fen: i64,
}

/// The claim rules a line can break, in the order a refused submission names them.
pub const SUBMIT_RULES: [LineFlag; 3] = [
    LineFlag::FalseVisit,
    LineFlag::NoReceipt,
    LineFlag::OverBudget,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Role;
    use crate::workflow::{Refusal, Standing};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap_or_default()
    }

    fn std(
        id: i64,
        tier: Option<i32>,
        role: Option<StandardRole>,
        from: &str,
        fen: i64,
    ) -> Standard {
        Standard {
            id,
            category: ExpenseCategory::Travel,
            amount_fen: fen,
            unit: StandardUnit::PerNight,
            city_tier: tier,
            role,
            effective_from: d(from),
        }
    }

    #[test]
    fn the_most_specific_standard_in_force_wins() {
        let all = [
            std(1, None, None, "2026-01-01", 30_000),
            std(2, Some(1), None, "2026-01-01", 50_000),
            std(
                3,
                Some(1),
                Some(StandardRole::Manager),
                "2026-01-01",
                60_000,
            ),
            std(4, None, None, "2026-12-01", 35_000),
            std(5, Some(2), None, "2027-01-01", 45_000),
        ];
        let pick = |date, tier, role| {
            standard_for(&all, ExpenseCategory::Travel, d(date), tier, role).map(|s| s.id)
        };
        assert_eq!(pick("2026-06-01", None, StandardRole::Salesperson), Some(1));
        assert_eq!(pick("2026-12-05", None, StandardRole::Salesperson), Some(4));
        assert_eq!(
            pick("2026-12-05", Some(1), StandardRole::Salesperson),
            Some(2)
        );
        assert_eq!(pick("2026-12-05", Some(1), StandardRole::Manager), Some(3));
        // Tier 2's own standard only from 2027; before, the general one.
        assert_eq!(
            pick("2026-12-05", Some(2), StandardRole::Salesperson),
            Some(4)
        );
        assert_eq!(
            pick("2027-02-01", Some(2), StandardRole::Salesperson),
            Some(5)
        );
        assert_eq!(pick("2025-12-31", None, StandardRole::Salesperson), None);
        assert_eq!(
            standard_for(
                &all,
                ExpenseCategory::PerDiem,
                d("2026-12-05"),
                None,
                StandardRole::Salesperson
            ),
            None
        );
    }

    #[test]
    fn allowances_per_unit_and_per_month() {
        let night = std(1, None, None, "2026-01-01", 30_000);
        assert_eq!(allowance(&night, 3, 0), Some(90_000));
        let month = Standard {
            unit: StandardUnit::PerMonth,
            ..night
        };
        assert_eq!(allowance(&month, 1, 10_000), Some(20_000));
        assert_eq!(allowance(&month, 1, 40_000), Some(0));
    }

    #[test]
    fn two_people_approve_and_nobody_their_own() {
        let manager = Standing {
            is_owner: false,
            manages_owner: true,
            roles: &[Role::Manager],
        };
        let finance = Standing {
            is_owner: false,
            manages_owner: false,
            roles: &[Role::Finance],
        };
        let own = Standing {
            is_owner: true,
            manages_owner: false,
            roles: &[Role::Manager, Role::Finance],
        };
        use ClaimAction as A;
        use ClaimState as S;
        assert_eq!(
            CLAIM_FLOW.decide(S::Submitted, A::Approve, &manager),
            Ok(S::ManagerApproved)
        );
        assert!(matches!(
            CLAIM_FLOW.decide(S::Submitted, A::Approve, &finance),
            Err(Refusal::InvalidState { .. })
        ));
        assert_eq!(
            CLAIM_FLOW.decide(S::ManagerApproved, A::Approve, &finance),
            Ok(S::FinanceApproved)
        );
        assert!(matches!(
            CLAIM_FLOW.decide(S::ManagerApproved, A::Approve, &own),
            Err(Refusal::Forbidden(_))
        ));
        assert_eq!(
            CLAIM_FLOW.decide(S::FinanceApproved, A::Pay, &finance),
            Ok(S::Paid)
        );
        assert_eq!(
            CLAIM_FLOW.decide(S::Submitted, A::Cancel, &own),
            Ok(S::Cancelled)
        );
        assert!(
            CLAIM_FLOW
                .decide(S::ManagerApproved, A::Cancel, &own)
                .is_err()
        );
        assert!(S::Paid.counts() && !S::Rejected.counts() && !S::Draft.counts());
    }

    #[test]
    fn a_monthly_cap_is_shared_and_a_cut_stops_at_the_standard() {
        let cap = Standard {
            unit: StandardUnit::PerMonth,
            category: ExpenseCategory::Communication,
            ..std(1, None, None, "2026-01-01", 30_000)
        };
        let line = |date: &str, fen| LineBasics {
            date: d(date),
            category: ExpenseCategory::Communication,
            amount_fen: fen,
            quantity: 1,
            city_tier: None,
        };
        let mut used = BTreeMap::new();
        used.insert(
            (Month::of(d("2026-12-01")), ExpenseCategory::Communication),
            10_000,
        );
        let got = allowances(
            &[cap],
            &[
                line("2026-12-02", 15_000),
                line("2026-12-20", 15_000),
                line("2027-01-02", 1),
            ],
            StandardRole::Salesperson,
            &used,
        );
        assert_eq!(got, vec![Some(20_000), Some(5_000), Some(30_000)]);
        assert_eq!(over_standard(15_000, Some(5_000)), 10_000);
        assert_eq!(over_standard(15_000, None), 0);
        assert_eq!(approved_amount(15_000, Some(5_000), None, false), Ok(5_000));
        assert_eq!(approved_amount(15_000, Some(5_000), None, true), Ok(15_000));
        assert_eq!(
            approved_amount(15_000, Some(5_000), Some(3_000), false),
            Ok(3_000)
        );
        assert!(approved_amount(15_000, None, Some(15_001), false).is_err());
        assert_eq!(
            line_flags(60_000, Some(50_000), true, true, 0, 50_000),
            vec![
                LineFlag::OverStandard,
                LineFlag::OverBudget,
                LineFlag::FalseVisit,
                LineFlag::NoReceipt
            ]
        );
        assert!(line_flags(50_000, Some(50_000), false, false, 0, 50_000).is_empty());
    }
}

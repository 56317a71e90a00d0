//! Money out (费用): expense standards (费用标准), expense claims (报销单) with their lines and
//! receipts, and the rules a claim is checked by (SPEC §8). Amounts are integer 分.
//!
//! Budgets and supplements are in `budgets`, cash advances in `advances`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::plans::ExpenseCategory;
use crate::text_enum;
use crate::workflow::Flow;

mod standards;
pub use standards::*;

/// The most one amount may be: ¥100,000,000.00.
pub const MAX_AMOUNT_FEN: i64 = 10_000_000_000;
/// A line above this needs a receipt (500 元) unless configured otherwise.
pub const DEFAULT_RECEIPT_THRESHOLD_FEN: i64 = 50_000;
/// The most lines one claim holds.
pub const MAX_LINES: u64 = 200;

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
pub const CLAIM_FLOW: Flow<ClaimState, ClaimAction> =
    crate::payment_flow!(ClaimState, ClaimAction, "expense_claim", "expense claim");

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
mod tests;

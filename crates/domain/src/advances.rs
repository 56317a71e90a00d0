//! Cash advances (借支), SPEC §8: requested against an approved plan, approved by the owner's
//! manager then finance, paid, later offset by the owner's paid claims, and the balance repaid.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::text_enum;
use crate::workflow::Flow;

text_enum! {
    pub enum AdvanceState {
        Draft = "draft",
        Submitted = "submitted",
        ManagerApproved = "manager_approved",
        FinanceApproved = "finance_approved",
        Paid = "paid",
        Rejected = "rejected",
        Cancelled = "cancelled",
    }
}

text_enum! {
    pub enum AdvanceAction {
        Edit = "edit",
        Submit = "submit",
        Approve = "approve",
        Reject = "reject",
        Pay = "pay",
        Cancel = "cancel",
    }
}

/// The advance's workflow, the claim's shape: the owner's manager approves first, finance
/// second (two people, never the owner), finance pays.
pub const ADVANCE_FLOW: Flow<AdvanceState, AdvanceAction> =
    crate::payment_flow!(AdvanceState, AdvanceAction, "advance", "advance");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdvanceDto {
    pub id: i64,
    pub owner_id: i64,
    pub owner_name: String,
    pub plan_id: i64,
    pub amount_fen: i64,
    pub reason: String,
    pub state: AdvanceState,
    pub version: i64,
    pub payment_ref: Option<String>,
    pub paid_at: Option<DateTime<Utc>>,
    /// Offset by the owner's paid claims.
    pub offset_fen: i64,
    /// Repaid by the owner.
    pub repaid_fen: i64,
    /// Paid − offset − repaid (0 before it is paid).
    pub balance_fen: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AdvanceRequest {
    /// The owner's approved plan the advance is for.
    pub plan_id: i64,
    #[validate(range(min = 1, max = 10_000_000_000_i64))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 10_000_000_000_i64))]
    pub amount_fen: i64,
    #[validate(
        length(min = 1, max = 2000),
        custom(function = "crate::validation::not_blank")
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 2000, pattern = r"\S")
    )]
    pub reason: String,
    /// The version the caller saw (PATCH only).
    #[serde(default)]
    pub version: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RepaymentRequest {
    #[validate(range(min = 1, max = 10_000_000_000_i64))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 10_000_000_000_i64))]
    pub amount_fen: i64,
    #[serde(default)]
    #[validate(length(max = 500))]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RepaymentDto {
    pub id: i64,
    pub advance_id: i64,
    pub amount_fen: i64,
    pub note: Option<String>,
    pub recorded_by: i64,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AdvanceListQuery {
    pub owner_id: Option<i64>,
    #[cfg_attr(feature = "openapi", param(inline))]
    pub state: Option<AdvanceState>,
    /// The approval inbox: advances the caller may approve now.
    pub to_approve: Option<bool>,
}

/// An advance's balance: what was paid out less the claims that offset it and what was paid
/// back; zero before it is paid, never below zero.
pub fn balance(paid_fen: i64, offset_fen: i64, repaid_fen: i64) -> i64 {
    paid_fen
        .saturating_sub(offset_fen)
        .saturating_sub(repaid_fen)
        .max(0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn balances_never_go_below_zero() {
        assert_eq!(super::balance(100_000, 30_000, 20_000), 50_000);
        assert_eq!(super::balance(100_000, 100_000, 0), 0);
        assert_eq!(super::balance(0, 0, 0), 0);
    }
}

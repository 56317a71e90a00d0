//! Contracts (合同签订): the review workflow, the payment schedule and payments received.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::text_enum;
use crate::workflow::{Flow, Party, Step};

/// The most one contract may be worth: ¥100,000,000,000.00.
pub const MAX_CONTRACT_FEN: i64 = 10_000_000_000_000;
/// The most lines a payment schedule holds.
pub const MAX_SCHEDULE_LINES: u64 = 120;

text_enum! {
    /// Where a contract is (合同状态).
    pub enum ContractState {
        /// 草稿: being written, or a new revision of a signed contract.
        Drafted = "drafted",
        /// 审核中: waiting for the owner's manager or finance.
        InReview = "in_review",
        /// 审核通过: the owner may sign it.
        Approved = "approved",
        /// 已签订: locked; a change is a new revision, reviewed again.
        Signed = "signed",
        /// 已驳回: back to the owner with the reason; editing makes it a draft again.
        Rejected = "rejected",
        /// 已作废: withdrawn by the owner before it was ever signed.
        Cancelled = "cancelled",
    }
}

text_enum! {
    pub enum ContractAction {
        Edit = "edit",
        Submit = "submit",
        Approve = "approve",
        Reject = "reject",
        Sign = "sign",
        Cancel = "cancel",
    }
}

/// The contract's review: the owner writes and submits; the owner's manager or finance —
/// never the owner — approves or rejects; the owner signs once approved. Editing a signed
/// contract starts a new revision while the signed one stays in force.
pub const CONTRACT_FLOW: Flow<ContractState, ContractAction> = Flow {
    document: "contract",
    label: "contract",
    steps: &[
        Step {
            action: ContractAction::Edit,
            from: &[
                ContractState::Drafted,
                ContractState::Rejected,
                ContractState::Signed,
            ],
            to: ContractState::Drafted,
            by: &[Party::Owner],
        },
        Step {
            action: ContractAction::Submit,
            from: &[ContractState::Drafted, ContractState::Rejected],
            to: ContractState::InReview,
            by: &[Party::Owner],
        },
        Step {
            action: ContractAction::Approve,
            from: &[ContractState::InReview],
            to: ContractState::Approved,
            by: &[Party::Manager, Party::Finance],
        },
        Step {
            action: ContractAction::Reject,
            from: &[ContractState::InReview],
            to: ContractState::Rejected,
            by: &[Party::Manager, Party::Finance],
        },
        Step {
            action: ContractAction::Sign,
            from: &[ContractState::Approved],
            to: ContractState::Signed,
            by: &[Party::Owner],
        },
        Step {
            action: ContractAction::Cancel,
            from: &[
                ContractState::Drafted,
                ContractState::InReview,
                ContractState::Approved,
                ContractState::Rejected,
            ],
            to: ContractState::Cancelled,
            by: &[Party::Owner],
        },
    ],
};

text_enum! {
    /// How a payment came in (回款方式).
    pub enum PaymentMethod {
        /// 银行转账.
        BankTransfer = "bank_transfer",
        /// 现金.
        Cash = "cash",
        /// 承兑汇票.
        AcceptanceBill = "acceptance_bill",
        Other = "other",
    }
}

/// One instalment of a payment schedule (付款计划).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ScheduleItem {
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub due_on: NaiveDate,
    #[validate(range(min = 1, max = 10_000_000_000_000_i64))]
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 1, maximum = 10_000_000_000_000_i64)
    )]
    pub amount_fen: i64,
    /// 预付款, 进度款, 质保金 …
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::validation::not_blank")
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 200, pattern = r"\S")
    )]
    pub label: String,
}

/// `POST /contracts` and `PATCH /contracts/{id}` (with `version`).
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContractRequest {
    pub client_id: i64,
    #[serde(default)]
    pub project_id: Option<i64>,
    /// The contract number (合同编号), unique.
    #[validate(
        length(min = 1, max = 64),
        custom(function = "crate::validation::not_blank")
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 64, pattern = r"\S")
    )]
    pub number: String,
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::validation::not_blank")
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 200, pattern = r"\S")
    )]
    pub title: String,
    #[validate(range(min = 1, max = 10_000_000_000_000_i64))]
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 1, maximum = 10_000_000_000_000_i64)
    )]
    pub amount_fen: i64,
    /// Adds up to `amount_fen` (422 naming `schedule`).
    #[validate(length(min = 1, max = 120), nested)]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 120))]
    pub schedule: Vec<ScheduleItem>,
    /// The version the caller saw (PATCH only).
    #[serde(default)]
    pub version: Option<i64>,
}

/// The schedule must add up to the contract's amount: the message says by how much it does
/// not (the server answers it as 422 naming `schedule`; the form shows it as you type).
pub fn check_schedule(amount_fen: i64, schedule: &[ScheduleItem]) -> Result<(), String> {
    match schedule_total(schedule) {
        Some(total) if total == amount_fen => Ok(()),
        Some(total) => Err(format!(
            "the schedule adds up to {} but the contract is for {}",
            crate::Fen(total),
            crate::Fen(amount_fen)
        )),
        None => Err("the schedule adds up to more than can be counted".to_owned()),
    }
}

/// What a schedule adds up to; `None` on overflow.
pub fn schedule_total(schedule: &[ScheduleItem]) -> Option<i64> {
    schedule
        .iter()
        .try_fold(0_i64, |sum, item| sum.checked_add(item.amount_fen))
}

/// A schedule line in force, with what has been received against it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScheduleLineDto {
    pub id: i64,
    pub position: i32,
    pub due_on: NaiveDate,
    pub amount_fen: i64,
    pub label: String,
    pub received_fen: i64,
    pub outstanding_fen: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContractDto {
    pub id: i64,
    pub client_id: i64,
    pub client_name: String,
    pub project_id: Option<i64>,
    /// The client's owner.
    pub owner_id: i64,
    pub owner_name: String,
    pub number: String,
    pub title: String,
    /// The working copy's amount and schedule (what is being reviewed, or what was signed).
    pub amount_fen: i64,
    pub schedule: Vec<ScheduleItem>,
    pub state: ContractState,
    pub version: i64,
    /// The revision being worked on (1 for a new contract).
    pub revision: i32,
    /// The signed revision in force, if any: its amount, its day and its lines.
    pub signed_revision: Option<i32>,
    pub signed_on: Option<NaiveDate>,
    pub signed_amount_fen: Option<i64>,
    pub lines: Vec<ScheduleLineDto>,
    pub received_fen: i64,
    /// Signed amount − received (0 before signing).
    pub outstanding_fen: i64,
    pub reviewed_by: Option<i64>,
    pub review_comment: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /contracts/{id}/sign`.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignRequest {
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub signed_on: NaiveDate,
    pub version: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ContractListQuery {
    pub client_id: Option<i64>,
    pub project_id: Option<i64>,
    pub owner_id: Option<i64>,
    #[cfg_attr(feature = "openapi", param(inline))]
    pub state: Option<ContractState>,
    /// The review inbox: contracts in review the caller may decide (never their own).
    pub to_review: Option<bool>,
}

/// `POST /contracts/{id}/payments` (finance).
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PaymentRequest {
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub received_on: NaiveDate,
    #[validate(range(min = 1, max = 10_000_000_000_000_i64))]
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 1, maximum = 10_000_000_000_000_i64)
    )]
    pub amount_fen: i64,
    pub method: PaymentMethod,
    /// The bank slip or bill number.
    #[serde(default)]
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub reference: Option<String>,
}

/// The part of a payment that went to one schedule line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AllocationDto {
    pub line_id: i64,
    pub amount_fen: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentDto {
    pub id: i64,
    pub contract_id: i64,
    pub received_on: NaiveDate,
    pub amount_fen: i64,
    pub method: PaymentMethod,
    pub reference: Option<String>,
    pub recorded_by: i64,
    pub allocations: Vec<AllocationDto>,
    pub created_at: DateTime<Utc>,
}

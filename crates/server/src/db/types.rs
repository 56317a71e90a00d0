//! Typed columns over the portable SQL types, written once for both backends.
//!
//! - The domain's text enums (`PlanState`, `Tier` …) read straight from `Text` columns; a row
//!   struct holds the enum, not a string. They are written with `.as_str()`.
//! - [`Json<T>`] reads a `Text` column holding JSON; [`json_text`] writes one.
//! - Dates (`NaiveDate`) read from `Text` columns holding `YYYY-MM-DD`; every date the API
//!   accepts lies in [`salesops_domain::dates`]' range, so the text sorts as the date does.
//!
//! A stored value that does not parse is never replaced by a default: reading it fails with
//! [`StoredValueError`], which `error.rs` answers as 500 with the request id after logging
//! the table, column, value and (where the loader knows it) the row's id.

use chrono::NaiveDate;
use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql};
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Text;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::db::MultiBackend;
use crate::error::{AppError, AppResult};

/// A stored value that the code cannot read: corrupt, or written by a newer version.
#[derive(Debug, thiserror::Error)]
#[error("stored value `{value}` in {column} is not a valid {ty}")]
pub struct StoredValueError {
    pub ty: &'static str,
    pub column: &'static str,
    pub value: String,
}

fn corrupt(
    ty: &'static str,
    column: &'static str,
    value: String,
) -> Box<dyn std::error::Error + Send + Sync> {
    Box::new(StoredValueError {
        ty,
        column,
        value: value.chars().take(80).collect(),
    })
}

/// Declares domain text enums as storable: `stored_text_enums! { PlanState => "plans.state" }`.
macro_rules! stored_text_enums {
    ($($ty:ty => $column:literal),* $(,)?) => {$(
        impl FromSql<Text, MultiBackend> for $ty {
            fn from_sql(bytes: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                let text = <String as FromSql<Text, MultiBackend>>::from_sql(bytes)?;
                text.parse::<$ty>()
                    .map_err(|_| corrupt(stringify!($ty), $column, text))
            }
        }

        impl diesel::deserialize::Queryable<Text, MultiBackend> for $ty {
            type Row = Self;
            fn build(row: Self) -> deserialize::Result<Self> {
                Ok(row)
            }
        }

        impl ToSql<Text, MultiBackend> for $ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
                <str as ToSql<Text, MultiBackend>>::to_sql(self.as_str(), out)
            }
        }
    )*};
}

use salesops_domain::Role;
use salesops_domain::advances::AdvanceState;
use salesops_domain::attendance::AttendanceKind;
use salesops_domain::budgets::SupplementState;
use salesops_domain::cases::CaseState;
use salesops_domain::clients::{Credit, SourceChannel, Stage, Tier};
use salesops_domain::deals::{ContractState, PaymentMethod, ProjectStage};
use salesops_domain::expenses::{ClaimState, StandardRole, StandardUnit};
use salesops_domain::follow_ups::{CollectionMethod, FollowUpKind};
use salesops_domain::jobs::JobState;
use salesops_domain::leavings::{AdvancesSettlement, LeavingState};
use salesops_domain::notifications::NotificationKind;
use salesops_domain::pay::PayItemKind;
use salesops_domain::plans::{ExpenseCategory, PlanKind, PlanState};
use salesops_domain::receipts::ReceiptType;
use salesops_domain::reports::ReportState;
use salesops_domain::scoring::improvement::{
    ImprovementKind, ImprovementOutcome, ImprovementState,
};
use salesops_domain::scoring::rubric::RubricRole;
use salesops_domain::scoring::score::ScoreState;
use salesops_domain::spot_checks::SpotCheckResult;
use salesops_domain::trainings::TrainingKind;
use salesops_domain::visits::VisitStatus;
use salesops_domain::webhooks::{DeliveryStatus, WebhookFormat};

stored_text_enums! {
    Role => "user_roles.role",
    JobState => "jobs.state",
    NotificationKind => "notifications.kind",
    SourceChannel => "clients.source",
    Stage => "clients.stage",
    Tier => "clients.tier",
    Credit => "clients.credit",
    FollowUpKind => "follow_ups.kind",
    CaseState => "cases.state",
    PlanKind => "plans.kind",
    PlanState => "plans.state",
    ReportState => "weekly_reports.state / monthly_reports.state",
    VisitStatus => "visits.status",
    SpotCheckResult => "spot_checks.result",
    ExpenseCategory => "a category column",
    StandardUnit => "expense_standards.unit",
    StandardRole => "expense_standards.role",
    ClaimState => "expense_claims.state",
    SupplementState => "budget_supplements.state",
    AdvanceState => "advances.state",
    ReceiptType => "receipts.content_type",
    ProjectStage => "projects.stage",
    ContractState => "contracts.state",
    PaymentMethod => "contract_payments.method",
    CollectionMethod => "follow_ups.method",
    AttendanceKind => "attendance.kind",
    TrainingKind => "trainings.kind",
    PayItemKind => "pay_items.kind",
    LeavingState => "leavings.state",
    AdvancesSettlement => "leavings.advances_settlement",
    RubricRole => "rubrics.role / scores.role",
    ScoreState => "scores.state",
    ImprovementKind => "improvement_plans.kind",
    ImprovementState => "improvement_plans.state",
    ImprovementOutcome => "improvement_plans.outcome",
    WebhookFormat => "webhooks.format",
    DeliveryStatus => "webhook_deliveries.status",
}

/// A calendar date in a `Text` column (`YYYY-MM-DD`).
impl FromSql<Text, MultiBackend> for NaiveDate {
    fn from_sql(bytes: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        let text = <String as FromSql<Text, MultiBackend>>::from_sql(bytes)?;
        NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .map_err(|_| corrupt("date", "a date column", text))
    }
}

/// A JSON document in a `Text` column, parsed when read.
#[derive(Debug, Clone, PartialEq, diesel::deserialize::FromSqlRow)]
pub struct Json<T>(pub T);

impl<T: DeserializeOwned + std::fmt::Debug> FromSql<Text, MultiBackend> for Json<T> {
    fn from_sql(bytes: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        let text = <String as FromSql<Text, MultiBackend>>::from_sql(bytes)?;
        serde_json::from_str(&text)
            .map(Json)
            .map_err(|_| corrupt(std::any::type_name::<T>(), "a JSON column", text))
    }
}

/// The JSON text to store for `value`.
pub fn json_text<T: Serialize>(value: &T) -> AppResult<String> {
    serde_json::to_string(value).map_err(|e| AppError::Internal(format!("cannot store JSON: {e}")))
}

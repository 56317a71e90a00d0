//! Work plans (工作计划): weekly (周计划) and monthly (月计划), their approval and revisions.
//!
//! The approved plan is the basis for advances, reimbursement and scoring, so its states and
//! history are exact: an approved plan is locked, and a change makes a new revision that needs
//! approval while the approved one stays in force.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::period::{IsoWeek, Month};
use crate::text_enum;
use crate::text_enum::InvalidTransition;
use crate::workflow::{Flow, Party, Step};

text_enum! {
    /// 周计划 or 月计划.
    pub enum PlanKind {
        Weekly = "weekly",
        Monthly = "monthly",
    }
}

text_enum! {
    /// Where a plan is in its approval.
    pub enum PlanState {
        /// 草稿: being written (or being changed after approval/rejection).
        Draft = "draft",
        /// 已提交: waiting for the manager.
        Submitted = "submitted",
        /// 已批准: in force and locked.
        Approved = "approved",
        /// 已驳回: returned with the manager's comment; editing makes it a draft again.
        Rejected = "rejected",
    }
}

text_enum! {
    /// What a plan's state can be asked to do.
    pub enum PlanAction {
        Edit = "edit",
        Submit = "submit",
        Approve = "approve",
        Reject = "reject",
    }
}

/// The plan's workflow: the owner writes and submits; the owner's manager (never the owner)
/// or an admin approves or rejects. Editing a rejected or approved plan makes it a draft
/// again (for an approved plan, a new revision while the approved one stays in force).
pub const PLAN_FLOW: Flow<PlanState, PlanAction> = Flow {
    document: "plan",
    label: "plan",
    steps: &[
        Step {
            action: PlanAction::Edit,
            from: &[PlanState::Draft, PlanState::Rejected, PlanState::Approved],
            to: PlanState::Draft,
            by: &[Party::Owner],
        },
        Step {
            action: PlanAction::Submit,
            from: &[PlanState::Draft, PlanState::Rejected],
            to: PlanState::Submitted,
            by: &[Party::Owner],
        },
        Step {
            action: PlanAction::Approve,
            from: &[PlanState::Submitted],
            to: PlanState::Approved,
            by: &[Party::Manager, Party::Admin],
        },
        Step {
            action: PlanAction::Reject,
            from: &[PlanState::Submitted],
            to: PlanState::Rejected,
            by: &[Party::Manager, Party::Admin],
        },
    ],
};

impl PlanState {
    /// The state `action` leads to, whoever takes it (who may is the flow's `decide`).
    pub fn apply(self, action: PlanAction) -> Result<PlanState, InvalidTransition> {
        PLAN_FLOW.next(self, action).ok_or(InvalidTransition {
            from: self.as_str(),
            to: action.as_str(),
        })
    }

    /// Whether the plan's content may be changed right now (submitted plans wait for a decision).
    pub fn editable(self) -> bool {
        self.apply(PlanAction::Edit).is_ok()
    }
}

text_enum! {
    /// Expense categories (费用类别), shared by plans' estimates, budgets and claims.
    pub enum ExpenseCategory {
        /// 差旅 (transport, lodging)
        Travel = "travel",
        /// 生活补贴
        PerDiem = "per_diem",
        /// 招待
        Entertainment = "entertainment",
        /// 通讯
        Communication = "communication",
        /// 业务拓展
        BusinessDevelopment = "business_development",
        Other = "other",
    }
}

/// The expense estimate of a plan, per category, in 分. The approved estimate is the budget
/// the plan authorises.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ExpenseEstimate {
    #[serde(default)]
    #[validate(range(min = 0_i64, max = 10_000_000_000_i64))]
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 0_i64, maximum = 10_000_000_000_i64)
    )]
    pub travel: i64,
    #[serde(default)]
    #[validate(range(min = 0_i64, max = 10_000_000_000_i64))]
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 0_i64, maximum = 10_000_000_000_i64)
    )]
    pub per_diem: i64,
    #[serde(default)]
    #[validate(range(min = 0_i64, max = 10_000_000_000_i64))]
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 0_i64, maximum = 10_000_000_000_i64)
    )]
    pub entertainment: i64,
    #[serde(default)]
    #[validate(range(min = 0_i64, max = 10_000_000_000_i64))]
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 0_i64, maximum = 10_000_000_000_i64)
    )]
    pub communication: i64,
    #[serde(default)]
    #[validate(range(min = 0_i64, max = 10_000_000_000_i64))]
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 0_i64, maximum = 10_000_000_000_i64)
    )]
    pub business_development: i64,
    #[serde(default)]
    #[validate(range(min = 0_i64, max = 10_000_000_000_i64))]
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 0_i64, maximum = 10_000_000_000_i64)
    )]
    pub other: i64,
}

impl ExpenseEstimate {
    pub fn total(&self) -> i64 {
        self.travel
            + self.per_diem
            + self.entertainment
            + self.communication
            + self.business_development
            + self.other
    }

    pub fn get(&self, c: ExpenseCategory) -> i64 {
        match c {
            ExpenseCategory::Travel => self.travel,
            ExpenseCategory::PerDiem => self.per_diem,
            ExpenseCategory::Entertainment => self.entertainment,
            ExpenseCategory::Communication => self.communication,
            ExpenseCategory::BusinessDevelopment => self.business_development,
            ExpenseCategory::Other => self.other,
        }
    }
}

pub const DEFAULT_CALLS_PER_DAY: i32 = 30;
pub const DEFAULT_VISITS_PER_WEEK: i32 = 20;

/// A plan's period: the week or month it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Week(IsoWeek),
    Month(Month),
}

impl Period {
    /// Parses `period` for `kind` (`2026-W48` for weekly, `2026-11` for monthly).
    pub fn parse(kind: PlanKind, period: &str) -> Option<Period> {
        match kind {
            PlanKind::Weekly => period.parse().ok().map(Period::Week),
            PlanKind::Monthly => period.parse().ok().map(Period::Month),
        }
    }

    pub fn first_day(self) -> NaiveDate {
        match self {
            Period::Week(w) => w.monday(),
            Period::Month(m) => m.first_day(),
        }
    }

    pub fn last_day(self) -> NaiveDate {
        match self {
            Period::Week(w) => w.sunday(),
            Period::Month(m) => m.last_day(),
        }
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        self.first_day() <= date && date <= self.last_day()
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Period::Week(w) => w.fmt(f),
            Period::Month(m) => m.fmt(f),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanDto {
    pub id: i64,
    pub owner_id: i64,
    pub kind: PlanKind,
    /// `2026-W48` or `2026-11`.
    pub period: String,
    pub state: PlanState,
    /// Changes on every write; approve and reject must send the version they saw.
    pub version: i64,
    /// The revision being worked on (1 for a new plan).
    pub revision: i32,
    /// The approved revision in force, if any.
    pub approved_revision: Option<i32>,
    pub calls_per_day: i32,
    pub visits_per_week: i32,
    pub new_clients: i32,
    /// Monthly plans: the sales target in 分.
    pub sales_target: Option<i64>,
    pub other_tasks: Option<String>,
    pub expense_estimate: ExpenseEstimate,
    pub submitted_at: Option<DateTime<Utc>>,
    /// Submitted after the deadline (Monday 09:00 of the plan's week, business time zone).
    pub late: bool,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTime<Utc>>,
    /// The manager's comment on the last decision (required for a rejection).
    pub decision_comment: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreatePlanRequest {
    pub kind: PlanKind,
    #[validate(custom(function = "crate::period::valid_period"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "2026-W48",
            pattern = r"^((20[0-9]{2}|2100)-(W(0[1-9]|[1-4][0-9]|5[0-2])|0[1-9]|1[0-2])|(2004|2009|2015|2020|2026|2032|2037|2043|2048|2054|2060|2065|2071|2076|2082|2088|2093|2099)-W53)$"
        )
    )]
    pub period: String,
    /// Whose plan (defaults to the caller; a manager may open one for a team member).
    #[serde(default)]
    pub owner_id: Option<i64>,
    #[serde(default)]
    #[validate(range(min = 0, max = 1000))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000))]
    pub calls_per_day: Option<i32>,
    #[serde(default)]
    #[validate(range(min = 0, max = 1000))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000))]
    pub visits_per_week: Option<i32>,
    #[serde(default)]
    #[validate(range(min = 0, max = 10000))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10000))]
    pub new_clients: Option<i32>,
    #[serde(default)]
    #[validate(range(min = 0_i64, max = 10_000_000_000_000_i64))]
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 0_i64, maximum = 10_000_000_000_000_i64)
    )]
    pub sales_target: Option<i64>,
    #[serde(default)]
    #[validate(length(max = 4000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub other_tasks: Option<String>,
    #[serde(default)]
    #[validate(nested)]
    pub expense_estimate: Option<ExpenseEstimate>,
}

/// PATCH body for a plan's content. Changing an approved plan starts a new revision.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdatePlanRequest {
    #[serde(default)]
    #[validate(range(min = 0, max = 1000))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000))]
    pub calls_per_day: Option<i32>,
    #[serde(default)]
    #[validate(range(min = 0, max = 1000))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000))]
    pub visits_per_week: Option<i32>,
    #[serde(default)]
    #[validate(range(min = 0, max = 10000))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10000))]
    pub new_clients: Option<i32>,
    #[serde(default)]
    #[validate(range(min = 0_i64, max = 10_000_000_000_000_i64))]
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 0_i64, maximum = 10_000_000_000_000_i64)
    )]
    pub sales_target: Option<i64>,
    #[serde(default)]
    #[validate(length(max = 4000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub other_tasks: Option<String>,
    #[serde(default)]
    #[validate(nested)]
    pub expense_estimate: Option<ExpenseEstimate>,
    /// When sent, must equal the plan's version (409 otherwise).
    #[serde(default)]
    pub version: Option<i64>,
}

/// Approve: carries the version the manager saw, so two managers cannot both decide.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ApprovePlanRequest {
    pub version: i64,
    #[serde(default)]
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RejectPlanRequest {
    pub version: i64,
    /// Why, so the salesperson can fix it. Required.
    #[validate(
        length(min = 1, max = 2000),
        custom(function = "crate::validation::not_blank")
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 2000, pattern = r"\S")
    )]
    pub comment: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SubmitPlanRequest {
    /// When sent, must equal the plan's version.
    #[serde(default)]
    pub version: Option<i64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PlanListQuery {
    pub owner_id: Option<i64>,
    pub kind: Option<PlanKind>,
    #[validate(custom(function = "crate::period::valid_period"))]
    #[cfg_attr(
        feature = "openapi",
        param(
            pattern = r"^((20[0-9]{2}|2100)-(W(0[1-9]|[1-4][0-9]|5[0-2])|0[1-9]|1[0-2])|(2004|2009|2015|2020|2026|2032|2037|2043|2048|2054|2060|2065|2071|2076|2082|2088|2093|2099)-W53)$"
        )
    )]
    pub period: Option<String>,
    pub state: Option<PlanState>,
    /// `true`: only plans the caller may decide on (their team members', not their own).
    pub to_review: Option<bool>,
}

/// What a revision contained when it was submitted: what the manager approved or rejected.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanSnapshot {
    pub calls_per_day: i32,
    pub visits_per_week: i32,
    pub new_clients: i32,
    pub sales_target: Option<i64>,
    pub other_tasks: Option<String>,
    pub expense_estimate: ExpenseEstimate,
    pub visits: Vec<SnapshotVisit>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SnapshotVisit {
    pub visit_id: i64,
    pub client_id: i64,
    pub planned_date: NaiveDate,
    pub purpose: Option<String>,
}

/// One difference between two revisions, for the manager deciding on a change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanChange {
    /// `calls_per_day`, `expense_estimate.travel`, `visit` …
    pub field: String,
    /// The value before: any JSON value, `null` when the field or visit was not there.
    pub before: serde_json::Value,
    /// The value after: any JSON value, `null` when the field or visit is gone.
    pub after: serde_json::Value,
}

/// What changed from `old` (the revision in force) to `new`.
pub fn diff(old: &PlanSnapshot, new: &PlanSnapshot) -> Vec<PlanChange> {
    use serde_json::{Value, json};
    let mut out = Vec::new();
    let mut field = |name: &str, a: Value, b: Value| {
        if a != b {
            out.push(PlanChange {
                field: name.to_owned(),
                before: a,
                after: b,
            });
        }
    };
    field(
        "calls_per_day",
        json!(old.calls_per_day),
        json!(new.calls_per_day),
    );
    field(
        "visits_per_week",
        json!(old.visits_per_week),
        json!(new.visits_per_week),
    );
    field(
        "new_clients",
        json!(old.new_clients),
        json!(new.new_clients),
    );
    field(
        "sales_target",
        json!(old.sales_target),
        json!(new.sales_target),
    );
    field(
        "other_tasks",
        json!(old.other_tasks),
        json!(new.other_tasks),
    );
    for c in ExpenseCategory::ALL {
        field(
            &format!("expense_estimate.{}", c.as_str()),
            json!(old.expense_estimate.get(*c)),
            json!(new.expense_estimate.get(*c)),
        );
    }
    for v in &old.visits {
        match new.visits.iter().find(|n| n.visit_id == v.visit_id) {
            None => field("visit", json!(v), Value::Null),
            Some(n) if n != v => field("visit", json!(v), json!(n)),
            Some(_) => {}
        }
    }
    for n in &new.visits {
        if !old.visits.iter().any(|v| v.visit_id == n.visit_id) {
            field("visit", Value::Null, json!(n));
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanRevisionDto {
    pub revision: i32,
    pub state: PlanState,
    pub snapshot: PlanSnapshot,
    pub submitted_at: DateTime<Utc>,
    pub late: bool,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTime<Utc>>,
    pub comment: Option<String>,
}

/// Every revision, and what the current working copy changes against the one in force.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanRevisionsDto {
    pub plan_id: i64,
    pub approved_revision: Option<i32>,
    pub revisions: Vec<PlanRevisionDto>,
    /// The working copy against the approved revision (empty when nothing is approved yet).
    pub changes: Vec<PlanChange>,
}

/// Completion rate = done planned visits / planned visits, in per mille (0–1000), or `None`
/// when nothing was planned.
pub fn completion_permille(done: i64, planned: i64) -> Option<i64> {
    (planned > 0).then(|| (done * 1000 / planned).min(1000))
}

#[cfg(test)]
mod tests {
    use super::*;
    use PlanAction as A;
    use PlanState as S;

    #[test]
    fn every_transition() {
        let legal = [
            (S::Draft, A::Edit, S::Draft),
            (S::Draft, A::Submit, S::Submitted),
            (S::Submitted, A::Approve, S::Approved),
            (S::Submitted, A::Reject, S::Rejected),
            (S::Rejected, A::Edit, S::Draft),
            (S::Rejected, A::Submit, S::Submitted),
            (S::Approved, A::Edit, S::Draft),
        ];
        for from in S::ALL {
            for action in PlanAction::ALL {
                let expected = legal
                    .iter()
                    .find(|(f, a, _)| f == from && a == action)
                    .map(|(_, _, to)| *to);
                match (from.apply(*action), expected) {
                    (Ok(to), Some(e)) => assert_eq!(to, e, "{from} {action}"),
                    (Err(err), None) => assert_eq!(err.from, from.as_str()),
                    (got, e) => panic!("{from} {action}: got {got:?}, expected {e:?}"),
                }
            }
        }
        assert!(!S::Submitted.editable());
        assert!(S::Approved.editable());
    }

    #[test]
    fn diff_names_what_changed() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default();
        let old = PlanSnapshot {
            calls_per_day: 30,
            visits: vec![SnapshotVisit {
                visit_id: 1,
                client_id: 7,
                planned_date: date,
                purpose: None,
            }],
            ..Default::default()
        };
        let mut new = old.clone();
        new.calls_per_day = 40;
        new.expense_estimate.travel = 50_000;
        new.visits.push(SnapshotVisit {
            visit_id: 2,
            client_id: 8,
            planned_date: date,
            purpose: Some("demo".into()),
        });
        let changes = diff(&old, &new);
        let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(
            fields,
            vec!["calls_per_day", "expense_estimate.travel", "visit"]
        );
        assert!(diff(&old, &old).is_empty());
    }

    #[test]
    fn periods_by_kind() {
        assert!(matches!(
            Period::parse(PlanKind::Weekly, "2026-W48"),
            Some(Period::Week(_))
        ));
        assert!(Period::parse(PlanKind::Weekly, "2026-11").is_none());
        assert!(matches!(
            Period::parse(PlanKind::Monthly, "2026-11"),
            Some(Period::Month(_))
        ));
        assert_eq!(completion_permille(3, 4), Some(750));
        assert_eq!(completion_permille(0, 0), None);
    }
}

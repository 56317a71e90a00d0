//! The monthly score (月度考核) as a document: its lines, its workflow and what the API says.
//!
//! A score is computed as a draft from the rubric in force and the month's records, adjusted
//! by the manager (each adjustment with its note), discussed with the person (讲评) and
//! finalized; the person acknowledges or disputes it, and a dispute is resolved by the
//! manager's manager or HR. Points are kept in integer tenths; the DTO shows them with their
//! one decimal.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use super::rubric::{RubricItem, RubricRole, Source};
use super::{Tenths, monthly_total};
use crate::text_enum;
use crate::workflow::{Flow, Party, Step};

pub use super::score_requests::*;

text_enum! {
    pub enum ScoreState {
        /// 草稿: computed, being adjusted.
        Draft = "draft",
        /// 已定稿: discussed and locked.
        Finalized = "finalized",
        /// 已确认: the person accepted it.
        Acknowledged = "acknowledged",
        /// 有异议: the person disputes it.
        Disputed = "disputed",
    }
}

text_enum! {
    pub enum ScoreAction {
        /// Refresh the computed items from the records (a draft only).
        Recompute = "recompute",
        /// Enter manual items or override computed ones, each with a note.
        Adjust = "adjust",
        /// 讲评 done: lock the score.
        Finalize = "finalize",
        Acknowledge = "acknowledge",
        Dispute = "dispute",
        /// Decide a dispute: back to finalized, with or without changes.
        Resolve = "resolve",
        /// HR unlocks a score (back to draft).
        Reopen = "reopen",
    }
}

use ScoreAction as A;
use ScoreState as S;

/// The score's workflow. `Manager` is the person's manager chain: for a manager scored, the
/// manager's manager (admin for a manager at the top of the tree). Resolving is further refused to whoever finalized the score (the
/// dispute goes over their head), checked in the step's effect.
#[rustfmt::skip]
pub const SCORE_FLOW: Flow<ScoreState, ScoreAction> = Flow {
    document: "score",
    label: "score",
    steps: &[
        Step { action: A::Recompute, from: &[S::Draft], to: S::Draft, by: &[Party::Manager, Party::Hr, Party::Admin] },
        Step { action: A::Adjust, from: &[S::Draft], to: S::Draft, by: &[Party::Manager, Party::Admin] },
        Step { action: A::Finalize, from: &[S::Draft], to: S::Finalized, by: &[Party::Manager, Party::Admin] },
        Step { action: A::Acknowledge, from: &[S::Finalized], to: S::Acknowledged, by: &[Party::Owner] },
        Step { action: A::Dispute, from: &[S::Finalized], to: S::Disputed, by: &[Party::Owner] },
        Step { action: A::Resolve, from: &[S::Disputed], to: S::Finalized, by: &[Party::Manager, Party::Hr] },
        Step { action: A::Reopen, from: &[S::Finalized, S::Acknowledged, S::Disputed], to: S::Draft, by: &[Party::Hr] },
    ],
};

/// Whether a score in `state` counts as the month's result (annual average, alerts, pay):
/// once finalized, whatever the person then said.
pub fn counts(state: ScoreState) -> bool {
    state != ScoreState::Draft
}

/// One record a deduction rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Evidence {
    /// `weekly_report`, `visit`, `spot_check`, `monthly_report`, `training`, `score`, `week` …
    pub entity_type: String,
    /// The record's id (0 for a period without a record, such as a missing week).
    pub entity_id: i64,
    /// What it shows, in words (`2026-W49 missing`).
    pub label: String,
}

/// What the computation found for a computed item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Computed {
    pub occurrences: i64,
    pub points: Tenths,
    pub evidence: Vec<Evidence>,
}

/// A manager's adjustment of one item, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredAdjustment {
    pub occurrences: Option<i64>,
    pub points: Option<Tenths>,
    pub note: String,
    pub by: i64,
    pub at: DateTime<Utc>,
}

/// One line of a score, as stored (tenths).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreLine {
    pub code: String,
    pub title_zh: String,
    pub title_en: String,
    pub group: String,
    pub max_points: Tenths,
    pub deduction_per_occurrence: Tenths,
    pub source: Source,
    /// What the records say (manual items: 0 occurrences, full points).
    pub computed: Computed,
    pub adjustment: Option<StoredAdjustment>,
}

impl ScoreLine {
    /// A line of `item` with what was computed for it.
    pub fn new(item: &RubricItem, computed: Computed) -> ScoreLine {
        ScoreLine {
            code: item.code.clone(),
            title_zh: item.title_zh.clone(),
            title_en: item.title_en.clone(),
            group: item.group.clone(),
            max_points: item.max_points * 10,
            deduction_per_occurrence: item.deduction_per_occurrence * 10,
            source: item.source,
            computed,
            adjustment: None,
        }
    }

    /// The occurrences that count: the adjustment's when it sets them.
    pub fn occurrences(&self) -> i64 {
        self.adjustment
            .as_ref()
            .and_then(|a| a.occurrences)
            .unwrap_or(self.computed.occurrences)
    }

    /// The points that count: an adjustment's points; else, for occurrences set by hand, the
    /// maximum less the deduction per occurrence each (not below 0); else the computed points.
    pub fn points(&self) -> Tenths {
        match &self.adjustment {
            Some(StoredAdjustment {
                points: Some(p), ..
            }) => *p,
            Some(StoredAdjustment {
                occurrences: Some(n),
                ..
            }) => (self.max_points - self.deduction_per_occurrence.saturating_mul(*n)).max(0),
            _ => self.computed.points,
        }
    }
}

/// The daily-work score: the sum of the lines' points, at most 100.
pub fn daily_work(lines: &[ScoreLine]) -> Tenths {
    lines
        .iter()
        .map(ScoreLine::points)
        .sum::<Tenths>()
        .clamp(0, super::FULL)
}

/// (daily work, total) of the lines with the month's attendance.
pub fn totals(lines: &[ScoreLine], attendance: Tenths) -> (Tenths, Tenths) {
    let daily = daily_work(lines);
    (daily, monthly_total(daily, attendance))
}

/// Points as the API shows them: one decimal.
pub fn points(tenths: Tenths) -> f64 {
    tenths as f64 / 10.0
}

/// Points sent by a client (`12.5`) in tenths, when they carry at most one decimal.
pub fn tenths_of(points: f64) -> Option<Tenths> {
    let t = points * 10.0;
    let r = t.round();
    if points.is_finite() && (t - r).abs() < 1e-6 && r.abs() <= 10_000.0 {
        Some(r as Tenths)
    } else {
        None
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdjustmentDto {
    /// The points the adjustment gives the item.
    pub points: f64,
    /// The occurrences entered, when the adjustment counted them.
    pub occurrences: Option<i64>,
    pub note: String,
    pub by: i64,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreItemDto {
    pub code: String,
    /// The title in Chinese (`title_en` in English).
    pub title: String,
    pub title_en: String,
    pub group: String,
    pub max_points: f64,
    pub occurrences: i64,
    /// max_points − points.
    pub deduction: f64,
    pub points: f64,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "computed:weekly_reports"))]
    pub source: Source,
    /// The records behind the deduction.
    pub evidence: Vec<Evidence>,
    pub adjustment: Option<AdjustmentDto>,
}

impl ScoreLine {
    pub fn to_dto(&self) -> ScoreItemDto {
        let pts = self.points();
        ScoreItemDto {
            code: self.code.clone(),
            title: self.title_zh.clone(),
            title_en: self.title_en.clone(),
            group: self.group.clone(),
            max_points: points(self.max_points),
            occurrences: self.occurrences(),
            deduction: points(self.max_points - pts),
            points: points(pts),
            source: self.source,
            evidence: self.computed.evidence.clone(),
            adjustment: self.adjustment.as_ref().map(|a| AdjustmentDto {
                points: points(pts),
                occurrences: a.occurrences,
                note: a.note.clone(),
                by: a.by,
                at: a.at,
            }),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreDto {
    pub id: i64,
    pub user_id: i64,
    pub user_name: String,
    /// `2026-11`.
    pub month: String,
    /// Which rubric scored it.
    pub role: RubricRole,
    pub state: ScoreState,
    pub rubric_version: i64,
    /// Out of 100, one decimal.
    pub daily_work: f64,
    /// Out of 100, one decimal (from the attendance records).
    pub attendance: f64,
    /// daily_work × 0.7 + attendance × 0.3, one decimal.
    pub total: f64,
    /// The total in integer tenths (`883` = 88.3), what pay is computed from.
    pub total_tenths: i64,
    pub items: Vec<ScoreItemDto>,
    /// 讲评: what the manager and the person discussed (required to finalize).
    pub discussion_note: Option<String>,
    pub dispute_reason: Option<String>,
    pub finalized_by: Option<i64>,
    pub finalized_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `GET /scores`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ScoreListQuery {
    pub user_id: Option<i64>,
    #[validate(custom(function = "crate::period::valid_month"))]
    #[cfg_attr(
        feature = "openapi",
        param(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$", example = "2026-11")
    )]
    pub month: Option<String>,
    pub state: Option<ScoreState>,
    /// Only the members of this team (and its sub-teams).
    pub team_id: Option<i64>,
    /// `true`: only disputed scores the caller may resolve (the people they manage or, for
    /// HR, anyone's; never their own, never those they finalized).
    pub to_resolve: Option<bool>,
}

/// `GET /scores/annual`.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AnnualQuery {
    #[validate(range(min = 2000, max = 2100))]
    #[cfg_attr(feature = "openapi", param(minimum = 2000, maximum = 2100))]
    pub year: i32,
    /// The caller when left out.
    pub user_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthTotal {
    pub month: String,
    pub total: f64,
    pub state: ScoreState,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnnualScore {
    pub user_id: i64,
    pub year: i32,
    /// The months with a finalized score (acknowledged or disputed included).
    pub months: Vec<MonthTotal>,
    /// Months without a finalized score: never counted as zeros.
    pub missing_months: Vec<String>,
    /// Twelve months ÷ 12 for a complete year, else the average of the months scored;
    /// `null` without one.
    pub average: Option<f64>,
    pub complete: bool,
}

/// `GET /scores/status` and `GET /alerts`: a month.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct MonthQuery {
    #[validate(custom(function = "crate::period::valid_month"))]
    #[cfg_attr(
        feature = "openapi",
        param(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$", example = "2026-11")
    )]
    pub month: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreStatusLine {
    pub user_id: i64,
    pub user_name: String,
    pub team_id: Option<i64>,
    pub team_name: Option<String>,
    pub role: RubricRole,
    pub score_id: Option<i64>,
    /// `null`: no score yet.
    pub state: Option<ScoreState>,
    /// Not finalized and the due day (the 8th of the next month) has passed.
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreStatus {
    pub month: String,
    /// The 8th of the next month: when the forms reach HR.
    pub due_on: chrono::NaiveDate,
    /// Everyone scored whose score is not yet finalized, acknowledged or disputed.
    pub pending: Vec<ScoreStatusLine>,
    pub finalized: i64,
    pub acknowledged: i64,
    pub disputed: i64,
}

/// The day a month's scores are due with HR: the 8th of the next month.
pub fn due_on(month: crate::period::Month) -> chrono::NaiveDate {
    let next = month.next().first_day();
    next + chrono::Duration::days(7)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AlertDto {
    pub user_id: i64,
    pub user_name: String,
    pub team_name: Option<String>,
    pub kind: super::AlertKind,
    pub months: Vec<String>,
    /// The totals of those months, one decimal.
    pub totals: Vec<f64>,
    /// An improvement plan opened for the person and still open.
    pub open_plan_id: Option<i64>,
}

//! Plan progress and team summaries: planned vs done vs missed, completion, calls against
//! target, late submissions and spot-check results.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Progress {
    pub planned_visits: i64,
    pub done_visits: i64,
    pub missed_visits: i64,
    pub open_visits: i64,
    pub unplanned_visits: i64,
    /// Done planned visits / planned visits, per mille (0–1000); `None` with nothing planned.
    pub completion_permille: Option<i64>,
    pub visits_target: i64,
    pub calls_made: i64,
    /// Calls per day × working days (5) for a week.
    pub calls_target: i64,
    pub spot_checks_confirmed: i64,
    pub spot_checks_not_confirmed: i64,
    pub spot_checks_unreachable: i64,
    /// A monthly plan's sales target (分); `None` for a weekly plan or without a target.
    pub sales_target_fen: Option<i64>,
    /// What the owner's contracts signed in the plan's period are worth (分; plan progress
    /// only, 0 in team summaries).
    pub sales_signed_fen: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonWeek {
    pub user_id: i64,
    pub display_name: String,
    pub team_id: Option<i64>,
    pub plan_id: Option<i64>,
    pub plan_state: Option<crate::plans::PlanState>,
    pub late: bool,
    pub progress: Progress,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeekSummary {
    pub week: String,
    pub people: Vec<PersonWeek>,
    /// Totals over everyone listed.
    pub team: Progress,
    pub late_submissions: i64,
    pub missing_plans: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, validator::Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct SummaryQuery {
    /// The ISO week, e.g. `2026-W48`.
    #[validate(custom(function = "crate::period::valid_week"))]
    #[cfg_attr(
        feature = "openapi",
        param(
            pattern = r"^((20[0-9]{2}|2100)-W(0[1-9]|[1-4][0-9]|5[0-2])|(2004|2009|2015|2020|2026|2032|2037|2043|2048|2054|2060|2065|2071|2076|2082|2088|2093|2099)-W53)$",
            example = "2026-W48"
        )
    )]
    pub week: String,
    pub team_id: Option<i64>,
}

impl Progress {
    pub fn add(&mut self, o: &Progress) {
        self.planned_visits += o.planned_visits;
        self.done_visits += o.done_visits;
        self.missed_visits += o.missed_visits;
        self.open_visits += o.open_visits;
        self.unplanned_visits += o.unplanned_visits;
        self.visits_target += o.visits_target;
        self.calls_made += o.calls_made;
        self.calls_target += o.calls_target;
        self.spot_checks_confirmed += o.spot_checks_confirmed;
        self.spot_checks_not_confirmed += o.spot_checks_not_confirmed;
        self.spot_checks_unreachable += o.spot_checks_unreachable;
        self.completion_permille =
            crate::plans::completion_permille(self.done_visits, self.planned_visits);
    }
}

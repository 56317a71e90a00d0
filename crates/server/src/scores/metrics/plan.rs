//! Plan execution's facts: the month's visits, calls, approved weekly plans and the
//! `not_confirmed` spot-checks (four queries).

use chrono::NaiveDate;
use diesel::prelude::*;
use salesops_domain::period::IsoWeek;
use salesops_domain::plans::{PlanKind, PlanSnapshot};
use salesops_domain::scoring::metrics::{FalseVisit, PlanFacts, WeekPlan, weeks_touching};
use salesops_domain::spot_checks::SpotCheckResult;
use salesops_domain::visits::VisitStatus;

use super::Subject;
use crate::db::DbConn;
use crate::db::schema::{clients, daily_logs, plan_revisions, plans, spot_checks, visits};
use crate::db::types::Json;
use crate::error::{AppError, AppResult};

pub fn facts(conn: &mut DbConn, subject: &Subject) -> AppResult<PlanFacts> {
    let month = subject.month;
    let (first, last) = (month.first_day().to_string(), month.last_day().to_string());
    let owner = subject.user_id;

    let visit_rows: Vec<(bool, VisitStatus)> = visits::table
        .filter(visits::owner_id.eq(owner))
        .filter(visits::planned_date.ge(&first))
        .filter(visits::planned_date.le(&last))
        .select((visits::unplanned, visits::status))
        .load(conn)?;
    let planned = visit_rows.iter().filter(|(unplanned, _)| !unplanned);
    let done = |s: &VisitStatus| *s == VisitStatus::Done;

    let calls: Vec<i32> = daily_logs::table
        .filter(daily_logs::owner_id.eq(owner))
        .filter(daily_logs::log_date.ge(&first))
        .filter(daily_logs::log_date.le(&last))
        .select(daily_logs::calls_made)
        .load(conn)?;

    // The revision in force of each approved weekly plan of the weeks touching the month.
    let weeks: Vec<String> = weeks_touching(month)
        .iter()
        .map(IsoWeek::to_string)
        .collect();
    let plan_rows: Vec<(String, Json<PlanSnapshot>)> = plans::table
        .inner_join(
            plan_revisions::table.on(plan_revisions::plan_id.eq(plans::id).and(
                plan_revisions::revision
                    .nullable()
                    .eq(plans::approved_revision),
            )),
        )
        .filter(plans::owner_id.eq(owner))
        .filter(plans::kind.eq(PlanKind::Weekly.as_str()))
        .filter(plans::period.eq_any(weeks))
        .select((plans::period, plan_revisions::snapshot_json))
        .load(conn)?;
    let mut week_plans = Vec::with_capacity(plan_rows.len());
    for (period, snapshot) in plan_rows {
        let week: IsoWeek = period
            .parse()
            .map_err(|_| AppError::Internal(format!("stored plan period `{period}`")))?;
        week_plans.push(WeekPlan {
            week,
            calls_per_day: i64::from(snapshot.0.calls_per_day),
            visits_per_week: i64::from(snapshot.0.visits_per_week),
        });
    }

    let false_rows: Vec<(i64, String, NaiveDate)> = spot_checks::table
        .inner_join(visits::table.inner_join(clients::table))
        .filter(visits::owner_id.eq(owner))
        .filter(visits::planned_date.ge(&first))
        .filter(visits::planned_date.le(&last))
        .filter(spot_checks::result.eq(SpotCheckResult::NotConfirmed.as_str()))
        .order(spot_checks::id.asc())
        .select((spot_checks::id, clients::name, visits::planned_date))
        .load(conn)?;

    Ok(PlanFacts {
        month,
        planned: planned.clone().count() as i64,
        planned_done: planned.filter(|(_, s)| done(s)).count() as i64,
        done: visit_rows.iter().filter(|(_, s)| done(s)).count() as i64,
        calls: calls.into_iter().map(i64::from).sum(),
        plans: week_plans,
        false_visits: false_rows
            .into_iter()
            .map(|(spot_check_id, client, date)| FalseVisit {
                spot_check_id,
                client,
                date,
            })
            .collect(),
    })
}

//! Plan progress and the team's week: planned vs done vs missed visits, completion, calls
//! against target, late submissions and spot-check results. Every figure comes from the
//! records, a fixed number of queries for any team size.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::prelude::*;
use salesops_domain::Role;
use salesops_domain::period::IsoWeek;
use salesops_domain::plans::{PlanKind, completion_permille};
use salesops_domain::progress::{PersonWeek, Progress, SummaryQuery, WeekSummary};
use salesops_domain::spot_checks::SpotCheckResult;
use salesops_domain::visits::VisitStatus;

use crate::access::Ctx;
use crate::daily_logs::queries::calls_by_day;
use crate::db::DbConn;
use crate::db::schema::{follow_ups, plans, spot_checks, user_roles, users};
use crate::error::{AppError, AppResult};
use crate::plans::queries::PlanRow;
use crate::plans::service::plan_in_scope;
use crate::visits::queries::{self as visits_q, VisitRow};

const WORKING_DAYS: i64 = 5;

/// Calls per owner in a week: a day's daily log when there is one (it is the person's own
/// count of the day), otherwise the call follow-ups logged that day.
pub fn calls(
    conn: &mut DbConn,
    owners: &[i64],
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<HashMap<i64, i64>> {
    let mut per_day: HashMap<(i64, String), i64> = HashMap::new();
    for chunk in owners.chunks(500) {
        let rows: Vec<(i64, String)> = follow_ups::table
            .filter(follow_ups::author_id.eq_any(chunk))
            .filter(follow_ups::kind.eq("call"))
            .filter(follow_ups::occurred_on.ge(from.to_string()))
            .filter(follow_ups::occurred_on.le(to.to_string()))
            .select((follow_ups::author_id, follow_ups::occurred_on))
            .load(conn)?;
        for key in rows {
            *per_day.entry(key).or_default() += 1;
        }
    }
    for (owner, day, n) in calls_by_day(conn, owners, from, to)? {
        per_day.insert((owner, day), i64::from(n));
    }
    let mut out = HashMap::new();
    for ((owner, _), n) in per_day {
        *out.entry(owner).or_default() += n;
    }
    Ok(out)
}

fn spot_results(conn: &mut DbConn, visits: &[VisitRow]) -> AppResult<HashMap<i64, String>> {
    let ids: Vec<i64> = visits.iter().map(|v| v.id).collect();
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(i64, String)> = spot_checks::table
            .filter(spot_checks::visit_id.eq_any(chunk))
            .select((spot_checks::visit_id, spot_checks::result))
            .load(conn)?;
        out.extend(rows);
    }
    Ok(out)
}

/// Progress of one owner's week from the loaded records.
fn tally(
    plan: Option<&PlanRow>,
    visits: &[&VisitRow],
    calls_made: i64,
    spot: &HashMap<i64, String>,
) -> AppResult<Progress> {
    let mut p = Progress {
        calls_made,
        ..Default::default()
    };
    if let Some(plan) = plan {
        p.visits_target = i64::from(plan.visits_per_week);
        p.calls_target = i64::from(plan.calls_per_day) * WORKING_DAYS;
    }
    for v in visits {
        if v.unplanned {
            p.unplanned_visits += 1;
        } else if plan.is_some_and(|pl| v.plan_id == Some(pl.id)) {
            p.planned_visits += 1;
            match v.status {
                VisitStatus::Done => p.done_visits += 1,
                VisitStatus::Missed => p.missed_visits += 1,
                VisitStatus::Planned => p.open_visits += 1,
            }
        }
        match spot
            .get(&v.id)
            .and_then(|r| r.parse::<SpotCheckResult>().ok())
        {
            Some(SpotCheckResult::Confirmed) => p.spot_checks_confirmed += 1,
            Some(SpotCheckResult::NotConfirmed) => p.spot_checks_not_confirmed += 1,
            Some(SpotCheckResult::Unreachable) => p.spot_checks_unreachable += 1,
            None => {}
        }
    }
    p.completion_permille = completion_permille(p.done_visits, p.planned_visits);
    Ok(p)
}

pub fn plan_progress(conn: &mut DbConn, ctx: &Ctx, plan_id: i64) -> AppResult<Progress> {
    let plan = plan_in_scope(conn, ctx, plan_id)?;
    let (from, to) = match plan.kind {
        PlanKind::Weekly => {
            let w: IsoWeek = plan
                .period
                .parse()
                .map_err(|_| AppError::Internal("stored period".into()))?;
            (w.monday(), w.sunday())
        }
        PlanKind::Monthly => {
            let m: salesops_domain::period::Month = plan
                .period
                .parse()
                .map_err(|_| AppError::Internal("stored period".into()))?;
            (m.first_day(), m.last_day())
        }
    };
    let visits = visits_q::in_range(conn, &[plan.owner_id], from, to)?;
    let spot = spot_results(conn, &visits)?;
    let calls = calls(conn, &[plan.owner_id], from, to)?;
    let refs: Vec<&VisitRow> = visits.iter().collect();
    let weekly = plan.kind == PlanKind::Weekly;
    let mut p = tally(
        weekly.then_some(&plan),
        &refs,
        calls.get(&plan.owner_id).copied().unwrap_or(0),
        &spot,
    )?;
    if !weekly {
        // A monthly plan counts every visit of its month against it.
        p.planned_visits = refs.iter().filter(|v| !v.unplanned).count() as i64;
        p.done_visits = refs
            .iter()
            .filter(|v| !v.unplanned && v.status == VisitStatus::Done)
            .count() as i64;
        p.missed_visits = refs
            .iter()
            .filter(|v| !v.unplanned && v.status == VisitStatus::Missed)
            .count() as i64;
        p.open_visits = p.planned_visits - p.done_visits - p.missed_visits;
        p.completion_permille = completion_permille(p.done_visits, p.planned_visits);
        p.sales_target_fen = plan.sales_target;
    }
    p.sales_signed_fen = crate::contracts::queries::signed_between(conn, plan.owner_id, from, to)?;
    Ok(p)
}

/// The enabled salespeople whose records the caller may see (optionally one team's):
/// `(id, display name, team)`, by id. The people a manager's team views list.
pub fn team_salespeople(
    conn: &mut DbConn,
    ctx: &Ctx,
    team_id: Option<i64>,
) -> AppResult<Vec<(i64, String, Option<i64>)>> {
    let scope = ctx.visible_owners(conn)?;
    let mut q = users::table
        .filter(users::disabled_at.is_null())
        .filter(
            users::id.eq_any(
                user_roles::table
                    .filter(user_roles::role.eq(Role::Salesperson.as_str()))
                    .select(user_roles::user_id),
            ),
        )
        .into_boxed();
    if let Some(ids) = &scope {
        q = q.filter(users::id.eq_any(ids.clone()));
    }
    if let Some(team) = team_id {
        q = q.filter(users::team_id.eq(team));
    }
    Ok(q.select((users::id, users::display_name, users::team_id))
        .order(users::id.asc())
        .limit(2000)
        .load(conn)?)
}

/// The week of every salesperson the caller may see (optionally one team's).
pub fn week_summary(conn: &mut DbConn, ctx: &Ctx, query: &SummaryQuery) -> AppResult<WeekSummary> {
    ctx.require_any(&[Role::Manager, Role::Admin])?;
    let week: IsoWeek = query
        .week
        .parse()
        .map_err(|_| AppError::validation("week", "invalid", "a week like 2026-W48"))?;
    let people = team_salespeople(conn, ctx, query.team_id)?;
    let ids: Vec<i64> = people.iter().map(|p| p.0).collect();
    let mut plan_rows: Vec<PlanRow> = Vec::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<PlanRow> = plans::table
            .filter(plans::owner_id.eq_any(chunk))
            .filter(plans::kind.eq(PlanKind::Weekly.as_str()))
            .filter(plans::period.eq(week.to_string()))
            .select(PlanRow::as_select())
            .load(conn)?;
        plan_rows.extend(rows);
    }
    let visits = visits_q::in_range(conn, &ids, week.monday(), week.sunday())?;
    let spot = spot_results(conn, &visits)?;
    let calls = calls(conn, &ids, week.monday(), week.sunday())?;
    let mut team = Progress::default();
    let mut out = Vec::with_capacity(people.len());
    let (mut late, mut missing) = (0, 0);
    for (id, name, team_id) in people {
        let plan = plan_rows.iter().find(|p| p.owner_id == id);
        let own: Vec<&VisitRow> = visits.iter().filter(|v| v.owner_id == id).collect();
        let progress = tally(plan, &own, calls.get(&id).copied().unwrap_or(0), &spot)?;
        team.add(&progress);
        match plan {
            Some(p) if p.late => late += 1,
            Some(_) => {}
            None => missing += 1,
        }
        out.push(PersonWeek {
            user_id: id,
            display_name: name,
            team_id,
            plan_id: plan.map(|p| p.id),
            plan_state: plan.map(|p| p.state),
            late: plan.is_some_and(|p| p.late),
            progress,
        });
    }
    Ok(WeekSummary {
        week: week.to_string(),
        people: out,
        team,
        late_submissions: late,
        missing_plans: missing,
    })
}

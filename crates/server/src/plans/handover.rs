//! The plan entry of the handover registry (crate::handovers::registry): a leaver's open plans
//! — not yet approved, or approved for a period that has not ended — move to the successor
//! with their planned visits. Finished plans stay with their author as history.

use chrono::Utc;
use diesel::prelude::*;
use salesops_domain::plans::{Period, PlanState};
use serde_json::json;

use crate::audit::{self, Actor};
use crate::clock;
use crate::db::schema::{plan_budgets, plans, visits};
use crate::db::{DbConn, Tx};
use crate::error::{AppError, AppResult};
use crate::plans::queries::{self as q, PlanRow};

fn open_plans(conn: &mut DbConn, owner: i64) -> AppResult<Vec<PlanRow>> {
    // A day of slack either side of UTC keeps "ended" safe in any business time zone.
    let today = (Utc::now() - chrono::Duration::days(1)).date_naive();
    let rows: Vec<PlanRow> = plans::table
        .filter(plans::owner_id.eq(owner))
        .select(PlanRow::as_select())
        .order(plans::id.asc())
        .load(conn)?;
    let mut open = Vec::new();
    for row in rows {
        let ended = Period::parse(row.kind, &row.period).is_some_and(|p| p.last_day() < today);
        if row.state != PlanState::Approved || !ended {
            open.push(row);
        }
    }
    Ok(open)
}

pub fn count(conn: &mut DbConn, from: i64) -> AppResult<i64> {
    Ok(open_plans(conn, from)?.len() as i64)
}

pub fn move_all(tx: &mut Tx<'_>, actor: &Actor, from: i64, to: i64) -> AppResult<i64> {
    let open = open_plans(tx, from)?;
    let now = clock::now();
    for plan in &open {
        if q::find_by_period(tx, to, plan.kind, &plan.period)?.is_some() {
            return Err(AppError::conflict(
                "handover_conflict",
                format!(
                    "the successor already has a {} plan for {}",
                    plan.kind, plan.period
                ),
            ));
        }
        diesel::update(plans::table.find(plan.id))
            .set((
                plans::owner_id.eq(to),
                plans::updated_at.eq(now),
                plans::version.eq(plan.version + 1),
            ))
            .execute(tx.conn())?;
        // The week's budget goes with the plan.
        diesel::update(plan_budgets::table.filter(plan_budgets::plan_id.eq(plan.id)))
            .set(plan_budgets::owner_id.eq(to))
            .execute(tx.conn())?;
        let moved_visits = diesel::update(
            visits::table
                .filter(visits::plan_id.eq(plan.id))
                .filter(visits::status.eq("planned")),
        )
        .set((visits::owner_id.eq(to), visits::updated_at.eq(now)))
        .execute(tx.conn())?;
        audit::record(
            tx,
            actor,
            "plan.handover",
            "plan",
            plan.id,
            Some(&json!({ "owner_id": from })),
            Some(&json!({ "owner_id": to, "planned_visits_moved": moved_visits })),
        )?;
    }
    Ok(open.len() as i64)
}

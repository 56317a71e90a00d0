//! The scores report for a month (HR and admin everyone; a manager their teams and
//! themself; not finance): each person's daily work, attendance, total and pay
//! coefficient, drafts marked as not final.

use salesops_domain::pay::{PayReportQuery, ScoresReport, ScoresReportRow, ten_thousandths};
use salesops_domain::scoring::{coefficient, score};
use salesops_domain::{Capability, Role};

use crate::access::{Ctx, OwnerScope, Principal};
use crate::db::DbConn;
use crate::error::AppResult;
use crate::export::{Cell, Table};
use crate::pay::payroll::{month, tt};
use crate::pay::payroll_queries as q;
use crate::pay::setup_queries;

pub fn report(conn: &mut DbConn, ctx: &Ctx, query: &PayReportQuery) -> AppResult<ScoresReport> {
    ctx.require(Capability::ScoresSupervise)?;
    let m = month(&query.month)?;
    let scope = if ctx.has(Role::Hr) || ctx.is_admin() {
        OwnerScope::All
    } else {
        ctx.owner_scope()
    };
    let owners = Principal::owners_in(conn, scope)?;
    let cap = setup_queries::cap(conn)?;
    let lines = q::scores_of(conn, m, owners.as_deref())?;
    let ids = lines.iter().map(|l| l.user_id).collect();
    let people = q::people(conn, &ids)?;
    let mut rows: Vec<ScoresReportRow> = lines
        .into_iter()
        .filter_map(|l| {
            let p = people.get(&l.user_id)?;
            Some(ScoresReportRow {
                user_id: l.user_id,
                name: p.name.clone(),
                team: p.team.clone(),
                role: l.role,
                state: l.state,
                is_final: score::counts(l.state),
                daily_work: l.daily_work as f64 / 10.0,
                attendance: l.attendance as f64 / 10.0,
                total: l.total as f64 / 10.0,
                coefficient: ten_thousandths(coefficient(l.total, cap)),
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        a.team
            .cmp(&b.team)
            .then(a.name.cmp(&b.name))
            .then(a.user_id.cmp(&b.user_id))
    });
    Ok(ScoresReport {
        month: m.to_string(),
        rows,
    })
}

pub fn table(report: &ScoresReport) -> Table {
    let points = |p: f64| Cell::Decimal((p * 10.0).round() as i64, 1);
    Table {
        sheet: format!("scores {}", report.month),
        header: [
            "user_id",
            "name",
            "team",
            "role",
            "state",
            "final",
            "daily_work",
            "attendance",
            "total",
            "coefficient",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: report
            .rows
            .iter()
            .map(|r| {
                vec![
                    Cell::Int(r.user_id),
                    Cell::text(r.name.clone()),
                    Cell::opt_text(r.team.clone()),
                    Cell::text(r.role.as_str()),
                    Cell::text(r.state.as_str()),
                    Cell::text(if r.is_final { "true" } else { "false" }),
                    points(r.daily_work),
                    points(r.attendance),
                    points(r.total),
                    Cell::Decimal(tt(r.coefficient), 4),
                ]
            })
            .collect(),
    }
}

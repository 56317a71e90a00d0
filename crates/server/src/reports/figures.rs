//! The figures a weekly report takes from the records. Each is a [`FigureSource`] in
//! [`FIGURE_SOURCES`]: a later feature (expenses claimed, sales, collections) adds an entry
//! here and every report shows it, without touching the report code.

use chrono::{Duration, NaiveDateTime, NaiveTime, Utc};
use diesel::prelude::*;
use salesops_domain::period::{IsoWeek, local_to_utc};
use salesops_domain::reports::Figure;

use crate::db::DbConn;
use crate::db::schema::{cases, client_history, clients, visits};
use crate::error::AppResult;

/// Whose week a figure is computed for.
pub struct FigureScope {
    pub owner_id: i64,
    pub week: IsoWeek,
    pub tz: chrono_tz::Tz,
}

impl FigureScope {
    /// The week as a UTC range [start, end): Monday 00:00 to the next Monday 00:00, local.
    fn utc_range(&self) -> (NaiveDateTime, NaiveDateTime) {
        let start = local_to_utc(self.week.monday(), NaiveTime::MIN, self.tz);
        let end = local_to_utc(self.week.next().monday(), NaiveTime::MIN, self.tz);
        (start, end)
    }

    fn days(&self) -> (String, String) {
        (
            self.week.monday().to_string(),
            self.week.sunday().to_string(),
        )
    }
}

pub struct FigureSource {
    pub key: &'static str,
    /// `count`, or `fen` for money.
    pub unit: &'static str,
    pub compute: fn(&mut DbConn, &FigureScope) -> AppResult<i64>,
}

pub const FIGURE_SOURCES: &[FigureSource] = &[
    FigureSource {
        key: "visits_planned",
        unit: "count",
        compute: visits_planned,
    },
    FigureSource {
        key: "visits_done",
        unit: "count",
        compute: visits_done,
    },
    FigureSource {
        key: "visits_missed",
        unit: "count",
        compute: visits_missed,
    },
    FigureSource {
        key: "visits_unplanned",
        unit: "count",
        compute: visits_unplanned,
    },
    FigureSource {
        key: "calls",
        unit: "count",
        compute: calls,
    },
    FigureSource {
        key: "new_clients",
        unit: "count",
        compute: new_clients,
    },
    FigureSource {
        key: "clients_credit_flagged",
        unit: "count",
        compute: clients_credit_flagged,
    },
    FigureSource {
        key: "complaints_open",
        unit: "count",
        compute: complaints_open,
    },
    FigureSource {
        key: "complaints_overdue",
        unit: "count",
        compute: complaints_overdue,
    },
    FigureSource {
        key: "follow_ups_overdue",
        unit: "count",
        compute: follow_ups_overdue,
    },
    FigureSource {
        key: "expenses_claimed_fen",
        unit: "fen",
        compute: expenses_claimed,
    },
    FigureSource {
        key: "sales_signed_fen",
        unit: "fen",
        compute: sales_signed,
    },
    FigureSource {
        key: "collections_received_fen",
        unit: "fen",
        compute: collections_received,
    },
];

pub fn compute_all(conn: &mut DbConn, scope: &FigureScope) -> AppResult<Vec<Figure>> {
    FIGURE_SOURCES
        .iter()
        .map(|s| {
            Ok(Figure {
                key: s.key.to_owned(),
                value: (s.compute)(conn, scope)?,
                unit: s.unit.to_owned(),
            })
        })
        .collect()
}

fn planned_visits_with(conn: &mut DbConn, s: &FigureScope, status: Option<&str>) -> AppResult<i64> {
    let (from, to) = s.days();
    let mut q = visits::table
        .filter(visits::owner_id.eq(s.owner_id))
        .filter(visits::unplanned.eq(false))
        .filter(visits::plan_id.is_not_null())
        .filter(visits::planned_date.ge(from))
        .filter(visits::planned_date.le(to))
        .into_boxed();
    if let Some(st) = status {
        q = q.filter(visits::status.eq(st));
    }
    Ok(q.count().get_result(conn)?)
}

fn visits_planned(conn: &mut DbConn, s: &FigureScope) -> AppResult<i64> {
    planned_visits_with(conn, s, None)
}

fn visits_done(conn: &mut DbConn, s: &FigureScope) -> AppResult<i64> {
    planned_visits_with(conn, s, Some("done"))
}

fn visits_missed(conn: &mut DbConn, s: &FigureScope) -> AppResult<i64> {
    planned_visits_with(conn, s, Some("missed"))
}

fn visits_unplanned(conn: &mut DbConn, s: &FigureScope) -> AppResult<i64> {
    let (from, to) = s.days();
    Ok(visits::table
        .filter(visits::owner_id.eq(s.owner_id))
        .filter(visits::unplanned.eq(true))
        .filter(visits::planned_date.ge(from))
        .filter(visits::planned_date.le(to))
        .count()
        .get_result(conn)?)
}

/// Calls: the daily log's count on days with a log, call follow-ups on days without.
fn calls(conn: &mut DbConn, s: &FigureScope) -> AppResult<i64> {
    let per_owner =
        crate::plans::progress::calls(conn, &[s.owner_id], s.week.monday(), s.week.sunday())?;
    Ok(per_owner.get(&s.owner_id).copied().unwrap_or(0))
}

fn new_clients(conn: &mut DbConn, s: &FigureScope) -> AppResult<i64> {
    let (start, end) = s.utc_range();
    Ok(clients::table
        .filter(clients::owner_id.eq(s.owner_id))
        .filter(clients::created_at.ge(start))
        .filter(clients::created_at.lt(end))
        .count()
        .get_result(conn)?)
}

/// Clients whose credit became abnormal or bad during the week.
fn clients_credit_flagged(conn: &mut DbConn, s: &FigureScope) -> AppResult<i64> {
    let (start, end) = s.utc_range();
    let mine = clients::table
        .filter(clients::owner_id.eq(s.owner_id))
        .select(clients::id);
    let mut ids: Vec<i64> = client_history::table
        .filter(client_history::client_id.eq_any(mine))
        .filter(client_history::field.eq("credit"))
        .filter(client_history::new_value.eq_any(["abnormal", "bad"]))
        .filter(client_history::old_value.is_not_null())
        .filter(client_history::changed_at.ge(start))
        .filter(client_history::changed_at.lt(end))
        .select(client_history::client_id)
        .load(conn)?;
    ids.sort_unstable();
    ids.dedup();
    Ok(ids.len() as i64)
}

fn complaints_open(conn: &mut DbConn, s: &FigureScope) -> AppResult<i64> {
    let mine = clients::table
        .filter(clients::owner_id.eq(s.owner_id))
        .select(clients::id);
    Ok(cases::table
        .filter(cases::client_id.eq_any(mine))
        .filter(cases::state.ne("resolved"))
        .count()
        .get_result(conn)?)
}

/// Open cases older than the 2 days a complaint may wait before it is overdue.
fn complaints_overdue(conn: &mut DbConn, s: &FigureScope) -> AppResult<i64> {
    let mine = clients::table
        .filter(clients::owner_id.eq(s.owner_id))
        .select(clients::id);
    let cutoff = Utc::now().naive_utc() - Duration::days(2);
    Ok(cases::table
        .filter(cases::client_id.eq_any(mine))
        .filter(cases::state.ne("resolved"))
        .filter(cases::opened_at.lt(cutoff))
        .count()
        .get_result(conn)?)
}

fn follow_ups_overdue(conn: &mut DbConn, s: &FigureScope) -> AppResult<i64> {
    let today = Utc::now().with_timezone(&s.tz).date_naive().to_string();
    Ok(clients::table
        .filter(clients::owner_id.eq(s.owner_id))
        .filter(clients::archived_at.is_null())
        .filter(clients::next_due.lt(today))
        .count()
        .get_result(conn)?)
}

/// 本周报销: the amounts of the week's expense lines on claims submitted or later.
fn expenses_claimed(conn: &mut DbConn, s: &FigureScope) -> AppResult<i64> {
    let lines = crate::expenses::queries::counted_lines(
        conn,
        s.owner_id,
        None,
        s.week.monday(),
        s.week.sunday(),
    )?;
    Ok(lines
        .iter()
        .fold(0i64, |t, l| t.saturating_add(l.amount_fen)))
}

/// Contracts signed in the week (销售额: what they are worth).
fn sales_signed(conn: &mut DbConn, s: &FigureScope) -> AppResult<i64> {
    Ok(crate::contracts::queries::signed_between(
        conn,
        s.owner_id,
        s.week.monday(),
        s.week.sunday(),
    )?)
}

/// Payments received in the week on the person's contracts (回款).
fn collections_received(conn: &mut DbConn, s: &FigureScope) -> AppResult<i64> {
    Ok(crate::contracts::queries::received_between(
        conn,
        s.owner_id,
        s.week.monday(),
        s.week.sunday(),
    )?)
}

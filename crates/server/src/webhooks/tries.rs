//! The deliveries' tries: claiming due ones under a lease (PostgreSQL `FOR UPDATE SKIP
//! LOCKED`; SQLite's write lock), giving untried ones back, and recording an outcome on the
//! delivery and on its webhook's failure count in one transaction.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use salesops_domain::webhooks::DeliveryStatus;

use crate::db::schema::{webhook_deliveries as d, webhooks as w};
use crate::db::{self, DbConn};
use crate::error::AppResult;
use crate::webhooks::queries::{DeliveryRow, WebhookRow};

/// A delivery claimed for one try, with what sending needs.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub delivery: DeliveryRow,
    pub webhook: WebhookRow,
}

/// Claims up to `n` due deliveries of enabled webhooks for one try each: their lease runs
/// to `now + lease`, their attempt count goes up by one. A lease that ran out (an instance
/// died mid-try) makes the delivery due again.
pub fn claim(
    conn: &mut DbConn,
    worker: &str,
    now: NaiveDateTime,
    lease: Duration,
    n: i64,
) -> AppResult<Vec<Claimed>> {
    db::write(conn, |tx| {
        let pending = DeliveryStatus::Pending.as_str();
        macro_rules! due {
            () => {
                d::table
                    .filter(d::status.eq(pending))
                    .filter(d::next_attempt_at.le(now))
                    .filter(d::locked_until.is_null().or(d::locked_until.lt(now)))
                    .filter(
                        d::webhook_id.eq_any(w::table.filter(w::enabled.eq(true)).select(w::id)),
                    )
                    .order((d::next_attempt_at.asc(), d::id.asc()))
                    .limit(n)
                    .select(d::id)
            };
        }
        let ids: Vec<i64> = match tx.conn() {
            DbConn::Postgres(c) => due!().for_update().skip_locked().load(c)?,
            DbConn::Sqlite(c) => due!().load(c)?,
        };
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        diesel::update(d::table.filter(d::id.eq_any(&ids)))
            .set((
                d::attempts.eq(d::attempts + 1),
                d::locked_by.eq(Some(worker)),
                d::locked_until.eq(Some(now + lease)),
                d::updated_at.eq(now),
            ))
            .execute(tx.conn())?;
        let rows: Vec<(DeliveryRow, WebhookRow)> = d::table
            .inner_join(w::table)
            .filter(d::id.eq_any(&ids))
            .order(d::id.asc())
            .select((DeliveryRow::as_select(), WebhookRow::as_select()))
            .load(tx.conn())?;
        Ok(rows
            .into_iter()
            .map(|(delivery, webhook)| Claimed { delivery, webhook })
            .collect())
    })
}

/// Gives a claimed delivery back untried (its webhook's batch stopped at a failure).
pub fn release(conn: &mut DbConn, c: &Claimed, worker: &str) -> AppResult<()> {
    db::write(conn, |tx| {
        diesel::update(d::table.find(c.delivery.id).filter(d::locked_by.eq(worker)))
            .set((
                d::attempts.eq(d::attempts - 1),
                d::locked_by.eq(None::<String>),
                d::locked_until.eq(None::<NaiveDateTime>),
            ))
            .execute(tx.conn())?;
        Ok(())
    })
}

/// What one try came to.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub status: DeliveryStatus,
    pub response_code: Option<i32>,
    pub duration_ms: i64,
    pub error: Option<String>,
    pub next_attempt_at: Option<NaiveDateTime>,
    /// Switch the webhook off, for this reason.
    pub disable: Option<String>,
}

/// Records a try's outcome on the delivery (if this worker still holds it) and on its
/// webhook's failure count, in one transaction. False when the lease had passed on.
pub fn record(
    conn: &mut DbConn,
    claimed: &Claimed,
    worker: &str,
    outcome: &Outcome,
    disable_after: i32,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let id = claimed.delivery.id;
    let hook = claimed.webhook.id;
    db::write(conn, |tx| {
        let n = diesel::update(d::table.find(id).filter(d::locked_by.eq(worker)))
            .set((
                d::status.eq(outcome.status.as_str()),
                d::response_code.eq(outcome.response_code),
                d::duration_ms.eq(Some(outcome.duration_ms)),
                d::last_error.eq(outcome.error.as_deref()),
                d::next_attempt_at.eq(outcome.next_attempt_at),
                d::locked_by.eq(None::<String>),
                d::locked_until.eq(None::<NaiveDateTime>),
                d::updated_at.eq(now),
                d::delivered_at.eq((outcome.status == DeliveryStatus::Delivered).then_some(now)),
            ))
            .execute(tx.conn())?;
        if n == 0 {
            return Ok(false);
        }
        if outcome.status == DeliveryStatus::Delivered {
            diesel::update(w::table.find(hook))
                .set(w::consecutive_failures.eq(0))
                .execute(tx.conn())?;
            return Ok(true);
        }
        diesel::update(w::table.find(hook))
            .set((
                w::consecutive_failures.eq(w::consecutive_failures + 1),
                w::updated_at.eq(now),
            ))
            .execute(tx.conn())?;
        let failures: i32 = w::table
            .find(hook)
            .select(w::consecutive_failures)
            .first(tx.conn())?;
        let reason = outcome.disable.clone().or_else(|| {
            (failures >= disable_after).then(|| format!("{failures} failed tries in a row"))
        });
        if let Some(reason) = reason {
            diesel::update(w::table.find(hook).filter(w::enabled.eq(true)))
                .set((
                    w::enabled.eq(false),
                    w::disabled_reason.eq(Some(reason)),
                    w::updated_at.eq(now),
                ))
                .execute(tx.conn())?;
        }
        Ok(true)
    })
}

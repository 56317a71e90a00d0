//! Pay over HTTP (issue 13): grades, the coefficient cap, commission rules, incentives and
//! deductions, branch profits, the payroll sheet (JSON, CSV, XLSX) and the scores report.

mod payroll;
mod reads;
mod sheet;

use diesel::prelude::*;
use salesops::db::schema::{advances, leavings, scores};

use crate::support::TestApp;

/// A score row straight into the database (the scores service is not needed for pay).
pub fn seed_score(app: &TestApp, user_id: i64, month: &str, role: &str, state: &str, total: i64) {
    let mut conn = app.db.get().expect("connection");
    salesops::db::write(&mut conn, |tx| {
        let now = salesops::clock::now();
        diesel::insert_into(scores::table)
            .values((
                scores::user_id.eq(user_id),
                scores::month.eq(month),
                scores::role.eq(role),
                scores::state.eq(state),
                scores::rubric_version.eq(1_i64),
                scores::daily_work.eq(total),
                scores::attendance.eq(total),
                scores::total.eq(total),
                scores::items_json.eq("[]"),
                scores::created_by.eq(user_id),
                scores::created_at.eq(now),
                scores::updated_at.eq(now),
            ))
            .execute(tx.conn())?;
        Ok(())
    })
    .expect("seed score");
}

/// A leaving in `leaving_on`'s month whose advances are offset from the final pay, and a paid
/// advance of `user_id`'s on `plan_id` with `balance` left (paid twice that, half offset).
pub fn seed_leaver(app: &TestApp, user_id: i64, plan_id: i64, leaving_on: &str, balance: i64) {
    let mut conn = app.db.get().expect("connection");
    salesops::db::write(&mut conn, |tx| {
        let now = salesops::clock::now();
        diesel::insert_into(leavings::table)
            .values((
                leavings::user_id.eq(user_id),
                leavings::leaving_on.eq(leaving_on),
                leavings::reason.eq("个人原因"),
                leavings::state.eq("approved"),
                leavings::property_json.eq("[]"),
                leavings::advances_settlement.eq(Some("offset")),
                leavings::created_by.eq(user_id),
                leavings::created_at.eq(now),
                leavings::updated_at.eq(now),
            ))
            .execute(tx.conn())?;
        diesel::insert_into(advances::table)
            .values((
                advances::owner_id.eq(user_id),
                advances::plan_id.eq(plan_id),
                advances::amount_fen.eq(balance * 2),
                advances::reason.eq("出差借支"),
                advances::state.eq("paid"),
                advances::paid_at.eq(Some(now)),
                advances::paid_fen.eq(balance * 2),
                advances::offset_fen.eq(balance),
                advances::repaid_fen.eq(0_i64),
                advances::created_at.eq(now),
                advances::updated_at.eq(now),
            ))
            .execute(tx.conn())?;
        Ok(())
    })
    .expect("seed leaver");
}

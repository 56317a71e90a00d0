//! The inbox's fixtures: two teams, finance and HR, and the records waiting for them, seeded
//! straight into the tables in the states the queues look for.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use reqwest::StatusCode;
use salesops::db::schema::{
    advances, budget_supplements, clients, expense_claims, leavings, scores, weekly_reports,
};
use salesops_domain::Role;
use serde_json::json;

use crate::support::{PASSWORD, TestApp};

/// Two teams — 华东 (boss, also a salesperson, over sp1 and sp2, under chief) and 华南 (south
/// over sp3) — and finance and HR.
pub struct World {
    pub chief: String,
    pub chief_id: i64,
    pub boss: String,
    pub boss_id: i64,
    pub south: String,
    pub south_id: i64,
    pub sp1: String,
    pub sp1_id: i64,
    pub sp2_id: i64,
    pub sp3: String,
    pub sp3_id: i64,
    pub finance: String,
    pub finance_id: i64,
    pub hr: String,
    pub hr_id: i64,
}

pub async fn world(app: &TestApp) -> World {
    let chief_id = app.seed_user("chief", &[Role::Manager], None);
    let head = app.seed_team("总部", Some(chief_id), None);
    let boss_id = app.seed_user("boss", &[Role::Manager, Role::Salesperson], None);
    let east = app.seed_team("华东", Some(boss_id), Some(head));
    let sp1_id = app.seed_user("sp1", &[Role::Salesperson], Some(east));
    let sp2_id = app.seed_user("sp2", &[Role::Salesperson], Some(east));
    let south_id = app.seed_user("south", &[Role::Manager], None);
    let south_team = app.seed_team("华南", Some(south_id), None);
    let sp3_id = app.seed_user("sp3", &[Role::Salesperson], Some(south_team));
    let finance_id = app.seed_user("fin", &[Role::Finance], None);
    let hr_id = app.seed_user("hr", &[Role::Hr], None);
    let token = |name: &'static str| async move { app.login(name, PASSWORD).await.token };
    World {
        chief: token("chief").await,
        chief_id,
        boss: token("boss").await,
        boss_id,
        south: token("south").await,
        south_id,
        sp1: token("sp1").await,
        sp1_id,
        sp2_id,
        sp3: token("sp3").await,
        sp3_id,
        finance: token("fin").await,
        finance_id,
        hr: token("hr").await,
        hr_id,
    }
}

/// A weekly plan, submitted; its id and version.
pub async fn submitted_plan(app: &TestApp, token: &str, week: &str) -> (i64, i64) {
    let res = app
        .post(
            "/api/v1/plans",
            token,
            json!({"kind": "weekly", "period": week}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "plan: {}", res.text);
    let id = res.id();
    let res = app
        .post(&format!("/api/v1/plans/{id}/submit"), token, json!({}))
        .await;
    assert_eq!(res.body["state"], "submitted", "{}", res.text);
    (id, res.body["version"].as_i64().unwrap())
}

pub fn ago(hours: i64) -> NaiveDateTime {
    salesops::clock::now() - Duration::hours(hours)
}

/// The records waiting, straight into the tables in the states the queues look for.
/// `batch` 0, 1 … seeds the same records again (reports a week, scores a year earlier; the
/// scores long ago, clear of the months the score alerts read).
pub fn seed_records(app: &TestApp, w: &World, plan: i64, batch: i32) {
    let month = |m: u32| format!("{}-{m:02}", 2020 - batch);
    let mut conn = app.db.get().unwrap();
    let c = &mut *conn;
    let claim = |c: &mut salesops::db::DbConn, owner: i64, state: &str, by: Option<i64>| {
        diesel::insert_into(expense_claims::table)
            .values((
                expense_claims::owner_id.eq(owner),
                expense_claims::state.eq(state),
                expense_claims::total_fen.eq(10_000),
                expense_claims::submitted_at.eq(Some(ago(30))),
                expense_claims::manager_approved_by.eq(by),
                expense_claims::manager_approved_at.eq(by.map(|_| ago(20))),
                expense_claims::created_at.eq(ago(40)),
                expense_claims::updated_at.eq(ago(20)),
            ))
            .execute(c)
            .unwrap();
    };
    claim(c, w.sp1_id, "submitted", None);
    claim(c, w.sp1_id, "submitted", None);
    claim(c, w.sp2_id, "manager_approved", Some(w.boss_id));
    claim(c, w.sp3_id, "submitted", None);
    claim(c, w.sp3_id, "manager_approved", Some(w.boss_id));
    claim(c, w.sp1_id, "finance_approved", Some(w.boss_id));
    claim(c, w.sp1_id, "draft", None);
    for (owner, state) in [
        (w.sp1_id, "submitted"),
        (w.sp3_id, "manager_approved"),
        (w.sp2_id, "finance_approved"),
        (w.boss_id, "submitted"),
    ] {
        diesel::insert_into(advances::table)
            .values((
                advances::owner_id.eq(owner),
                advances::plan_id.eq(plan),
                advances::amount_fen.eq(50_000),
                advances::reason.eq("出差"),
                advances::state.eq(state),
                advances::created_at.eq(ago(50)),
                advances::updated_at.eq(ago(48)),
            ))
            .execute(c)
            .unwrap();
    }
    for owner in [w.sp2_id, w.sp3_id, w.boss_id] {
        diesel::insert_into(budget_supplements::table)
            .values((
                budget_supplements::owner_id.eq(owner),
                budget_supplements::period.eq("2026-12"),
                budget_supplements::category.eq("travel"),
                budget_supplements::amount_fen.eq(20_000),
                budget_supplements::reason.eq("展会"),
                budget_supplements::state.eq("submitted"),
                budget_supplements::created_at.eq(ago(10)),
                budget_supplements::updated_at.eq(ago(10)),
            ))
            .execute(c)
            .unwrap();
    }
    for (owner, state) in [
        (w.sp1_id, "submitted"),
        (w.boss_id, "submitted"),
        (w.sp3_id, "submitted"),
        (w.sp2_id, "draft"),
    ] {
        diesel::insert_into(weekly_reports::table)
            .values((
                weekly_reports::owner_id.eq(owner),
                weekly_reports::week.eq(format!("2026-W{}", 48 - batch)),
                weekly_reports::state.eq(state),
                weekly_reports::submitted_at.eq((state == "submitted").then(|| ago(5))),
                weekly_reports::created_at.eq(ago(6)),
                weekly_reports::updated_at.eq(ago(5)),
            ))
            .execute(c)
            .unwrap();
    }
    // sp1's finalized score waits for sp1; the disputes wait for whoever did not finalize.
    for (user, month, state, finalized_by) in [
        (w.sp1_id, month(10), "finalized", w.boss_id),
        (w.sp2_id, month(10), "disputed", w.boss_id),
        (w.sp3_id, month(10), "disputed", w.south_id),
        (w.sp1_id, month(9), "acknowledged", w.boss_id),
    ] {
        diesel::insert_into(scores::table)
            .values((
                scores::user_id.eq(user),
                scores::month.eq(month),
                scores::role.eq("salesperson"),
                scores::state.eq(state),
                scores::rubric_version.eq(1),
                scores::daily_work.eq(800),
                scores::attendance.eq(100),
                scores::total.eq(900),
                scores::items_json.eq("[]"),
                scores::finalized_by.eq(Some(finalized_by)),
                scores::finalized_at.eq(Some(ago(72))),
                scores::created_by.eq(finalized_by),
                scores::created_at.eq(ago(100)),
                scores::updated_at.eq(ago(24)),
            ))
            .execute(c)
            .unwrap();
    }
    for (user, state) in [(w.sp2_id, "submitted"), (w.sp3_id, "approved")] {
        diesel::insert_into(leavings::table)
            .values((
                leavings::user_id.eq(user),
                leavings::leaving_on.eq("2026-12-31"),
                leavings::reason.eq("个人原因"),
                leavings::state.eq(state),
                leavings::property_json.eq("[]"),
                leavings::created_by.eq(user),
                leavings::created_at.eq(ago(8)),
                leavings::updated_at.eq(ago(8)),
            ))
            .execute(c)
            .unwrap();
    }
}

/// A client of the caller's (the `n`th: its own phone number), due on `due` (`YYYY-MM-DD`).
pub async fn due_client(app: &TestApp, token: &str, n: u32, due: &str) {
    let res = app
        .post(
            "/api/v1/clients",
            token,
            json!({"name": format!("客户{n}"), "phone": format!("1380013{n:04}")}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "client: {}", res.text);
    let mut conn = app.db.get().unwrap();
    diesel::update(clients::table.find(res.id()))
        .set(clients::next_due.eq(Some(due.to_owned())))
        .execute(&mut *conn)
        .unwrap();
}

//! The inbox over HTTP: for the managers, the salespeople, finance and HR, every count equals
//! the `total` of the queue it links to and what was seeded; another team's records never
//! count, nor one's own; a decision takes its record out.

use chrono::{Duration, NaiveDateTime, Utc};
use diesel::prelude::*;
use reqwest::StatusCode;
use salesops::db::Backend;
use salesops::db::schema::{
    advances, budget_supplements, clients, expense_claims, leavings, scores, weekly_reports,
};
use salesops_domain::Role;
use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::{PASSWORD, TestApp};

on_both_backends!(
    every_count_is_its_queue_total,
    a_decision_takes_the_record_out
);

/// Two teams — 华东 (boss, also a salesperson, over sp1 and sp2, under chief) and 华南 (south
/// over sp3) — and finance and HR.
struct World {
    chief: String,
    boss: String,
    boss_id: i64,
    south: String,
    south_id: i64,
    sp1: String,
    sp1_id: i64,
    sp2_id: i64,
    sp3: String,
    sp3_id: i64,
    finance: String,
    hr: String,
}

async fn world(app: &TestApp) -> World {
    let chief_id = app.seed_user("chief", &[Role::Manager], None);
    let head = app.seed_team("总部", Some(chief_id), None);
    let boss_id = app.seed_user("boss", &[Role::Manager, Role::Salesperson], None);
    let east = app.seed_team("华东", Some(boss_id), Some(head));
    let sp1_id = app.seed_user("sp1", &[Role::Salesperson], Some(east));
    let sp2_id = app.seed_user("sp2", &[Role::Salesperson], Some(east));
    let south_id = app.seed_user("south", &[Role::Manager], None);
    let south_team = app.seed_team("华南", Some(south_id), None);
    let sp3_id = app.seed_user("sp3", &[Role::Salesperson], Some(south_team));
    app.seed_user("fin", &[Role::Finance], None);
    app.seed_user("hr", &[Role::Hr], None);
    let token = |name: &'static str| async move { app.login(name, PASSWORD).await.token };
    World {
        chief: token("chief").await,
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
        hr: token("hr").await,
    }
}

/// A weekly plan, submitted; its id and version.
async fn submitted_plan(app: &TestApp, token: &str, week: &str) -> (i64, i64) {
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

fn ago(hours: i64) -> NaiveDateTime {
    salesops::clock::now() - Duration::hours(hours)
}

/// The records waiting, straight into the tables in the states the queues look for.
fn seed_records(app: &TestApp, w: &World, plan: i64) {
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
                weekly_reports::week.eq("2026-W48"),
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
        (w.sp1_id, "2026-10", "finalized", w.boss_id),
        (w.sp2_id, "2026-10", "disputed", w.boss_id),
        (w.sp3_id, "2026-10", "disputed", w.south_id),
        (w.sp1_id, "2026-09", "acknowledged", w.boss_id),
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
async fn due_client(app: &TestApp, token: &str, n: u32, due: &str) {
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

async fn inbox(app: &TestApp, token: &str) -> Value {
    let res = app.get("/api/v1/inbox", token).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    res.body
}

fn count_of(inbox: &Value, kind: &str) -> i64 {
    inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == kind)
        .map_or(0, |i| i["count"].as_i64().unwrap())
}

/// The inbox's count of `kind` equals the queue's `total` and what the test seeded.
async fn assert_count(app: &TestApp, token: &str, kind: &str, queue: &str, seeded: i64) {
    let box_ = inbox(app, token).await;
    let res = app.get(&format!("/api/v1{queue}"), token).await;
    assert_eq!(res.status, StatusCode::OK, "{queue}: {}", res.text);
    let total = res.body["total"].as_i64().unwrap();
    let count = count_of(&box_, kind);
    assert_eq!(count, total, "{kind} against {queue}: {box_}");
    assert_eq!(count, seeded, "{kind} as seeded: {box_}");
}

async fn every_count_is_its_queue_total(b: Backend) {
    let app = TestApp::spawn(b).await;
    let w = world(&app).await;
    let (plan, _) = submitted_plan(&app, &w.sp1, "2026-W48").await;
    submitted_plan(&app, &w.sp1, "2026-W49").await;
    submitted_plan(&app, &w.boss, "2026-W48").await;
    submitted_plan(&app, &w.sp3, "2026-W48").await;
    seed_records(&app, &w, plan);
    let today = Utc::now().with_timezone(&chrono_tz::Asia::Shanghai).date_naive();
    let day = |d: i64| (today + Duration::days(d)).format("%Y-%m-%d").to_string();
    due_client(&app, &w.sp1, 1, &day(0)).await;
    due_client(&app, &w.sp1, 2, &day(-3)).await;
    due_client(&app, &w.sp1, 3, &day(-1)).await;
    due_client(&app, &w.sp1, 4, &day(5)).await;
    due_client(&app, &w.sp3, 5, &day(-2)).await;

    let plans = "/plans?to_review=true&state=submitted";
    let reports = "/weekly-reports?to_review=true&state=submitted";
    let claims = "/expense-claims?to_approve=true";
    let supplements = "/budget-supplements?to_approve=true";
    let disputes = "/scores?to_resolve=true";
    let leavings = "/leavings?to_approve=true";
    // The boss: sp1's two plans, never his own (he is a salesperson too), nor 华南's.
    for (kind, queue, n) in [
        ("plans_to_approve", plans, 2),
        ("weekly_reports_to_review", reports, 1),
        ("claims_to_approve", claims, 2),
        ("advances_to_approve", "/advances?to_approve=true", 1),
        ("supplements_to_approve", supplements, 1),
        ("leavings_to_approve", leavings, 1),
        // He finalized sp2's disputed score, so it is not his to resolve.
        ("disputes_to_resolve", disputes, 0),
    ] {
        assert_count(&app, &w.boss, kind, queue, n).await;
    }
    // The chief manages 华东 through its parent team, the boss included.
    for (kind, queue, n) in [
        ("plans_to_approve", plans, 3),
        ("weekly_reports_to_review", reports, 2),
        ("advances_to_approve", "/advances?to_approve=true", 2),
        ("disputes_to_resolve", disputes, 1),
        ("leavings_to_approve", leavings, 1),
    ] {
        assert_count(&app, &w.chief, kind, queue, n).await;
    }
    for (kind, queue, n) in [
        ("plans_to_approve", plans, 1),
        ("claims_to_approve", claims, 1),
        ("supplements_to_approve", supplements, 1),
        ("leavings_to_approve", leavings, 0),
        ("disputes_to_resolve", disputes, 0),
    ] {
        assert_count(&app, &w.south, kind, queue, n).await;
    }
    // Finance: the manager-approved claims and advances, and what waits to be paid.
    for (kind, queue, n) in [
        ("claims_to_approve", claims, 2),
        ("claims_to_pay", "/expense-claims?state=finance_approved", 1),
        (
            "advances_to_approve",
            "/advances?to_approve=true&state=manager_approved",
            1,
        ),
        ("advances_to_pay", "/advances?state=finance_approved", 1),
    ] {
        assert_count(&app, &w.finance, kind, queue, n).await;
    }
    // HR resolves anyone's dispute, whoever finalized it.
    assert_count(&app, &w.hr, "disputes_to_resolve", disputes, 2).await;
    assert_count(&app, &w.hr, "leavings_to_close", "/leavings?state=approved", 1).await;
    // sp1: the finalized score, and the own clients due today and overdue.
    let mine = format!("/scores?user_id={}&state=finalized", w.sp1_id);
    assert_count(&app, &w.sp1, "scores_to_acknowledge", &mine, 1).await;
    let overdue = format!("/follow-ups/due?owner_id={}&date={}", w.sp1_id, day(-1));
    assert_count(&app, &w.sp1, "follow_ups_overdue", &overdue, 2).await;
    let sp1_box = inbox(&app, &w.sp1).await;
    let due = format!("/follow-ups/due?owner_id={}", w.sp1_id);
    let all_due = app.get(&format!("/api/v1{due}"), &w.sp1).await.body["total"]
        .as_i64()
        .unwrap();
    assert_eq!(all_due, 3);
    assert_eq!(
        count_of(&sp1_box, "follow_ups_due_today") + count_of(&sp1_box, "follow_ups_overdue"),
        all_due
    );
    assert_eq!(count_of(&sp1_box, "follow_ups_due_today"), 1);
    // A salesperson approves nothing, and finance and HR have no manager's queues.
    for kind in ["plans_to_approve", "claims_to_approve", "disputes_to_resolve"] {
        assert_eq!(count_of(&sp1_box, kind), 0, "{sp1_box}");
    }
    let hr_box = inbox(&app, &w.hr).await;
    let kinds: Vec<&str> = hr_box["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["disputes_to_resolve", "leavings_to_close"]);
    assert_eq!(hr_box["items"][0]["link"], "/hr/scores");
    // The lines come in the fixed order, each with its queue and its oldest waiting time.
    let boss_box = inbox(&app, &w.boss).await;
    let kinds: Vec<&str> = boss_box["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "leavings_to_approve",
            "claims_to_approve",
            "advances_to_approve",
            "supplements_to_approve",
            "plans_to_approve",
            "weekly_reports_to_review",
        ]
    );
    let claims_line = &boss_box["items"][1];
    assert_eq!(claims_line["link"], "/money/inbox");
    let oldest: chrono::DateTime<Utc> =
        serde_json::from_value(claims_line["oldest_at"].clone()).unwrap();
    let expected = ago(30).and_utc();
    assert!((oldest - expected).num_seconds().abs() < 120, "{oldest}");
    let fin_box = inbox(&app, &w.finance).await;
    assert_eq!(fin_box["items"][0]["kind"], "claims_to_pay");
    assert_eq!(fin_box["items"][0]["link"], "/finance/claims");
    // Nothing waits for a fresh account: an empty list.
    app.seed_user("newbie", &[Role::Salesperson], None);
    let newbie = app.login("newbie", PASSWORD).await.token;
    assert_eq!(inbox(&app, &newbie).await, json!({"items": []}));
    app.request(reqwest::Method::GET, "/api/v1/inbox", None, None)
        .await
        .assert_problem(401, "unauthenticated");
}

async fn a_decision_takes_the_record_out(b: Backend) {
    let app = TestApp::spawn(b).await;
    let w = world(&app).await;
    let (p1, v1) = submitted_plan(&app, &w.sp1, "2026-W48").await;
    let (p2, v2) = submitted_plan(&app, &w.sp1, "2026-W49").await;
    let plans = "/plans?to_review=true&state=submitted";
    assert_count(&app, &w.boss, "plans_to_approve", plans, 2).await;
    let res = app
        .post(
            &format!("/api/v1/plans/{p1}/approve"),
            &w.boss,
            json!({"version": v1}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_count(&app, &w.boss, "plans_to_approve", plans, 1).await;
    let res = app
        .post(
            &format!("/api/v1/plans/{p2}/reject"),
            &w.boss,
            json!({"version": v2, "comment": "目标太低"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_count(&app, &w.boss, "plans_to_approve", plans, 0).await;
    let boss_box = inbox(&app, &w.boss).await;
    assert!(
        boss_box["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["kind"] != "plans_to_approve"),
        "{boss_box}"
    );
}

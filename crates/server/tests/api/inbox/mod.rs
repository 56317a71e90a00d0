//! The inbox over HTTP: for the managers, the salespeople, finance and HR, every count equals
//! the `total` of the queue it links to and what was seeded; another team's records never
//! count, nor one's own; a decision takes its record out.

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use salesops::db::Backend;
use salesops_domain::Role;
use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::{PASSWORD, TestApp};

mod queues;
pub mod seed;
mod statements;

use queues::{assert_new_counts, seed_alerts, seed_queues};
use seed::{ago, due_client, seed_records, submitted_plan, world};
use statements::inbox_statements_do_not_grow_with_the_data;

on_both_backends!(
    every_count_is_its_queue_total,
    a_decision_takes_the_record_out,
    inbox_statements_do_not_grow_with_the_data
);

pub(super) async fn inbox(app: &TestApp, token: &str) -> Value {
    let res = app.get("/api/v1/inbox", token).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    res.body
}

pub(super) fn count_of(inbox: &Value, kind: &str) -> i64 {
    inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == kind)
        .map_or(0, |i| i["count"].as_i64().unwrap())
}

/// The inbox's count of `kind` equals the queue's `total` and what the test seeded.
pub(super) async fn assert_count(app: &TestApp, token: &str, kind: &str, queue: &str, seeded: i64) {
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
    seed_records(&app, &w, plan, 0);
    seed_queues(&app, &w, 0).await;
    seed_alerts(&app, &w);
    let today = Utc::now()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .date_naive();
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
    assert_count(
        &app,
        &w.hr,
        "leavings_to_close",
        "/leavings?state=approved",
        1,
    )
    .await;
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
    for kind in [
        "plans_to_approve",
        "claims_to_approve",
        "disputes_to_resolve",
    ] {
        assert_eq!(count_of(&sp1_box, kind), 0, "{sp1_box}");
    }
    let hr_box = inbox(&app, &w.hr).await;
    let kinds: Vec<&str> = hr_box["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["disputes_to_resolve", "leavings_to_close", "score_alerts"]
    );
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
            "open_complaints",
            "score_alerts",
            "spot_checks_due",
        ]
    );
    let claims_line = &boss_box["items"][1];
    assert_eq!(claims_line["link"], "/money/inbox");
    let oldest: chrono::DateTime<Utc> =
        serde_json::from_value(claims_line["oldest_at"].clone()).unwrap();
    let expected = ago(30).and_utc();
    assert!((oldest - expected).num_seconds().abs() < 120, "{oldest}");
    assert_new_counts(&app, &w).await;
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
